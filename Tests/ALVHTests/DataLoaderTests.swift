import Foundation
import Testing
@testable import ALVH

/// The data loaders on the shipped files (their documented quirks, spot values from data/README.md), on broken files
/// written to a temporary folder, and the history panel against `scripts/history_facts.py`.
@Suite("Data loaders")
struct DataLoaderTests {
    static let data = ConfigTests.root.appendingPathComponent("data").path
    static func file(_ relative: String) -> String { data + "/" + relative }

    /// A date from a literal in this file (a typo there is the test's bug).
    static func d(_ text: String) -> TradingDate {
        guard let d = TradingDate(text) else { preconditionFailure("bad date literal \(text)") }
        return d
    }

    /// The shipped history, loaded once.
    static let market: HistoricalMarket? = try? HistoricalMarket(files: HistoricalDataFiles(directory: data))

    @Test("TradingDate: ISO, US and compact forms; impossible days refused; weekday and weekdays between")
    func tradingDate() throws {
        let iso = Self.d("2018-02-05"), us = Self.d("02/05/2018"), compact = Self.d("20180205")
        #expect(iso == us && us == compact && iso.description == "2018-02-05")
        #expect(iso.weekday == 1)                                   // a Monday
        #expect(Self.d("1970-01-01").dayNumber == 0 && Self.d("2000-03-01").dayNumber == 11017)
        for bad in ["2021-02-29", "13/01/2020", "2020-1-01", "2020-01-32", "abc", "", "2020/01/01", "1700-01-01"] {
            #expect(TradingDate(bad) == nil, "\(bad)")
        }
        #expect(TradingDate("2020-02-29") != nil && TradingDate("1900-02-29") == nil)
        #expect(Self.d("2020-01-02") < Self.d("2020-01-10"))
        // Friday 2023-06-16 -> Wednesday 2023-06-21: Mon, Tue, Wed.
        #expect(Self.d("2023-06-16").weekdays(through: Self.d("2023-06-21")) == 3)
        #expect(Self.d("2023-06-21").weekdays(through: Self.d("2023-06-16")) == 0)
    }

    @Test("VIX (Cboe layout): 9,234 rows, spot closes, the lowest close 9.14 on 2017-11-03")
    func vixFile() throws {
        let vix = try DailyCloses(path: Self.file("vix/VIX_History.csv"))
        #expect(vix.dates.count == 9234 && vix.skipped.isEmpty)
        #expect(vix.close(on: Self.d("2008-11-20")) == 80.86)
        #expect(vix.close(on: Self.d("2020-03-16")) == 82.69)
        #expect(vix.close(on: Self.d("2018-02-05")) == 37.32)
        #expect(vix.closes.min() == 9.14 && vix.close(on: Self.d("2017-11-03")) == 9.14)
        #expect(vix.close(on: Self.d("1997-01-31")) == nil)  // one of the four missing days
    }

    @Test("SPX (Yahoo data in Cboe layout, float noise), VIX3M, VXV (Yahoo layout, ISO dates), VXX Adj Close")
    func otherIndexFiles() throws {
        let spx = try DailyCloses(path: Self.file("spx/SPX_History_yahoo_GSPC.csv"))
        #expect(spx.dates.count == 24744 && spx.dates.first == Self.d("1927-12-30"))
        #expect(abs(try #require(spx.close(on: Self.d("2020-03-23"))) - 2237.40) < 1e-4)   // the file: 2237.39990234375 (float32 noise)
        #expect(abs(try #require(spx.close(on: Self.d("2008-10-09"))) - 909.92) < 1e-4)
        #expect(abs(try #require(spx.close(on: Self.d("1927-12-30"))) - 17.65999984741211) < 1e-12)
        let vix3m = try DailyCloses(path: Self.file("vix/VIX3M_History.csv"))
        #expect(vix3m.dates.first == Self.d("2009-09-18") && vix3m.closes.first == 26.54)
        let vxv = try DailyCloses(path: Self.file("vix/VXV_yahoo_2006-2017.csv"))
        #expect(vxv.dates.count == 2640 && vxv.dates.first == Self.d("2006-07-17") && vxv.closes.last == 14.56)
        let vxx = try DailyCloses(path: Self.file("etn/VXX_iPath_original_yahoo_2009-2017.csv"), closeColumn: "Adj Close")
        #expect(vxx.closes.first == 26772.48 && vxx.dates.count == 1999)
    }

    @Test("VIX futures: settle-0 placeholders and suspect rows skipped with their lines; 10x prices already divided; Feb-2018 on 2018-02-05")
    func futuresFile() throws {
        let f = try VIXFuturesSettlements(path: Self.file("vix_futures/vx_futures_settlements_long.csv"))
        #expect(f.rows.count == 40292 - 344 - 3)
        #expect(f.skipped.map(\.count) == [344, 3])
        #expect(f.skipped[1].firstLines == [6379, 6380, 7720] && f.skipped[1].reason == "suspect_settle")
        #expect(f.rows.allSatisfy { $0.settle > 0 && $0.settle < 100 })   // VIX points, not 10x
        let first = try #require(f.rows.first)
        #expect(first.wasScaledFrom10x && first.settle == 20.32 && first.tradeDate == Self.d("2004-03-26"))
        #expect(!f.rows.contains { $0.wasScaledFrom10x && $0.tradeDate >= Self.d("2007-03-26") })
        // Final settlement rows: the SOQ on the expiry date itself.
        let finals = f.rows.filter(\.isFinalSettlement)
        #expect(!finals.isEmpty && finals.allSatisfy { $0.tradeDate == $0.expiry })
        let day = Self.d("2018-02-05")
        let listed = f.listed(on: day)
        #expect(listed.first?.settle == 33.225 && listed.first?.expiry == Self.d("2018-02-14") && listed.count == 9)
        let curve = f.frontAndSecond(from: day, to: Self.d("2018-02-14"), vix: nil)
        #expect(curve.first?.day.front == 33.225 && curve.first?.day.second == 27.975)
        // 2018-02-05 .. 2018-02-14: seven trade dates after the 5th up to the expiry (the 6th-9th, 12th-14th).
        #expect(curve.first?.day.frontDaysToExpiry == 7)
        // On the expiry date the Feb contract is no longer the front; the day before it has 1 day left.
        #expect(curve.first { $0.date == Self.d("2018-02-13") }?.day.frontDaysToExpiry == 1)
        #expect(curve.last?.date == Self.d("2018-02-14") && curve.last?.front.expiry == Self.d("2018-03-21"))
        // Beyond the last trade date (Friday 2023-06-16) days are weekdays: the 2023-06-21 contract has 3 left.
        #expect(f.tradingDaysToExpiry(from: Self.d("2023-06-16"), to: Self.d("2023-06-21")) == 3)
    }

    @Test("SPX option chain of 2020-12-01 (strike / 1000, C/P) and its zero curve (percent -> fraction)")
    func optionChain() throws {
        let chain = try SPXOptionChain(path: Self.file("options/SPX_options_20201201_optionmetrics_style.csv"))
        #expect(chain.quotes.count == 2072 && chain.expiries.count == 3)
        let q = try #require(chain.quotes.first)
        #expect(q.strike == 100 && q.kind == .call && q.bid == 3547.6 && q.offer == 3570.5 && q.exerciseStyle == "E")
        // Put-call parity at 3650, first expiry: C - P + K e^{-rT} ~ forward e^{-rT}, about 3660 (data/README.md).
        let dec = Self.d("2020-12-18")
        let c = try #require(chain.quotes.first { $0.expiry == dec && $0.kind == .call && $0.strike == 3650 })
        let p = try #require(chain.quotes.first { $0.expiry == dec && $0.kind == .put && $0.strike == 3650 })
        #expect(abs(c.mid - p.mid + 3650 - 3660) < 10, "parity forward \(c.mid - p.mid + 3650)")
        let zero = try ZeroCurve(path: Self.file("options/zero_rates_20201201.csv"))
        #expect(zero.date == Self.d("2020-12-01") && zero.days.first == 7 && zero.rates.first == 0.0010228)
        #expect(abs(zero.rate(calendarDays: 10) - (0.0010228 + 0.5 * (0.00114128 - 0.0010228))) < 1e-15)
        #expect(zero.rate(calendarDays: 1) == 0.0010228)
    }

    @Test("the panel on SPX's calendar, as scripts/history_facts.py aligns it: holiday prints dropped and counted, 4 missing VIX days")
    func panelAlignment() throws {
        let market = try #require(Self.market)
        let w = try market.window(from: Self.d("1990-01-02"), to: Self.d("2026-07-22"))
        // The script: VIX rows 9234, SPX rows 9194, panel 9190 (1990-01-02 .. 2026-07-07), VIX without SPX 44 (33 NYSE
        // holidays, 11 after the last SPX row), SPX without VIX 4.
        #expect(w.dates.count == 9194 && w.panelDays == 9190)
        #expect(w.dates.first == Self.d("1990-01-02") && w.dates.last == Self.d("2026-07-07"))
        let gap = { (series: String, reason: String) in w.gaps.first { $0.series == series && $0.reason.hasPrefix(reason) } }
        let holidays = try #require(gap("VIX", "dropped: no SPX close"))
        #expect(holidays.count == 33 && holidays.firstDates.first == Self.d("2004-06-11"))
        #expect(gap("VIX", "dropped: after the last SPX close")?.count == 11)
        let missing = try #require(gap("SPX", "without a VIX close"))
        #expect(missing.firstDates.map(\.description) == ["1991-03-01", "1997-01-31", "1997-11-26", "1999-12-31"])
        #expect(gap("VIX futures", "without a VIX close")?.firstDates.map(\.description) == ["2015-04-03", "2018-12-05"])
        #expect(w.skipped.map(\.count) == [344, 3])
        // The missing days stay empty on the SPX calendar; nothing is interpolated.
        let i = try #require(w.dates.firstIndex(of: Self.d("1997-01-31")))
        #expect(w.series.vix[i] == nil && w.series.vix[i - 1] != nil && w.series.spx[i] > 0)
        // Futures: 4842 trade dates (2004-03-26 .. 2023-06-16), the second not the next month on 146 of them.
        #expect(w.curve.count == 4842 && w.curve.filter { !$0.isConsecutiveMonths }.count == 146)
        #expect(w.series.vix3m.compactMap { $0 }.count == 4224 + 0)   // VIX3M on panel days (the script's 4224 days)
    }

    @Test("history figures against scripts/history_facts.py (printed precision): median, corr, backwardation, VIX3M")
    func factsAgainstScript() throws {
        let facts = try #require(Self.market).window().stylisedFacts()
        let printed = { (x: Double?, d: Int, scale: Double) in x.map { String(format: "%.\(d)f", scale * $0) } ?? "n/a" }
        #expect(printed(facts[.vixPercentile(50)].value, 2, 1) == "17.62")
        #expect(printed(facts[.spxVIXCorrelation].value, 4, 1) == "-0.7144")
        #expect(printed(facts[.backwardationShare].value, 2, 100) == "15.94")
        #expect(printed(facts[.frontOverVIX].value, 2, 100) == "4.61")
        #expect(printed(facts[.vix3mOverVIX].value, 4, 1) == "1.1249")
        #expect(printed(facts[.halfLife(logarithm: false)].value, 1, 1) == "29.6")
        // A window: 2014-2018 has 1258 panel days in the script.
        #expect(try #require(Self.market).window(from: Self.d("2014-01-01"), to: Self.d("2018-12-31")).panelDays == 1258)
    }

    @Test("windows the data cannot serve: --to before --from, no common days")
    func badWindows() throws {
        let market = try #require(Self.market)
        #expect(throws: DataError.self) { try market.window(from: Self.d("2020-01-02"), to: Self.d("2019-01-02")) }
        do {
            _ = try market.window(from: Self.d("1950-01-03"), to: Self.d("1960-01-04"))
            Issue.record("a window before the VIX accepted")
        } catch let e as DataError {
            #expect(e.description.contains("fewer than 3 days with both an SPX and a VIX close"), "\(e)")
        }
    }

    // MARK: broken files

    /// Writes `text` to a file in a fresh temporary folder; returns its path.
    static func write(_ text: String, name: String = "VIX_History.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alvh-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func error(_ load: () throws -> Void) -> DataError? {
        do { try load(); return nil } catch let e as DataError { return e } catch { return nil }
    }

    static let header = "DATE,OPEN,HIGH,LOW,CLOSE\n"
    static let good = ["01/02/1990,17.24,17.24,17.24,17.24", "01/03/1990,18.19,18.19,18.19,18.19", "01/04/1990,19.22,19.22,19.22,19.22"]

    @Test("broken index files: each error names the file, the line and the column")
    func brokenIndexFiles() throws {
        let cases: [(rows: [String], expected: (String) -> DataError, text: String)] = [
            (["01/02/1990,17.24,17.24,17.24,17.24", "01/03/1990,18.19,18.1"],
             { .wrongFieldCount(file: $0, line: 3, found: 3, expected: 5) }, "line 3: 3 fields, expected 5"),
            (["01/02/1990,17.24,17.24,17.24,17.24", "01/03/1990,18.19,18.19,18.19,abc"],
             { .notANumber(file: $0, line: 3, column: "CLOSE", text: "abc") }, "line 3, column CLOSE: 'abc' is not a number."),
            ([Self.good[0], Self.good[2], Self.good[1]],
             { .unsortedDates(file: $0, line: 4, column: "DATE", date: TradingDate(year: 1990, month: 1, day: 3)!,
                              previous: TradingDate(year: 1990, month: 1, day: 4)!) }, "line 4, column DATE: 1990-01-03 comes after 1990-01-04"),
            ([Self.good[0], Self.good[1], Self.good[1]],
             { .duplicateDate(file: $0, line: 4, column: "DATE", date: TradingDate(year: 1990, month: 1, day: 3)!, firstLine: 3) },
             "line 4, column DATE: 1990-01-03 already appears on line 3."),
            ([Self.good[0], "13/45/1990,1,1,1,1"],
             { .notADate(file: $0, line: 3, column: "DATE", text: "13/45/1990") }, "line 3, column DATE: '13/45/1990' is not a date"),
            ([Self.good[0], "01/03/1990,1,1,1,-2"],
             { .outOfRange(file: $0, line: 3, column: "CLOSE", value: -2, allowed: "a price above 0") }, "line 3, column CLOSE: -2.0 is out of range"),
            ([Self.good[0], "01/03/1990,1,1,1,nan"],
             { .notANumber(file: $0, line: 3, column: "CLOSE", text: "nan") }, "'nan' is not a number"),
        ]
        for c in cases {
            let path = try Self.write(Self.header + c.rows.joined(separator: "\n") + "\n")
            let e = Self.error { _ = try DailyCloses(path: path) }
            #expect(e == c.expected(path), "\(String(describing: e))")
            #expect(e?.description.hasPrefix(path) == true && e?.description.contains(c.text) == true, "\(String(describing: e?.description))")
        }
        // Missing column, empty file, header only, folder, missing file.
        let noClose = try Self.write("DATE,OPEN\n01/02/1990,17\n")
        #expect(Self.error { _ = try DailyCloses(path: noClose) } == .missingColumn(file: noClose, column: "CLOSE", header: "DATE,OPEN"))
        let empty = try Self.write("")
        #expect(Self.error { _ = try DailyCloses(path: empty) } == .empty(file: empty))
        let headerOnly = try Self.write(Self.header)
        #expect(Self.error { _ = try DailyCloses(path: headerOnly) } == .noRows(file: headerOnly))
        let folder = URL(fileURLWithPath: empty).deletingLastPathComponent().path
        #expect(Self.error { _ = try DailyCloses(path: folder) } == .notAFile(file: folder))
        let missing = Self.error { _ = try DailyCloses(path: "no/such/VIX.csv") }
        #expect(missing?.description.hasPrefix("no/such/VIX.csv: no such file (looked in /") == true, "\(String(describing: missing))")
        // Blank lines and CRLF line ends are read; blank lines are counted.
        let crlf = try Self.write(Self.header.replacingOccurrences(of: "\n", with: "\r\n") + Self.good[0] + "\r\n\r\n" + Self.good[1] + "\r\n")
        let loaded = try DailyCloses(path: crlf)
        #expect(loaded.closes == [17.24, 18.19] && loaded.skipped.first?.count == 1 && loaded.skipped.first?.firstLines == [3])
        // A UTF-8 byte order mark before the header is ignored.
        let bom = try Self.write("\u{FEFF}" + Self.header + Self.good[0] + "\n")
        #expect(try DailyCloses(path: bom).closes == [17.24])
    }

    @Test("broken futures tables: duplicate contract on a date, unsorted trade dates, expiry outside its month, negative settle, bad flag")
    func brokenFuturesFiles() throws {
        let header = "trade_date,contract,expiry,settle,final_settlement_row,scaled_x10,suspect_settle\n"
        let a = "2018-02-05,2018-02,2018-02-14,33.225,False,False,False", b = "2018-02-05,2018-03,2018-03-21,27.975,False,False,False"
        let c = "2018-02-06,2018-02,2018-02-14,30.0,False,False,False"
        let cases: [(rows: [String], text: String)] = [
            ([a, b, a], "line 4, column trade_date: 2018-02-05 already appears on line 2."),
            ([c, a], "line 3, column trade_date: 2018-02-05 comes after 2018-02-06"),
            ([a, "2018-02-05,2018-03,2018-04-18,27.975,False,False,False"], "line 3, column expiry: expiry 2018-04-18 is not in the contract month 2018-03."),
            ([a, "2018-02-05,2018-03,2018-03-21,-1,False,False,False"], "line 3, column settle: -1.0 is out of range"),
            ([a, "2018-02-05,2018-03,2018-03-21,27.975,False,False,maybe"], "line 3, column suspect_settle: 'maybe' is not True or False."),
            ([a, "2018-02-05,2018-03,2018-03-21"], "line 3: 3 fields, expected 7"),
        ]
        for k in cases {
            let path = try Self.write(header + k.rows.joined(separator: "\n") + "\n", name: "vx.csv")
            let e = Self.error { _ = try VIXFuturesSettlements(path: path) }
            #expect(e?.description == path + " " + k.text || e?.description.hasPrefix(path + " " + k.text) == true,
                    "\(String(describing: e?.description)) vs \(k.text)")
        }
        let noSettle = try Self.write("trade_date,contract,expiry\n2018-02-05,2018-02,2018-02-14\n", name: "vx.csv")
        #expect(Self.error { _ = try VIXFuturesSettlements(path: noSettle) }?.description.contains("no column settle") == true)
    }

    @Test("the data directory: an explicit folder that is not there is an error naming where it looked")
    func dataDirectory() throws {
        #expect(try HistoricalDataFiles.locateDirectory(explicit: Self.data) == Self.data)
        do {
            _ = try HistoricalDataFiles.locateDirectory(explicit: "/no/such/data")
            Issue.record("a missing data directory accepted")
        } catch {
            #expect(error.description == "no data directory (looked at /no/such/data); run from the repository root or pass --data-dir DIR.")
        }
        // Found from the executable's location when the working directory has none.
        let found = try HistoricalDataFiles.locateDirectory(explicit: nil, executable: ConfigTests.root.path + "/.build/release/alvh",
                                                            environment: [:])
        #expect(FileManager.default.fileExists(atPath: found + "/" + HistoricalDataFiles.vixPath))
    }
}
