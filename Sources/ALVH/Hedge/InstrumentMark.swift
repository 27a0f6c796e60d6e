import Foundation

/// How a live instrument is marked on a path, per unit, from repricing tables: the table-based counterpart of
/// `Instrument.modelPrice` (tested against it). Built for one remaining life (`remainingDays`); the model is
/// time-homogeneous, so the same mark serves every day on which that much life is left.
struct InstrumentMark: Sendable {
    enum Method: Sendable {
        case spxPut(SPXOptionTable, strike: Double)
        case spxPutSpread(SPXOptionTable, lower: Double, upper: Double)
        case vixOption(VIXTable)
        case vixSpread(VIXTable, VIXTable)
        case future(VIXTable)
        case etn
        /// Black on the index with the remaining log-variance from its table (`IndexLogVarianceTable`).
        case etnCall(strike: Double, logVariance: IndexLogVarianceTable, discount: Double)
    }

    let method: Method

    /// - Parameters:
    ///   - fromDay: the trading day the mark is taken on (the ETN call's remaining log-variance depends on it, since
    ///     the index option approximation starts from t0's curve).
    init(instrument: Instrument, remainingDays: Int, fromDay: Int, pricers: InstrumentPricers, tables: PriceTableStore) {
        precondition(remainingDays > 0, "a mark needs life left; settled instruments use their payoff")
        switch instrument {
        case .spxPut(let k): method = .spxPut(tables.spx(days: remainingDays), strike: k)
        case .spxPutSpread(let l, let u): method = .spxPutSpread(tables.spx(days: remainingDays), lower: l, upper: u)
        case .vixCall(let k): method = .vixOption(tables.vixCall(days: remainingDays, strike: k))
        case .vixCallSpread(let l, let u):
            method = .vixSpread(tables.vixCall(days: remainingDays, strike: l), tables.vixCall(days: remainingDays, strike: u))
        case .vixFuture: method = .future(tables.vixFuture(days: remainingDays))
        case .etn: method = .etn
        case .etnCall(let k):
            guard let etn = pricers.etn else { preconditionFailure("etn-call marked without the ETN model") }
            let logVariance = IndexLogVarianceTable(approximation: etn, fromDay: fromDay, days: remainingDays)
            let tau = Double(remainingDays) / PathSimulationSettings.tradingDaysPerYear
            method = .etnCall(strike: k, logVariance: logVariance, discount: exp(-pricers.vix.rate * tau))
        }
    }

    /// Per-unit value (a future: the future price `F_t`) at the state `(spot, v1, v2)` and index level `index`
    /// (points, base 100).
    @inline(__always)
    func value(spot s: Double, variance v: Double, secondVariance v2: Double, index: Double) -> Double {
        switch method {
        case .spxPut(let t, let k): return t.value(.put, strike: k, spot: s, variance: v, secondVariance: v2)
        case .spxPutSpread(let t, let l, let u):
            return t.value(.put, strike: u, spot: s, variance: v, secondVariance: v2) - t.value(.put, strike: l, spot: s, variance: v, secondVariance: v2)
        case .vixOption(let t): return t.value(variance: v, secondVariance: v2)
        case .vixSpread(let a, let b): return a.value(variance: v, secondVariance: v2) - b.value(variance: v, secondVariance: v2)
        case .future(let t): return t.value(variance: v, secondVariance: v2)
        case .etn: return index
        case .etnCall(let k, let logVariance, let discount):
            let sigma2 = logVariance.value(variance: v, secondVariance: v2)
            return VIXFuturesIndexOptionApproximation.black(.call, level: index, strike: k, logVariance: sigma2, discount: discount)
        }
    }
}

/// Repricing tables of one run, keyed by what they price and the life left, built once and shared by every layer
/// and layout that needs the same one (SPX tables serve every strike of a maturity; VIX option tables are per strike).
final class PriceTableStore: @unchecked Sendable {   // the dictionaries are guarded by `lock`
    enum Key: Hashable {
        case spx(days: Int)
        case vixCall(days: Int, strike: Double)
        case vixFuture(days: Int)
    }

    let pricers: InstrumentPricers
    private let lock = NSLock()
    private var spxTables: [Int: SPXOptionTable] = [:]
    private var vixTables: [Key: VIXTable] = [:]

    init(pricers: InstrumentPricers) { self.pricers = pricers }

    /// Thread-safe: a table is built outside the lock, so marks can be made on several workers; two workers asking
    /// for the same missing table may both build it (the same bits), and the first one stored is kept.
    func spx(days: Int) -> SPXOptionTable {
        if let t = lock.withLock({ spxTables[days] }) { return t }
        let t = SPXOptionTable(pricer: pricers.spx, years: Double(days) / PathSimulationSettings.tradingDaysPerYear)
        return lock.withLock {
            if let first = spxTables[days] { return first }
            spxTables[days] = t
            return t
        }
    }

    func vixCall(days: Int, strike: Double) -> VIXTable {
        vix(.vixCall(days: days, strike: strike), payoff: .option(.call, strike: strike), days: days)
    }

    func vixFuture(days: Int) -> VIXTable { vix(.vixFuture(days: days), payoff: .future, days: days) }

    private func vix(_ key: Key, payoff: VIXPricer.Payoff, days: Int) -> VIXTable {
        if let t = lock.withLock({ vixTables[key] }) { return t }
        let t = VIXTable(pricer: pricers.vix, payoff: payoff, years: Double(days) / PathSimulationSettings.tradingDaysPerYear)
        return lock.withLock {
            if let first = vixTables[key] { return first }
            vixTables[key] = t
            return t
        }
    }

    /// How many distinct tables the store holds (deduplication across layers and layouts).
    var count: Int { lock.withLock { spxTables.count + vixTables.count } }
}
