import Foundation

/// A short-term VIX futures index like the one behind VIXY/VXX (S&P 500 VIX Short-Term Futures Index, excess
/// return), on model futures prices.
///
/// Roll: the index holds the first and second futures with weights `w1 = dr/dt`, `w2 = 1 - w1`, where `dt` is the
/// number of trading days in the roll period (21 here: futures expire every 21 trading days, a simplification of
/// the monthly calendar) and `dr` the days left in it (the front future's days to expiry, `dt` right after a roll,
/// 1 the day before expiry). Daily return: `I_t / I_{t-1} = sum w_{t-1} F_t / sum w_{t-1} F_{t-1}`, the same two
/// contracts valued on both days (the front settles at the VIX on its expiry day). Futures cost nothing to hold,
/// so under Q the index is a martingale: `E[I_T] = I_0` (tested).
public struct VIXFuturesRollSchedule: Sendable, Equatable {
    /// Trading days from t0 to the first expiry (1 ... cycleDays).
    public let firstExpiryDays: Int
    public let cycleDays: Int

    public init(firstExpiryDays: Int = 12, cycleDays: Int = 21) {
        precondition(cycleDays >= 2 && (1...cycleDays).contains(firstExpiryDays))
        self.firstExpiryDays = firstExpiryDays
        self.cycleDays = cycleDays
    }

    /// Days to the front future's expiry at the close of day `t` (after any roll that day): in `1 ... cycleDays`.
    public func daysToFront(day t: Int) -> Int {
        let remaining = (firstExpiryDays - t) % cycleDays
        return remaining > 0 ? remaining : remaining + cycleDays
    }
}

/// Model futures prices for every days-to-expiry the index needs (0 ... 2 cycles), as tables in the factor variances.
public struct VIXFuturesCurveTables: Sendable {
    public let schedule: VIXFuturesRollSchedule
    let tables: [VIXTable?]    // index = trading days to expiry; 0 = the VIX itself
    let formula: VIXFormula

    public init(pricer: VIXPricer, schedule: VIXFuturesRollSchedule) {
        self.schedule = schedule
        formula = pricer.formula
        tables = (0...(2 * schedule.cycleDays)).map { d in
            d == 0 ? nil : VIXTable(pricer: pricer, payoff: .future, years: Double(d) / PathSimulationSettings.tradingDaysPerYear)
        }
    }

    /// The future with `days` trading days to expiry, at the factor variances (VIX points).
    public func future(daysToExpiry days: Int, variance v: Double, secondVariance v2: Double = 0) -> Double {
        days == 0 ? formula.vix(variance: v, secondVariance: v2) : tables[days]!.value(variance: v, secondVariance: v2)
    }

    /// Starts the index on every path of a block: level 1, and the basket held at t0 valued at t0.
    func startIndex(level: UnsafeMutableBufferPointer<Double>, previous: UnsafeMutableBufferPointer<Double>, block: PathBlock) {
        for i in 0..<block.count {
            level[i] = 1
            previous[i] = weightedFutures(heldAt: 0, valuedDaysLater: 0, variance: block.variance[i], secondVariance: block.secondVariance[i])
        }
    }

    /// Moves the index over trading day `day` (1-based) on every path of a block: yesterday's contracts revalued
    /// today over their value yesterday, then today's basket (after any roll) becomes `previous`.
    func advanceIndex(level: UnsafeMutableBufferPointer<Double>, previous: UnsafeMutableBufferPointer<Double>,
                      block: PathBlock, day: Int) {
        let v = block.variance, v2 = block.secondVariance
        for i in 0..<block.count {
            level[i] *= weightedFutures(heldAt: day - 1, valuedDaysLater: 1, variance: v[i], secondVariance: v2[i]) / previous[i]
            previous[i] = weightedFutures(heldAt: day, valuedDaysLater: 0, variance: v[i], secondVariance: v2[i])
        }
    }

    /// `(w1 F1 + w2 F2)` for the contracts held at the close of day `t`, valued `elapsed` days later (0 or 1).
    @inline(__always)
    func weightedFutures(heldAt t: Int, valuedDaysLater elapsed: Int, variance v: Double, secondVariance v2: Double = 0) -> Double {
        let d1 = schedule.daysToFront(day: t)
        let w1 = Double(d1) / Double(schedule.cycleDays)
        return w1 * future(daysToExpiry: d1 - elapsed, variance: v, secondVariance: v2)
            + (1 - w1) * future(daysToExpiry: d1 + schedule.cycleDays - elapsed, variance: v, secondVariance: v2)
    }
}

/// Follows the index on every path (level 1 at t0) and records its level at the horizon.
struct VIXFuturesIndexObserver: PathObserver {
    let curve: VIXFuturesCurveTables
    let columns: OutcomeColumns   // column 0: index level at the horizon

    init(curve: VIXFuturesCurveTables, paths: Int) {
        self.curve = curve
        columns = OutcomeColumns(columns: 1, count: paths)
    }

    /// Per worker: index level and the previous close's weighted futures value, per path of the block.
    typealias Accumulator = OutcomeColumns

    func makeAccumulator(capacity: Int) -> OutcomeColumns { OutcomeColumns(columns: 2, count: capacity) }

    func begin(_ acc: inout OutcomeColumns, block: PathBlock) {
        curve.startIndex(level: acc[0], previous: acc[1], block: block)
    }

    func observe(_ acc: inout OutcomeColumns, block: PathBlock, day: Int) {
        curve.advanceIndex(level: acc[0], previous: acc[1], block: block, day: day)
    }

    func end(_ acc: inout OutcomeColumns, block: PathBlock) {
        for i in 0..<block.count { columns[0][block.firstPath + i] = acc[0][i] }
    }
}

extension PathSimulation {
    /// The VIX futures index level at the horizon on every path (index = 1 at t0).
    public static func vixFuturesIndexLevels(model: MarketModel, settings: PathSimulationSettings,
                                             schedule: VIXFuturesRollSchedule = VIXFuturesRollSchedule()) throws -> [Double] {
        let engine = try PathEngine(model: model, settings: settings)
        let curve = VIXFuturesCurveTables(pricer: VIXPricer(model: model), schedule: schedule)
        let observer = VIXFuturesIndexObserver(curve: curve, paths: engine.settings.paths)
        try engine.run(observer)
        return observer.columns.array(0)
    }
}
