import Foundation

/// The short-term VIX futures index (S&P 500 VIX Short-Term Futures Index, excess return: what VXX and VIXY track)
/// rebuilt from the real daily settlements of the monthly VIX futures (`VIXFuturesSettlements`).
///
/// Methodology (S&P DJI's, the same rule as the model-side `VIXFuturesCurveTables`): at the close of every futures
/// trade date the index holds the front contract with weight `w = dr / dt` and the second with `1 - w`, where `dt` is
/// the number of trading days of the roll period (from one expiry to the next: `d2 - d1`) and `dr` those left after
/// today up to the day before the front's expiry (`d1 - 1`); `d1`, `d2` are the contracts' trading days to expiry on
/// the futures' own calendar (`VIXFuturesSettlements.tradingDaysToExpiry`). The front's weight falls by `1/dt` a day
/// (a daily roll of `1/dt` of the basket into the second month) and is 0 at the close of its last day before expiry.
/// Daily change: the basket held at yesterday's close valued at both closes,
/// `I_t / I_{t-1} = (w F1_t + (1 - w) F2_t) / (w F1_{t-1} + (1 - w) F2_{t-1})`, same contracts on both days
/// (`StylisedFacts.rollIndexLogChange`, which `alvh check-model` already measures). Futures cost nothing to hold, so
/// this is the excess-return index: no T-bill interest, no ETN fee.
///
/// The constant-maturity future `C_t = w_t F1_t + (1 - w_t) F2_t` (today's basket at today's settles; about 30
/// calendar days to expiry) separates the index's return into the move of the curve and the roll:
/// `ln(I_t / I_{t-1}) = ln(C_t / C_{t-1}) - ln[(w_t F1_t + (1 - w_t) F2_t) / (w_{t-1} F1_t + (1 - w_{t-1}) F2_t)]`,
/// the last term being the day's roll cost (buying the dearer second month in contango). Summed it is exact:
/// roll cost over a span `= ln(C_end / C_start) - ln(I_end / I_start)`.
///
/// Days whose rows do not chain (a contract missing on one of two consecutive trade dates, listed months more than one
/// apart) are breaks: no change is computed for them, nothing is interpolated, and the level restarts from the
/// previous level (`breaks` lists them; every figure that spans a break leaves that interval out).
public struct HistoricalFuturesIndex: Sendable {
    /// Futures trade dates that list two contracts expiring after them (the index's calendar).
    public let dates: [TradingDate]
    /// Index level at each close (1 on the first date).
    public let levels: [Double]
    /// Log change from the previous date; nil on the first date and on breaks.
    public let logChanges: [Double?]
    /// The constant-maturity future `C_t`, VIX points.
    public let constantMaturity: [Double]
    /// The front's weight in the basket held at each close.
    public let frontWeights: [Double]
    /// Dates whose change could not be computed (the previous date's contracts are not both listed that day).
    public let breaks: [TradingDate]
    /// The futures file.
    public let file: String

    /// Builds the index over the trade dates in `[from, to]`.
    /// - Throws: `DataError.emptyWindow` when fewer than 2 trade dates in the window list two contracts.
    public init(futures: VIXFuturesSettlements, from: TradingDate? = nil, to: TradingDate? = nil) throws(DataError) {
        let lo = from ?? futures.tradeDates.first ?? TradingDate(year: 2004, month: 1, day: 1)!
        let hi = to ?? futures.tradeDates.last ?? lo
        let curve = futures.frontAndSecond(from: lo, to: hi, vix: nil)
        guard curve.count >= 2 else {
            throw .emptyWindow(from: lo, to: hi, reason: "fewer than 2 futures trade dates with two listed contracts in \(futures.file); "
                + "the file spans \(futures.tradeDates.first.map(\.description) ?? "nothing") .. \(futures.tradeDates.last.map(\.description) ?? "nothing").")
        }
        var levels = [1.0], changes: [Double?] = [nil], breaks: [TradingDate] = []
        for k in 1..<curve.count {
            let change = StylisedFacts.rollIndexLogChange(from: curve[k - 1].day, to: curve[k].day)
            if change == nil { breaks.append(curve[k].date) }
            changes.append(change)
            levels.append(levels[k - 1] * exp(change ?? 0))
        }
        let weights = curve.map { StylisedFacts.frontWeight($0.day) }
        dates = curve.map(\.date)
        self.levels = levels
        logChanges = changes
        frontWeights = weights
        constantMaturity = zip(curve, weights).map { p, w in w * p.day.front + (1 - w) * p.day.second }
        self.breaks = breaks
        file = futures.file
    }

    /// The position of `date`, if it is one of the index's dates (binary search).
    public func position(of date: TradingDate) -> Int? {
        var lo = 0, hi = dates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[mid] < date { lo = mid + 1 } else { hi = mid }
        }
        return lo < dates.count && dates[lo] == date ? lo : nil
    }

    /// The log change from position `a` to `b > a`: the sum of the daily changes, nil when a break lies in `(a, b]`.
    public func logChange(from a: Int, to b: Int) -> Double? {
        var sum = 0.0
        for k in (a + 1)...b {
            guard let c = logChanges[k] else { return nil }
            sum += c
        }
        return sum
    }

    /// The roll cost over the chained days of `[a, b]`, per year of 252 trading days, in percent:
    /// `100 x 252 / n x sum [ln(C_k / C_{k-1}) - ln(I_k / I_{k-1})]` over the `n` days in `(a, b]` with a change.
    /// Positive in contango (the index loses to the constant-maturity future).
    public func annualRollCostPercent(from a: Int = 0, to b: Int? = nil) -> Double? {
        let b = b ?? dates.count - 1
        guard b > a else { return nil }
        var sum = 0.0, n = 0
        for k in (a + 1)...b {
            guard let c = logChanges[k] else { continue }
            sum += log(constantMaturity[k] / constantMaturity[k - 1]) - c
            n += 1
        }
        return n > 0 ? 100 * PathSimulationSettings.tradingDaysPerYear * sum / Double(n) : nil
    }
}
