/// Daily closes that the stylised facts are measured on: one contiguous stretch of real history, or one simulated path.
///
/// Two calendars. SPX, VIX and VIX3M share SPX's trading calendar (index `t` = the t-th SPX close); a VIX or VIX3M close
/// may be missing on a day (`nil`: the four 1991-1999 days without a VIX close), so the *panel* is the days with both an
/// SPX and a VIX close, and "consecutive days" are consecutive panel days (a change across a missing VIX close spans two
/// days, as in `scripts/history_facts.py`). VIX closes on days without an SPX close (Cboe's prints on NYSE holidays) are
/// not part of this type: the caller drops them. The VIX futures curve has its own calendar (the futures' trade dates,
/// which include a few days without an SPX close), one `VIXFuturesCurveDay` per trade date, in date order.
public struct DailyMarketSeries: Sendable, Equatable {
    /// SPX closes (index points), one per SPX trading day.
    public let spx: [Double]
    /// VIX closes on the SPX days (`nil`: no close that day).
    public let vix: [Double?]
    /// VIX3M closes on the SPX days; empty when not given at all.
    public let vix3m: [Double?]
    /// The front and second VIX futures per futures trade date; empty when not given.
    public let futures: [VIXFuturesCurveDay]

    /// - Throws: `StylisedFactsError` when the series lengths differ or a close or settle is not a positive finite number.
    public init(spx: [Double], vix: [Double?], vix3m: [Double?] = [], futures: [VIXFuturesCurveDay] = []) throws(StylisedFactsError) {
        guard vix.count == spx.count else { throw .lengthMismatch(series: "VIX", count: vix.count, expected: spx.count) }
        guard vix3m.isEmpty || vix3m.count == spx.count else {
            throw .lengthMismatch(series: "VIX3M", count: vix3m.count, expected: spx.count)
        }
        for (series, values) in [("SPX", spx.map { Optional($0) }), ("VIX", vix), ("VIX3M", vix3m)] {
            if let day = values.firstIndex(where: { $0.map { !($0.isFinite && $0 > 0) } ?? false }) {
                throw .notPositive(series: series, day: day, value: values[day]!)
            }
        }
        for (day, f) in futures.enumerated() {
            let prices = [("front future", f.front), ("second future", f.second)] + (f.vix.map { [("VIX on futures", $0)] } ?? [])
            for (series, value) in prices where !(value.isFinite && value > 0) {
                throw .notPositive(series: series, day: day, value: value)
            }
            guard f.frontDaysToExpiry >= 1 && f.secondDaysToExpiry > f.frontDaysToExpiry else {
                throw .expiryOrder(day: day, front: f.frontDaysToExpiry, second: f.secondDaysToExpiry)
            }
        }
        self.spx = spx
        self.vix = vix
        self.vix3m = vix3m
        self.futures = futures
    }

    /// A stretch of the SPX calendar (`days`) and of the futures calendar (`futureDays`), for block standard errors.
    func slice(days: Range<Int>, futureDays: Range<Int>) -> DailyMarketSeries {
        // Slices of valid series are valid: no check needed.
        DailyMarketSeries(unchecked: Array(spx[days]), vix: Array(vix[days]), vix3m: vix3m.isEmpty ? [] : Array(vix3m[days]),
                          futures: Array(futures[futureDays]))
    }

    private init(unchecked spx: [Double], vix: [Double?], vix3m: [Double?], futures: [VIXFuturesCurveDay]) {
        self.spx = spx
        self.vix = vix
        self.vix3m = vix3m
        self.futures = futures
    }

    /// Simulated series (every day complete); the values come from the model and need no check.
    init(simulatedSPX spx: [Double], vix: [Double], vix3m: [Double], futures: [VIXFuturesCurveDay]) {
        self.init(unchecked: spx, vix: vix, vix3m: vix3m, futures: futures)
    }
}

/// The front and second VIX futures on one trade date.
///
/// The front is the contract with the nearest expiry strictly after the trade date (an expiring contract is no longer
/// the front on its final day), the second the next listed expiry. Days to expiry are counted on the futures' own
/// calendar: the number of later trade dates up to and including the expiry date (1 on the day before expiry), so that
/// a contract's count falls by exactly one from one row to the next; beyond the last row of data, weekdays. The roll
/// index (`StylisedFacts`) uses the counts to tell the same contract on consecutive rows.
public struct VIXFuturesCurveDay: Sendable, Equatable {
    /// Settlement prices, VIX points.
    public let front: Double
    public let second: Double
    public let frontDaysToExpiry: Int
    public let secondDaysToExpiry: Int
    /// The VIX close on the same date, if there is one (for the futures basis `front / VIX - 1`).
    public let vix: Double?

    public init(front: Double, second: Double, frontDaysToExpiry: Int, secondDaysToExpiry: Int, vix: Double?) {
        self.front = front
        self.second = second
        self.frontDaysToExpiry = frontDaysToExpiry
        self.secondDaysToExpiry = secondDaysToExpiry
        self.vix = vix
    }
}

extension DailyMarketSeries {
    /// Whether every close and settle is a finite number and no VIX or VIX3M close is missing (a simulated path's
    /// test: the model check leaves out a path that fails it and counts it).
    public var isFinite: Bool {
        spx.allSatisfy(\.isFinite) && vix.allSatisfy { $0?.isFinite ?? false } && vix3m.allSatisfy { $0?.isFinite ?? false }
            && futures.allSatisfy { $0.front.isFinite && $0.second.isFinite }
    }
}
