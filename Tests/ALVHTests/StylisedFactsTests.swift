import Foundation
import Testing
@testable import ALVH

/// Each statistic of `StylisedFacts` against values computed by hand on short constructed series, and all of them
/// against `scripts/history_facts.py` on the real 1990-2026 history.
@Suite("Stylised facts")
struct StylisedFactsTests {
    /// A series on one calendar with every VIX close present.
    static func series(vix: [Double], spx: [Double]? = nil, vix3m: [Double?] = [], futures: [VIXFuturesCurveDay] = []) throws -> DailyMarketSeries {
        try DailyMarketSeries(spx: spx ?? Array(repeating: 100, count: vix.count), vix: vix, vix3m: vix3m, futures: futures)
    }

    /// Whether a figure exists and lies within `tolerance` of `expected`.
    static func near(_ x: Double?, _ expected: Double, _ tolerance: Double) -> Bool {
        x.map { abs($0 - expected) < tolerance } ?? false
    }

    /// Closes `start x e^{x_1 + ... + x_t}` for log changes `x`.
    static func closes(start: Double, logChanges x: [Double]) -> [Double] {
        var out = [start]
        for change in x { out.append(out.last! * exp(change)) }
        return out
    }

    @Test("VIX percentiles (linear interpolation) and shares above 30 and 40 (strict)")
    func levels() throws {
        let facts = StylisedFacts(series: [try Self.series(vix: [30, 10, 50, 20, 40])], standardErrors: .acrossSeries)
        // h = 4 p: p5 -> 10 + 0.2 x 10, p25 -> 20, p50 -> 30, p75 -> 40, p95 -> 40 + 0.8 x 10, p99 -> 40 + 0.96 x 10.
        let expected: [Double: Double] = [5: 12, 25: 20, 50: 30, 75: 40, 95: 48, 99: 49.6]
        for (p, value) in expected {
            #expect(Self.near(facts[.vixPercentile(p)].value, value, 1e-12), "p\(p)")
            #expect(facts[.vixPercentile(p)].observations == 5)
        }
        #expect(facts[.vixShareAbove(30)].value == 0.4)   // 40 and 50; 30 itself is not above
        #expect(facts[.vixShareAbove(40)].value == 0.2)
    }

    @Test("sd of d ln VIX by the previous close's band (30 in the 20-30 band), and the ratio > 30 / < 16")
    func bandVolatilities() throws {
        // Four series, so no pair straddles two of them; the log changes are chosen, the closes follow.
        let below12 = Self.closes(start: 10, logChanges: [0.1, -0.1, 0.3])              // previous 10, 11.05, 10
        let from12 = Self.closes(start: 13, logChanges: [0.1, -0.2])                     // previous 13, 14.37
        let from16 = Self.closes(start: 17, logChanges: [0.05, -0.05])                   // previous 17, 17.87
        let high = Self.closes(start: 25, logChanges: [log(1.2), 0.2, -0.1, -0.3])       // previous 25, 30, 36.6, 33.2
        let facts = StylisedFacts(series: try [below12, from12, from16, high].map { try Self.series(vix: $0) },
                                  standardErrors: .acrossSeries)
        // By hand: {0.1, -0.1, 0.3}: mean 0.1, squares 0 + 0.04 + 0.04 -> sd sqrt(0.08 / 2) = 0.2.
        // {0.1, -0.2}: sd sqrt(2 x 0.15^2) = sqrt(0.045). {0.05, -0.05}: sqrt(0.005).
        // {ln 1.2, 0.2} (previous 25 and exactly 30): |ln 1.2 - 0.2| / sqrt 2. {-0.1, -0.3}: sqrt(0.02).
        // Below 16 pooled {0.1, -0.1, 0.3, 0.1, -0.2}: mean 0.04, squares sum 0.152 -> sd sqrt(0.038).
        let expected: [(VIXBand, Double, Int)] = [(.below12, 0.2, 3), (.from12To16, 0.045.squareRoot(), 2),
                                                  (.from16To20, 0.005.squareRoot(), 2),
                                                  (.from20To30, abs(log(1.2) - 0.2) / 2.0.squareRoot(), 2),
                                                  (.above30, 0.02.squareRoot(), 2)]
        for (band, sd, n) in expected {
            let e = facts[.vixChangeVolatility(band)]
            #expect(Self.near(e.value, sd, 1e-12), "band \(band): \(String(describing: e.value)) vs \(sd)")
            #expect(e.observations == n)
        }
        #expect(Self.near(facts[.vixChangeVolatilityRatio].value, (0.02 / 0.038).squareRoot(), 1e-12))
    }

    @Test("AR(1) half-life on an exact AR(1): ln 0.5 / ln 0.9 days")
    func halfLife() throws {
        // VIX_t = 20 + 20 x 0.9^t: VIX_{t+1} = 2 + 0.9 VIX_t exactly, so OLS gives phi = 0.9.
        let vix = (0..<60).map { 20 + 20 * pow(0.9, Double($0)) }
        let facts = StylisedFacts(series: [try Self.series(vix: vix)], standardErrors: .acrossSeries)
        let e = facts[.halfLife(logarithm: false)]
        #expect(Self.near(e.value, log(0.5) / log(0.9), 1e-8), "half-life \(String(describing: e.value))")
        #expect(e.observations == 59)
        // ln VIX of this series is no AR(1) but decays towards ln 20 more slowly at first; a half-life exists.
        #expect((facts[.halfLife(logarithm: true)].value ?? 0) > 0)
        // No mean reversion (a random-walk-like rising series, phi > 1): no half-life.
        let rising = StylisedFacts(series: [try Self.series(vix: (0..<10).map { 10 * pow(1.1, Double($0)) })],
                                   standardErrors: .acrossSeries)
        #expect(rising[.halfLife(logarithm: false)].value == nil)
    }

    @Test("corr(SPX log return, d ln VIX) by hand: -0.0023 / sqrt(0.0014 x 0.0042)")
    func correlation() throws {
        let r = [0.01, 0.02, -0.03, 0.0], x = [0.0, -0.04, 0.05, -0.01]   // both mean 0
        let s = try Self.series(vix: Self.closes(start: 20, logChanges: x), spx: Self.closes(start: 4000, logChanges: r))
        let facts = StylisedFacts(series: [s], standardErrors: .acrossSeries)
        // sum r x = -0.0008 - 0.0015 = -0.0023, sum r^2 = 0.0014, sum x^2 = 0.0042.
        #expect(Self.near(facts[.spxVIXCorrelation].value, -0.0023 / (0.0014 * 0.0042).squareRoot(), 1e-12))
        #expect(facts[.spxVIXCorrelation].observations == 4)
    }

    @Test("a missing VIX close: the change spans the gap, windows start only on panel days but count SPX days")
    func missingVIXDay() throws {
        let s = try DailyMarketSeries(spx: [100, 101, 102, 90], vix: [20, nil, 22, 25])
        let facts = StylisedFacts(series: [s], standardErrors: .acrossSeries)
        #expect(facts.panelDays == 3)
        #expect(facts[.vixChangeVolatility(.from20To30)].observations == 2)   // 20 -> 22 across the gap, 22 -> 25
        #expect(facts[.spxVIXCorrelation].observations == 2)
        // Pairs: r = ln(102/100), ln(90/102); x = ln(22/20), ln(25/22): two pairs, opposite moves -> corr -1.
        #expect(Self.near(facts[.spxVIXCorrelation].value, -1, 1e-12))
        // One-day windows from panel days 0 and 2 only (day 1 has no VIX): 101/100 - 1 and 90/102 - 1.
        let q = facts[.spxReturnQuantile(horizon: 1, level: 0.05, calmStart: false)]
        #expect(q.observations == 2)
        let low = 90.0 / 102 - 1, up = 0.01
        #expect(Self.near(q.value, (low + 0.05 * (up - low)), 1e-12))
    }

    @Test("SPX 63-day return quantiles and ES99, all starts and calm starts (VIX 11-15 inclusive)")
    func forwardReturns() throws {
        // 66 SPX days: windows start on days 0, 1, 2; day 0 VIX 15 (calm, inclusive), day 1 VIX 20, day 2 VIX 11.
        var spx = [Double](repeating: 100, count: 66)
        spx[63] = 90; spx[64] = 80; spx[65] = 110
        var vix = [Double](repeating: 20, count: 66)
        vix[0] = 15; vix[2] = 11
        let facts = StylisedFacts(series: [try Self.series(vix: vix, spx: spx)], standardErrors: .acrossSeries)
        // All: {-0.1, -0.2, 0.1} sorted {-0.2, -0.1, 0.1}; q1 h = 0.02 -> -0.2 + 0.02 x 0.1; q5 h = 0.1 -> -0.19.
        // ES99: k = ceil(3 / 100) = 1 -> loss 0.2. Calm: {-0.1, 0.1}: q1 -0.1 + 0.01 x 0.2, q5 -0.09, ES 0.1.
        let expected: [(StylisedFact, Double)] = [
            (.spxReturnQuantile(horizon: 63, level: 0.01, calmStart: false), -0.198),
            (.spxReturnQuantile(horizon: 63, level: 0.05, calmStart: false), -0.19),
            (.spxExpectedShortfall(horizon: 63, calmStart: false), 0.2),
            (.spxReturnQuantile(horizon: 63, level: 0.01, calmStart: true), -0.098),
            (.spxReturnQuantile(horizon: 63, level: 0.05, calmStart: true), -0.09),
            (.spxExpectedShortfall(horizon: 63, calmStart: true), 0.1),
        ]
        for (fact, value) in expected { #expect(Self.near(facts[fact].value, value, 1e-12), "\(fact.key): \(String(describing: facts[fact].value))") }
        #expect(facts[.spxExpectedShortfall(horizon: 63, calmStart: false)].observations == 3)
        #expect(facts[.spxReturnQuantile(horizon: 21, level: 0.01, calmStart: false)].observations == 45)
        // ES99 averages the worst ceil(n / 100): 101 windows -> the 2 worst.
        #expect(StylisedFacts.expectedShortfall99(sorted: [-0.3, -0.1] + Array(repeating: 0, count: 99)) == 0.2)
    }

    /// A futures day from its two settles and the front's days to expiry on a 3-day cycle.
    static func future(_ front: Double, _ second: Double, days: Int, cycle: Int = 3, vix: Double? = nil) -> VIXFuturesCurveDay {
        VIXFuturesCurveDay(front: front, second: second, frontDaysToExpiry: days, secondDaysToExpiry: days + cycle, vix: vix)
    }

    @Test("futures: backwardation share (strict), mean second / front - 1, mean front / VIX - 1 on days with a VIX")
    func futuresCurve() throws {
        let days = [Self.future(20, 21, days: 3, vix: 16), Self.future(22, 21, days: 2), Self.future(15, 16.5, days: 1, vix: 20),
                    Self.future(18, 18, days: 3)]
        let s = try DailyMarketSeries(spx: [100], vix: [20], futures: days)
        let facts = StylisedFacts(series: [s], standardErrors: .acrossSeries)
        #expect(facts[.backwardationShare].value == 0.25)   // 22 > 21 only; 18 = 18 is flat
        let slope = (21.0 / 20 - 1 + 21.0 / 22 - 1 + 16.5 / 15 - 1 + 0) / 4
        #expect(Self.near(facts[.secondOverFront].value, slope, 1e-15))
        let basis: Double = (20.0 / 16 - 1 + 15.0 / 20 - 1) / 2
        #expect(Self.near(facts[.frontOverVIX].value, basis, 1e-15))
        #expect(facts[.frontOverVIX].observations == 2)
        #expect(facts.futuresDays == 4)
    }

    @Test("roll index: front weight (d1 - 1) / (d2 - d1), same contracts on both days; by hand on F(d) = 10 + d^2")
    func rollIndex() throws {
        // Every contract is worth 10 + d^2 with d its days to expiry; expiries every 3 days, front days 3, 2, 1, 3, ...
        // Held at d1 = 3: w = 2/3 of F(3) = 19 and 1/3 of F(6) = 46, worth 28; next day 2/3 F(2) + 1/3 F(5) = 21.
        // Held at d1 = 2: w = 1/3: 1/3 F(2) + 2/3 F(5) = 28 -> 1/3 F(1) + 2/3 F(4) = 21.
        // Held at d1 = 1: w = 0: all in the second, F(4) = 26; it is the next day's front, F(3) = 19.
        let f = { (d: Int) in 10 + Double(d * d) }
        var rows = (0..<7).map { i -> VIXFuturesCurveDay in let d = 3 - i % 3; return Self.future(f(d), f(d + 3), days: d) }
        rows.append(Self.future(f(1), f(4), days: 1))   // a gap: front 3 -> 1 does not chain, that day is left out
        let facts = StylisedFacts(series: [try DailyMarketSeries(spx: [100], vix: [20], futures: rows)], standardErrors: .acrossSeries)
        let e = facts[.rollIndexMonthlyChange]
        #expect(e.observations == 6)
        // Changes from the rows with d1 = 3, 2, 1, 3, 2, 1: 4 x ln(21/28) + 2 x ln(19/26), mean x 21.
        let expected = 21 * (4 * log(21.0 / 28) + 2 * log(19.0 / 26)) / 6
        #expect(Self.near(e.value, expected, 1e-12), "monthly \(String(describing: e.value)) vs \(expected)")
        #expect(StylisedFacts.frontWeight(Self.future(20, 21, days: 30, cycle: 5)) == 1)   // months apart: clamped
    }

    @Test("VIX3M: mean VIX3M / VIX and share with VIX above VIX3M, on the days with both")
    func termStructure() throws {
        let s = try DailyMarketSeries(spx: [100, 100, 100, 100], vix: [20, 25, nil, 16], vix3m: [22, 24, 30, nil])
        let facts = StylisedFacts(series: [s], standardErrors: .acrossSeries)
        #expect(facts[.vix3mOverVIX].observations == 2)
        #expect(Self.near(facts[.vix3mOverVIX].value, (22.0 / 20 + 24.0 / 25) / 2, 1e-15))
        #expect(facts[.vixAboveVIX3MShare].value == 0.5)
    }

    @Test("standard errors: batch means across series and over contiguous blocks")
    func standardErrors() throws {
        // Shares above 30: 0 and 0.5 -> pooled 0.25, SE sd{0, 0.5} / sqrt 2 = 0.25.
        let calm = try Self.series(vix: [20, 20, 20, 20]), stressed = try Self.series(vix: [20, 40, 20, 40])
        let facts = StylisedFacts(series: [calm, stressed], standardErrors: .acrossSeries)
        #expect(facts[.vixShareAbove(30)].value == 0.25)
        #expect(abs(facts[.vixShareAbove(30)].standardError! - 0.25) < 1e-15)
        // The same eight days as one series in blocks of 4 days: the same two pieces.
        let joined = try Self.series(vix: [20, 20, 20, 20, 20, 40, 20, 40])
        let blocks = StylisedFacts(series: [joined], standardErrors: .contiguousBlocks(days: 4))
        #expect(abs(blocks[.vixShareAbove(30)].standardError! - 0.25) < 1e-15)
        // Fewer than two pieces with a value: no SE.
        #expect(StylisedFacts(series: [joined], standardErrors: .contiguousBlocks(days: 8))[.vixShareAbove(30)].standardError == nil)
        #expect(blocks[.backwardationShare].value == nil)
    }

    @Test("bad series: typed errors naming the series, the row and the allowed values")
    func badSeries() {
        #expect(throws: StylisedFactsError.lengthMismatch(series: "VIX", count: 2, expected: 3)) {
            try DailyMarketSeries(spx: [1, 2, 3], vix: [20, 21])
        }
        #expect(throws: StylisedFactsError.notPositive(series: "VIX", day: 1, value: 0)) {
            try DailyMarketSeries(spx: [1, 2], vix: [20, 0])
        }
        #expect(throws: StylisedFactsError.expiryOrder(day: 0, front: 5, second: 5)) {
            try DailyMarketSeries(spx: [1], vix: [20], futures: [VIXFuturesCurveDay(front: 20, second: 21, frontDaysToExpiry: 5, secondDaysToExpiry: 5, vix: nil)])
        }
        #expect(StylisedFactsError.notPositive(series: "SPX", day: 7, value: -.infinity).description
            == "SPX row 7: -inf is not a price; allowed: a finite number above 0.")
    }
}

/// The real history from the repository's `data/`, read by the product's loaders (`HistoricalMarket`), aligned on
/// SPX's calendar as `scripts/history_facts.py` aligns it.
enum RealHistory {
    static let directory = ConfigTests.root.appendingPathComponent("data")

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(HistoricalDataFiles.vixPath).path)
    }

    /// The four files, loaded once.
    static let market: HistoricalMarket? = try? HistoricalMarket(files: HistoricalDataFiles(directory: directory.path))

    struct Unreadable: Error {}

    /// The panel series for `[from, to]` (ISO dates), with the futures and VIX3M inside it.
    static func series(from: String = "1990-01-02", to: String = "2026-07-22") throws -> DailyMarketSeries {
        guard let market, let lo = TradingDate(from), let hi = TradingDate(to) else { throw Unreadable() }
        return try market.window(from: lo, to: hi).series
    }
}

@Suite("Stylised facts of the real history against scripts/history_facts.py", .enabled(if: RealHistory.isAvailable))
struct StylisedFactsHistoryTests {
    /// The value printed with the script's precision (`decimals` after scaling by `scale`), rounding as Python does
    /// (correctly rounded binary value, like printf).
    static func printed(_ x: Double?, _ decimals: Int, scale: Double = 1) -> String {
        x.map { String(format: "%.\(decimals)f", scale * $0) } ?? "n/a"
    }

    /// Oracle: `python3 scripts/history_facts.py --data data` (window 1990-01-02 .. 2026-07-22, sub-window
    /// 2014-01-01 .. 2018-12-31), its printed figures copied below with its precision; every one must agree to the
    /// last printed digit.
    @Test("1990-2026: every figure the script prints, to its printed precision")
    func wholeWindow() throws {
        let start = Date()
        let history = try RealHistory.series()
        let loaded = Date()
        let facts = StylisedFacts(series: [history], standardErrors: .history)
        print(String(format: "history: loading %.2f s, facts with standard errors %.3f s", loaded.timeIntervalSince(start),
                     Date().timeIntervalSince(loaded)))
        #expect(facts.panelDays == 9190)
        #expect(history.spx.count == 9194)
        // 1. VIX level.
        let percentiles: [Double: String] = [5: "11.43", 25: "13.97", 50: "17.62", 75: "22.72", 95: "32.95", 99: "46.73"]
        for (p, text) in percentiles { #expect(Self.printed(facts[.vixPercentile(p)].value, 2) == text, "p\(p)") }
        #expect(Self.printed(facts[.vixShareAbove(30)].value, 2, scale: 100) == "7.99")
        #expect(Self.printed(facts[.vixShareAbove(40)].value, 2, scale: 100) == "2.25")
        // 2. sd of d ln VIX by previous close (%/day) and day counts.
        let bands: [(VIXBand, String, Int)] = [(.below12, "5.53", 802), (.from12To16, "6.06", 2764), (.from16To20, "7.02", 2200),
                                               (.from20To30, "7.01", 2689), (.above30, "8.87", 734)]
        for (band, sd, n) in bands {
            #expect(Self.printed(facts[.vixChangeVolatility(band)].value, 2, scale: 100) == sd, "band \(band)")
            #expect(facts[.vixChangeVolatility(band)].observations == n)
        }
        #expect(Self.printed(facts[.vixChangeVolatilityRatio].value, 3) == "1.489")
        // 3. AR(1): phi (5 decimals, from the half-life: phi = 0.5^(1 / half-life)) and half-life (1 decimal).
        for (log, phi, halfLife) in [(false, "0.97683", "29.6"), (true, "0.97993", "34.2")] {
            let e = facts[.halfLife(logarithm: log)]
            #expect(Self.printed(e.value, 1) == halfLife)
            #expect(Self.printed(e.value.map { pow(0.5, 1 / $0) }, 5) == phi)
            #expect(e.observations == 9189)
        }
        // 4. Correlation.
        #expect(Self.printed(facts[.spxVIXCorrelation].value, 4) == "-0.7144")
        // 5. SPX forward returns: windows, q1 %, q5 %, ES99 loss % (ES only at 63 days here).
        let returns: [(Int, Bool, Int, String, String)] = [
            (1, false, 9189, "-3.11", "-1.71"), (1, true, 2683, "-1.59", "-0.98"), (21, false, 9169, "-12.32", "-6.72"),
            (21, true, 2683, "-6.27", "-3.95"), (63, false, 9127, "-19.49", "-11.05"), (63, true, 2683, "-15.43", "-6.05"),
        ]
        for (h, calm, windows, q1, q5) in returns {
            let e1 = facts[.spxReturnQuantile(horizon: h, level: 0.01, calmStart: calm)]
            #expect(e1.observations == windows, "h \(h) calm \(calm)")
            #expect(Self.printed(e1.value, 2, scale: 100) == q1, "h \(h) calm \(calm) q1")
            #expect(Self.printed(facts[.spxReturnQuantile(horizon: h, level: 0.05, calmStart: calm)].value, 2, scale: 100) == q5)
        }
        #expect(Self.printed(facts[.spxExpectedShortfall(horizon: 63, calmStart: false)].value, 2, scale: 100) == "26.12")
        #expect(Self.printed(facts[.spxExpectedShortfall(horizon: 63, calmStart: true)].value, 2, scale: 100) == "20.32")
        // 6. Futures, all days.
        #expect(facts.futuresDays == 4842)
        #expect(Self.printed(facts[.backwardationShare].value, 2, scale: 100) == "15.94")
        #expect(Self.printed(facts[.secondOverFront].value, 2, scale: 100) == "5.86")
        #expect(Self.printed(facts[.frontOverVIX].value, 2, scale: 100) == "4.61")
        #expect(facts[.frontOverVIX].observations == 4840)
        // Not printed by the script: the roll index, -5.34 % a month over 4,826 chained futures days (15 changes do not
        // chain: 2004-2006 listing gaps). Reproduced by an independent NumPy computation that identifies contracts by
        // their expiry dates instead of days to expiry: -0.0533929119855515 (equal to 1e-15).
        #expect(Self.printed(facts[.rollIndexMonthlyChange].value, 2, scale: 100) == "-5.34")
        #expect(facts[.rollIndexMonthlyChange].observations == 4826)
        // 7. VIX3M.
        #expect(facts[.vix3mOverVIX].observations == 4224)
        #expect(Self.printed(facts[.vix3mOverVIX].value, 4) == "1.1249")
        #expect(Self.printed(facts[.vixAboveVIX3MShare].value, 2, scale: 100) == "7.67")
        // Every line has a block standard error.
        for fact in StylisedFact.all { #expect(facts[fact].standardError != nil, "\(fact.key)") }
    }

    /// The roll index against the original iPath VXX (which tracks the same S&P index) over its life in the data,
    /// 2009-01-30 .. 2017-01-06: mean monthly log change -7.54 % for the index, -7.46 % for VXX (Adj Close). The gap
    /// is not sampling error (both follow the same futures): VXX pays a 0.89 %/year fee (-0.07 a month), earns T-bill
    /// interest (at most +0.05 a month over 2009-2016), and S&P counts its roll period on its own business days from
    /// the Tuesday before expiry; 0.25 points a month bounds the three together.
    @Test("roll index within 0.25 %/month of VXX's mean monthly log change, 2009-2017")
    func rollIndexAgainstVXX() throws {
        let facts = StylisedFacts(series: [try RealHistory.series(from: "2009-01-30", to: "2017-01-06")], standardErrors: .history)
        let index = try #require(facts[.rollIndexMonthlyChange].value)
        let vxx = try DailyCloses(path: RealHistory.directory.appendingPathComponent("etn/VXX_iPath_original_yahoo_2009-2017.csv").path,
                                  closeColumn: "Adj Close").closes
        let changes = zip(vxx, vxx.dropFirst()).map { log($0.1 / $0.0) }
        let etn = 21 * changes.reduce(0, +) / Double(changes.count)
        #expect(abs(index - etn) < 0.0025, "index \(index), VXX \(etn)")
    }

    @Test("2014-2018 sub-window: VIX percentiles and AR(1) half-lives as the script prints them")
    func subWindow() throws {
        let facts = StylisedFacts(series: [try RealHistory.series(from: "2014-01-01", to: "2018-12-31")], standardErrors: .history)
        #expect(facts.panelDays == 1258)
        let percentiles: [Double: String] = [5: "10.03", 25: "12.07", 50: "13.73", 75: "16.39", 95: "23.65", 99: "28.40"]
        for (p, text) in percentiles { #expect(Self.printed(facts[.vixPercentile(p)].value, 2) == text, "p\(p)") }
        #expect(Self.printed(facts[.vixShareAbove(30)].value, 2, scale: 100) == "0.72")
        #expect(Self.printed(facts[.halfLife(logarithm: false)].value, 1) == "10.7")
        #expect(Self.printed(facts[.halfLife(logarithm: true)].value, 1) == "13.5")
    }
}
