import Foundation

/// A layout bought at t0 and held to the horizon (DESIGN section 4, static mode).
///
/// At t0 every layer's strikes are set by its rule and it is bought at its Q model price (mid) plus the layout's
/// half-spread: `quantity = weight x premium x notional / (mid + half_spread)` units (rounded down to whole listed
/// contracts when asked). A VIX future costs nothing up front: its budget share buys that much notional
/// (`quantity = share / F_0`) and only the half-spread is paid. On each path, a layer that expires on or before the
/// horizon settles at its payoff (SPX on the path that day; VIX settlement = the model VIX that day) and the cash
/// accrues at `r` to the horizon; a live layer is repriced at the horizon from tables on `(S_H, v_H)`.
/// ETN layers hold the VIX futures index (base 100 at t0, followed on every path): `etn` is sold at its expiry day
/// (or valued at the index level at the horizon), `etn-call` is priced by `VIXFuturesIndexOptionApproximation`.
///
///     portfolio P&L = notional x beta x (S_H e^{q H} / S_0 - 1)            (total return, dividends reinvested)
///     layer value   = quantity x (settlement carried to H, or table value at H; futures: F_H - F_0)
///     hedged P&L    = portfolio P&L + sum of layer values - premium x e^{r H}
public struct StaticBook: Sendable {
    public let layout: HedgeLayout
    public let layers: [BookedLayer]
    public let horizonDays: Int
    public let rate: Double
    public let spot: Double

    /// Premium paid at t0 (currency), half-spreads included.
    public var premium: Double { layers.reduce(0) { $0 + $1.premium } }
    /// `e^{r H}`, the carry of cash over the horizon.
    public var carry: Double { exp(rate * Double(horizonDays) / PathSimulationSettings.tradingDaysPerYear) }

    /// `premium x e^{r H}`: what the book's t0 premium costs at the horizon.
    public var premiumWithCarry: Double { premium * carry }

    /// `etn`: the VIX futures index model shared by the run (needed when the layout has `etn`/`etn-call` layers;
    /// built on demand otherwise). `pricers`: the market's pricers when the caller books many times on one market
    /// (a replay books at every window's start state); built from `model` when nil.
    public init(layout: HedgeLayout, model: MarketModel, horizonDays: Int,
                etn: VIXFuturesIndexOptionApproximation? = nil) throws(ConfigError) {
        try self.init(layout: layout, model: model, horizonDays: horizonDays, etn: etn, pricers: nil)
    }

    init(layout: HedgeLayout, model: MarketModel, horizonDays: Int, etn: VIXFuturesIndexOptionApproximation?,
         pricers shared: InstrumentPricers?) throws(ConfigError) {
        self.layout = layout
        self.horizonDays = horizonDays
        rate = model.rate
        spot = model.spot
        let budget = layout.budget.premium * layout.portfolio.notional
        let pricers = shared ?? InstrumentPricers(
            spx: SPXOptionPricer(model: model), vix: VIXPricer(model: model),
            etn: layout.layers.contains { $0.instrument.onETN } ? (etn ?? VIXFuturesIndexOptionApproximation(model: model)) : nil)
        var booked: [BookedLayer] = []
        for (index, layer) in layout.layers.enumerated() {
            let b = BookedLayer(layer: layer, model: model, pricers: pricers, budget: budget,
                                halfSpread: layout.budget.halfSpreads[layer.instrument] ?? 0,
                                integerContracts: layout.budget.integerContracts)
            // Relative strike rules resolve only now: the spread's upper strike must still be above the lower one.
            if let lower = b.lowerStrike, let upper = b.upperStrike, !(upper > lower) {
                throw .invalid(file: layout.source, keyPath: "layers[\(index)].upper_strike",
                               reason: String(format: "resolves to %.2f, not above the lower strike %.2f.", upper, lower))
            }
            // A price below what the pricer can resolve buys noise (or nothing, silently): refuse unless asked.
            let accuracy = b.instrument.priceAccuracy
            if b.isBelowPriceAccuracy && !layout.budget.acceptTinyPrices {
                throw .invalid(file: layout.source, keyPath: "layers[\(index)]",
                               reason: "layer '\(layer.name)' has a model price of \(String(format: "%.3g", b.unitPrice)) per unit, below the "
                                   + "pricer's accuracy \(String(format: "%.1g", accuracy)); move its strike or expiry, or set "
                                   + "budget.accept_tiny_prices: true to book it anyway.")
            }
            booked.append(b)
        }
        layers = booked
    }
}

extension StaticBook {
    /// The t0 booking of an adaptive book as a static one (the layers with their day-0 strikes, prices and
    /// quantities), for the reports' layout tables and the provenance.
    init(layout: HedgeLayout, layers: [BookedLayer], horizonDays: Int, rate: Double, spot: Double) {
        self.layout = layout
        self.layers = layers
        self.horizonDays = horizonDays
        self.rate = rate
        self.spot = spot
    }
}

/// One layer as bought at t0.
public struct BookedLayer: Sendable {
    public let layer: HedgeLayer
    /// What is held, strikes resolved (index points).
    public let instrument: Instrument
    /// Mid price per unit at t0 (for a VIX future: the future price `F_0`, which is not paid but is the entry).
    public let unitPrice: Double
    public let halfSpread: Double
    /// Units held (contracts x multiplier).
    public let quantity: Double

    /// The single strike or a spread's lower strike; a spread's upper strike.
    public var lowerStrike: Double? { instrument.lowerStrike }
    public var upperStrike: Double? { instrument.upperStrike }
    public var years: Double { Double(layer.expiryDays) / PathSimulationSettings.tradingDaysPerYear }
    /// Paid at t0 (currency).
    public var premium: Double { quantity * ((layer.instrument == .vixFuture ? 0 : unitPrice) + halfSpread) }
    /// The price the position's P&L is measured from at settlement: a future's entry `F_0`; 0 for what was paid for.
    var entryLevel: Double { layer.instrument == .vixFuture ? unitPrice : 0 }

    /// The VIX futures index starts at this many index points at t0 (ETN strikes and prices are on this base).
    public static let indexBase = 100.0

    init(layer: HedgeLayer, instrument: Instrument, unitPrice: Double, halfSpread: Double, quantity: Double) {
        self.layer = layer
        self.instrument = instrument
        self.unitPrice = unitPrice
        self.halfSpread = halfSpread
        self.quantity = quantity
    }

    init(layer: HedgeLayer, model: MarketModel, pricers: InstrumentPricers, budget: Double, halfSpread: Double, integerContracts: Bool) {
        self.layer = layer
        self.halfSpread = halfSpread
        let tau = Double(layer.expiryDays) / PathSimulationSettings.tradingDaysPerYear
        let v0 = model.initialVariance, v20 = model.initialSecondVariance
        let future = pricers.vix.futurePrice(variance: v0, secondVariance: v20, years: tau)
        func resolve(_ rule: StrikeRule?) -> Double? {
            guard let rule else { return nil }
            switch rule {
            case .absolute(let k): return k
            case .moneyness(let m):
                return m * (layer.instrument.onSPX ? model.spot : layer.instrument.onETN ? BookedLayer.indexBase : future)
            case .pointsOverFuture(let p): return future + p
            case .percentOverFuture(let p): return future * (1 + p / 100)
            case .delta(let target):
                return BookedLayer.putStrike(delta: target, pricer: pricers.spx, spot: model.spot, variance: v0, secondVariance: v20, years: tau)
            }
        }
        instrument = Instrument(kind: layer.instrument, lower: resolve(layer.strike), upper: resolve(layer.upperStrike))
        unitPrice = instrument.modelPrice(spot: model.spot, variance: v0, secondVariance: v20, index: BookedLayer.indexBase,
                                    days: layer.expiryDays, pricers: pricers)
        quantity = BookedLayer.units(layer: layer, budget: budget, perUnit: layer.instrument == .vixFuture ? future : unitPrice + halfSpread,
                                     integerContracts: integerContracts)
    }

    /// Units the layer's share of the budget buys at `perUnit` (mid plus half-spread; a future's price, since the
    /// budget buys that much notional), rounded down to whole listed contracts when asked; 0 for a price that is
    /// not positive and finite.
    static func units(layer: HedgeLayer, budget: Double, perUnit: Double, integerContracts: Bool) -> Double {
        var quantity = perUnit > 0 && perUnit.isFinite ? layer.weight * budget / perUnit : 0
        if integerContracts {
            let m = layer.instrument.contractMultiplier
            quantity = (quantity / m).rounded(.down) * m
        }
        return quantity
    }

    /// Whether the layer has weight but its model price is below what the pricers resolve (`priceAccuracy`): buying
    /// it would buy noise.
    var isBelowPriceAccuracy: Bool { layer.weight > 0 && !(unitPrice >= instrument.priceAccuracy) }

    /// The strike of the SPX put whose model delta is `target` (in (-1, 0)), by bisection on log-strike: put delta
    /// rises monotonically from -e^{-q tau} (deep in the money) to 0 as the strike falls.
    static func putStrike(delta target: Double, pricer: SPXOptionPricer, spot: Double, variance: Double, secondVariance: Double = 0,
                          years: Double) -> Double {
        var lo = log(spot) - 3, hi = log(spot) + 1
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            let d = pricer.value(.put, strike: exp(mid), spot: spot, variance: variance, secondVariance: secondVariance, years: years).delta
            if d < target { hi = mid } else { lo = mid }
        }
        return exp(0.5 * (lo + hi))
    }
}
