import Foundation

/// An instrument with its strikes resolved: the one place where an instrument's model price, settlement payoff and
/// strikes live (its mark from tables is `InstrumentMark`). Strikes are in the underlying's points: SPX points for
/// SPX options, VIX points for VIX options, index points (base 100 at t0) for the ETN call.
///
/// Payoffs per unit at expiry, with `S` the SPX, `V` the VIX settlement (the model VIX that day) and `I` the
/// futures index level:
///
///     spx-put K: (K - S)^+          spx-put-spread L/U: (U - S)^+ - (L - S)^+
///     vix-call K: (V - K)^+         vix-call-spread L/U: (V - L)^+ - (V - U)^+
///     vix-future: V (the position's P&L is V - F_entry)       etn: I (sold at the index level)
///     etn-call K: (I - K)^+
public enum Instrument: Sendable, Equatable {
    case spxPut(strike: Double)
    case spxPutSpread(lower: Double, upper: Double)
    case vixCall(strike: Double)
    case vixCallSpread(lower: Double, upper: Double)
    case vixFuture
    case etn
    case etnCall(strike: Double)

    /// The single strike, or the lower strike of a spread.
    public var lowerStrike: Double? {
        switch self {
        case .spxPut(let k), .vixCall(let k), .etnCall(let k): return k
        case .spxPutSpread(let l, _), .vixCallSpread(let l, _): return l
        case .vixFuture, .etn: return nil
        }
    }

    /// The upper strike of a spread.
    public var upperStrike: Double? {
        switch self {
        case .spxPutSpread(_, let u), .vixCallSpread(_, let u): return u
        default: return nil
        }
    }

    /// Builds the resolved instrument of `kind` from its resolved strikes (`upper` only for spreads).
    /// - Precondition: strikes present where the kind needs them (the layout parser guarantees it).
    init(kind: HedgeInstrument, lower: Double?, upper: Double?) {
        func need(_ k: Double?) -> Double {
            guard let k else { preconditionFailure("\(kind.rawValue) needs a strike: the layout parser checks this") }
            return k
        }
        switch kind {
        case .spxPut: self = .spxPut(strike: need(lower))
        case .spxPutSpread: self = .spxPutSpread(lower: need(lower), upper: need(upper))
        case .vixCall: self = .vixCall(strike: need(lower))
        case .vixCallSpread: self = .vixCallSpread(lower: need(lower), upper: need(upper))
        case .vixFuture: self = .vixFuture
        case .etn: self = .etn
        case .etnCall: self = .etnCall(strike: need(lower))
        }
    }

    /// Settlement value per unit at expiry (for a future: the settlement price itself; the position subtracts its
    /// entry price).
    @inline(__always)
    func payoff(spot s: Double, vix v: Double, index i: Double) -> Double {
        switch self {
        case .spxPut(let k): return max(k - s, 0)
        case .spxPutSpread(let l, let u): return max(u - s, 0) - max(l - s, 0)
        case .vixCall(let k): return max(v - k, 0)
        case .vixCallSpread(let l, let u): return max(v - l, 0) - max(v - u, 0)
        case .vixFuture: return v
        case .etn: return i
        case .etnCall(let k): return max(i - k, 0)
        }
    }

    /// Model price per unit (mid, under Q) at the state `(spot, v1, v2)` with `days` trading days to expiry, from the
    /// exact pricers (COS for options, the Laplace formula for futures). A VIX future's "price" is the future itself
    /// (not paid); the ETN is `index` (its level; at t0 the base 100). `etn-call` is priced from t0 only
    /// (`VIXFuturesIndexOptionApproximation` starts at the index base).
    func modelPrice(spot: Double, variance v: Double, secondVariance v2: Double, index: Double, days: Int,
                    pricers: InstrumentPricers) -> Double {
        let tau = Double(days) / PathSimulationSettings.tradingDaysPerYear
        switch self {
        case .spxPut(let k):
            return pricers.spx.value(.put, strike: k, spot: spot, variance: v, secondVariance: v2, years: tau).price
        case .spxPutSpread(let l, let u):
            return pricers.spx.value(.put, strike: u, spot: spot, variance: v, secondVariance: v2, years: tau).price
                - pricers.spx.value(.put, strike: l, spot: spot, variance: v, secondVariance: v2, years: tau).price
        case .vixCall(let k):
            return pricers.vix.optionPrice(.call, strike: k, variance: v, secondVariance: v2, years: tau)
        case .vixCallSpread(let l, let u):
            return pricers.vix.callSpreadPrice(lower: l, upper: u, variance: v, secondVariance: v2, years: tau)
        case .vixFuture:
            return pricers.vix.futurePrice(variance: v, secondVariance: v2, years: tau)
        case .etn:
            return index
        case .etnCall(let k):
            guard let etn = pricers.etn else { preconditionFailure("etn-call priced without the ETN model") }
            return index * etn.price(.call, strike: k / index, days: days, initialVariance: v, initialSecondVariance: v2)
        }
    }

    /// The smallest unit price the pricers resolve (measured in the pricing tests): SPX options 1e-8 of the strike
    /// (COS agrees with 4096 terms to 1e-9), VIX options 1e-4 VIX points (COS on the density), ETN calls 1e-4 index
    /// points (Black); futures and the ETN itself are not bought at a model price.
    var priceAccuracy: Double {
        switch self {
        case .spxPut(let k), .spxPutSpread(let k, _): return 1e-8 * k
        case .vixCall, .vixCallSpread, .etnCall: return 1e-4
        case .vixFuture, .etn: return 0
        }
    }
}

/// The exact pricers an instrument's model price needs, built once per market.
struct InstrumentPricers: Sendable {
    let spx: SPXOptionPricer
    let vix: VIXPricer
    /// The VIX futures index option approximation, when some layer holds `etn` or `etn-call`.
    let etn: VIXFuturesIndexOptionApproximation?
}
