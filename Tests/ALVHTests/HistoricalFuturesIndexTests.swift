import Foundation
import Testing
@testable import ALVH

/// The short-term VIX futures index rebuilt from real settlements: a hand-computed roll on a small table, breaks, and
/// the shipped 2004-2023 settlements against the original VXX 2009-2017 (the thresholds).
@Suite("Historical VIX futures index")
struct HistoricalFuturesIndexTests {
    static let header = "trade_date,contract,expiry,settle,final_settlement_row,scaled_x10,suspect_settle\n"

    /// Jan (expiry Wed 2018-01-17), Feb (2018-02-14), Mar (2018-03-21) on four trade dates (01-15 a holiday); the Jan
    /// contract's final row on 01-17 is its SOQ.
    static let rows = [
        "2018-01-12,2018-01,2018-01-17,10.0,False,False,False", "2018-01-12,2018-02,2018-02-14,12.0,False,False,False",
        "2018-01-12,2018-03,2018-03-21,13.0,False,False,False",
        "2018-01-16,2018-01,2018-01-17,11.0,False,False,False", "2018-01-16,2018-02,2018-02-14,12.5,False,False,False",
        "2018-01-16,2018-03,2018-03-21,13.2,False,False,False",
        "2018-01-17,2018-01,2018-01-17,11.5,True,False,False", "2018-01-17,2018-02,2018-02-14,13.0,False,False,False",
        "2018-01-17,2018-03,2018-03-21,14.0,False,False,False",
        "2018-01-18,2018-02,2018-02-14,12.0,False,False,False", "2018-01-18,2018-03,2018-03-21,13.5,False,False,False",
    ]

    @Test("a roll across the Jan-2018 expiry, computed by hand: weights, levels, constant-maturity future, roll cost")
    func handComputedRoll() throws {
        let path = try DataLoaderTests.write(Self.header + Self.rows.joined(separator: "\n") + "\n", name: "vx.csv")
        let index = try HistoricalFuturesIndex(futures: try VIXFuturesSettlements(path: path))
        #expect(index.dates.map(\.description) == ["2018-01-12", "2018-01-16", "2018-01-17", "2018-01-18"])
        // Days to expiry on the futures calendar (trade dates, then weekdays after 01-18):
        // 01-12: Jan 2, Feb 22 -> w = 1/20; 01-16: Jan 1, Feb 21 -> w = 0;
        // 01-17: Feb 20, Mar 45 -> w = 19/25; 01-18: Feb 19, Mar 44 -> w = 18/25.
        let w = [1.0 / 20, 0, 19.0 / 25, 18.0 / 25]
        for k in 0..<4 { #expect(abs(index.frontWeights[k] - w[k]) < 1e-15, "weight \(k)") }
        // Basket held at each close valued at that close and the next.
        let i1 = (0.05 * 11 + 0.95 * 12.5) / (0.05 * 10 + 0.95 * 12)
        let i2 = i1 * 13.0 / 12.5                        // held: all Feb (w = 0); Jan settles on 01-17 unheld
        let i3 = i2 * (0.76 * 12 + 0.24 * 13.5) / (0.76 * 13 + 0.24 * 14)
        let expected = [1, i1, i2, i3]
        for k in 0..<4 { #expect(abs(index.levels[k] - expected[k]) < 1e-14, "level \(k): \(index.levels[k]) vs \(expected[k])") }
        let c = [0.05 * 10 + 0.95 * 12, 12.5, 0.76 * 13 + 0.24 * 14, 0.72 * 12 + 0.28 * 13.5]
        for k in 0..<4 { #expect(abs(index.constantMaturity[k] - c[k]) < 1e-13, "C \(k)") }
        // Roll cost: ln(C_end / C_start) - ln(I_end / I_start), per 252 days over 3 days, in percent.
        let roll = 100 * 252 / 3 * (log(c[3] / c[0]) - log(i3))
        #expect(abs(try #require(index.annualRollCostPercent()) - roll) < 1e-10)
        #expect(index.breaks.isEmpty)
    }

    @Test("a contract missing on one date breaks the chain: no change that day, listed, intervals across it left out")
    func breaks() throws {
        let gap = Self.rows.filter { !$0.hasPrefix("2018-01-16,2018-02") }   // 01-16: Jan and Mar only
        let path = try DataLoaderTests.write(Self.header + gap.joined(separator: "\n") + "\n", name: "vx.csv")
        let index = try HistoricalFuturesIndex(futures: try VIXFuturesSettlements(path: path))
        #expect(index.breaks.map(\.description) == ["2018-01-16", "2018-01-17"])
        #expect(index.logChanges[1] == nil && index.logChanges[2] == nil && index.logChanges[3] != nil)
        #expect(index.logChange(from: 0, to: 3) == nil && index.logChange(from: 2, to: 3) != nil)
        let empty = try DataLoaderTests.write(Self.header + Self.rows[0] + "\n", name: "vx.csv")
        #expect(DataLoaderTests.error { _ = try HistoricalFuturesIndex(futures: try VIXFuturesSettlements(path: empty)) }?
            .description.contains("fewer than 2 futures trade dates with two listed contracts in \(empty)") == true)
    }

    @Test("rebuilt index vs the original VXX 2009-2017: 5-day log-return correlation > 0.98, mean monthly return within 0.3 points")
    func againstVXX() throws {
        let futures = try VIXFuturesSettlements(path: DataLoaderTests.file("vix_futures/vx_futures_settlements_long.csv"))
        let index = try HistoricalFuturesIndex(futures: futures)
        let vxx = try DailyCloses(path: DataLoaderTests.file("etn/VXX_iPath_original_yahoo_2009-2017.csv"), closeColumn: "Adj Close")
        let cmp = try FuturesIndexETNComparison(index: index, etn: vxx)
        #expect(cmp.first == DataLoaderTests.d("2009-01-30") && cmp.last == DataLoaderTests.d("2017-01-06"))
        #expect(cmp.fiveDayCorrelation > 0.98, "5-day correlation \(cmp.fiveDayCorrelation)")
        #expect(abs(cmp.indexMeanMonthlyReturnPercent - cmp.etnMeanMonthlyReturnPercent) < 0.3,
                "monthly means \(cmp.indexMeanMonthlyReturnPercent) vs \(cmp.etnMeanMonthlyReturnPercent)")
        #expect(cmp.months >= 90 && cmp.fiveDayReturns >= 390 && cmp.dailyReturns >= 1950)
        // Daily returns correlate less (4:15 pm settles vs the 4:00 pm close), but clearly.
        #expect(cmp.dailyCorrelation > 0.9 && cmp.dailyCorrelation < cmp.fiveDayCorrelation)
        // VXX is the index plus T-bill interest less 0.89 % a year: a log-return gap of a few percent a year at most.
        #expect(abs(cmp.meanDifferencePercentPerYear) < 5, "\(cmp.meanDifferencePercentPerYear)")
        // Contango: the roll costs on average (the index lost most of its value while the curve did not).
        #expect(cmp.annualRollCostPercent > 0)
        #expect(cmp.breaks.isEmpty)
    }

    @Test("roll cost over 2007-2023 equals ln(C_end / C_start) - ln(I_end / I_start) on the chained days")
    func rollCostIdentity() throws {
        let futures = try VIXFuturesSettlements(path: DataLoaderTests.file("vix_futures/vx_futures_settlements_long.csv"))
        let index = try HistoricalFuturesIndex(futures: futures, from: DataLoaderTests.d("2007-01-02"))
        #expect(index.breaks.isEmpty, "\(index.breaks)")
        let n = Double(index.dates.count - 1)
        let identity = 100 * 252 / n * (log(index.constantMaturity.last! / index.constantMaturity[0]) - log(index.levels.last!))
        #expect(abs(try #require(index.annualRollCostPercent()) - identity) < 1e-8)
    }
}
