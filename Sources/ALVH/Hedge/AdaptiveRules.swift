/// The rules of an adaptive (daily-stepped) hedge book: the `adaptive:` section of a layout (schema and meaning in
/// `configs/layouts/alvh-442-adaptive.yaml`). Absent: the static book (buy at t0, hold).
///
/// With rules, each layer is a *slot*: `expiry_days` is its tenor at every opening, its `weight` its share of its
/// group, and the group's share of the budget comes from the regime of the day (and the signals). Every trading day,
/// in this order: the market view (SPX, factors, VIX, futures curve); indicators; the regime; settlement of layers
/// expiring today; take-profit sales; rolls (close `roll_days` before expiry, reopen with the strike re-resolved on
/// the path); openings of empty slots; marks.
public struct AdaptiveRules: Sendable, Equatable {
    /// Premium per year as a fraction of notional. A slot opened for `life` trading days (its tenor less its roll
    /// days) is allotted `budget_per_year x notional x life / 252 x group weight x layer weight`, so that each slot
    /// spends its share of the yearly budget whatever its tenor. Unspent cash earns `r`.
    public var budgetPerYear: Double
    /// Trading days before expiry at which a layer is closed and reopened (0: held to expiry, then reopened).
    public var rollDays: [LayerGroup: Int]
    public var takeProfit: TakeProfitRule?
    /// Non-overlapping bands of (level, curve slope); every day falls in exactly one.
    public var regimes: [Regime]
    /// What the regimes' level bands read: the VIX, or the constant-maturity 1-month future (the VXTH rule's input).
    public var levelSource: RegimeLevel = .vix
    public var macd: MACDSignal?
    public var rsi: RSISignal?
    public var costs: TradingCosts

    public init(budgetPerYear: Double, rollDays: [LayerGroup: Int] = [:], takeProfit: TakeProfitRule? = nil, regimes: [Regime],
                macd: MACDSignal? = nil, rsi: RSISignal? = nil, costs: TradingCosts = TradingCosts()) {
        self.budgetPerYear = budgetPerYear
        self.rollDays = rollDays
        self.takeProfit = takeProfit
        self.regimes = regimes
        self.macd = macd
        self.rsi = rsi
        self.costs = costs
    }

    /// The regime of a day, by its level (the VIX, or the 1-month future: `levelSource`) and curve slope
    /// (`F_2 / F_1 - 1` of the constant-maturity 1- and 2-month futures); the regimes' bands tile the plane, so exactly
    /// one matches (checked when the file is read; a NaN level or slope falls in the last regime).
    public func regime(vix: Double, slope: Double) -> Int {
        regimes.firstIndex { $0.vix.contains(vix) && $0.slope.contains(slope) } ?? (regimes.count - 1)
    }

    /// The regime of a day from the market view: its level by `levelSource`.
    @inline(__always)
    func regime(vix: Double, front: Double, slope: Double) -> Int {
        regime(vix: levelSource == .vix ? vix : front, slope: slope)
    }

    /// Each regime's group weights, read once (the daily loop reads no dictionary).
    var baseWeights: [GroupWeights] {
        regimes.map { GroupWeights(short: $0.weights[.short] ?? 0, medium: $0.weights[.medium] ?? 0, long: $0.weights[.long] ?? 0) }
    }

    /// The groups' shares of the budget (short, medium, long) and the budget scale on a day: the regime's weights,
    /// then the signals' shifts in order (MACD on the VIX while its line is above its signal; RSI on the SPX below
    /// `oversold` or above `overbought`, once it has `period` changes). Each shift moves `fraction` of the `from`
    /// group's current weight to the `to` group, so the weights still sum to 1.
    @inline(__always)
    func groupWeights(regime k: Int, base: [GroupWeights], macd: MACDState, rsi: RSIState) -> (weights: GroupWeights, scale: Double) {
        let r = regimes[k]
        var w = base[k]
        func shift(_ s: WeightShift) {
            let moved = w[s.from] * s.fraction
            w[s.from] -= moved
            w[s.to] += moved
        }
        if let m = self.macd, macd.histogram > 0 { shift(m.shift) }
        if let signal = self.rsi, rsi.seen >= signal.parameters.period {
            let value = rsi.value
            if let s = signal.whenOversold, value < signal.parameters.oversold { shift(s) }
            if let s = signal.whenOverbought, value > signal.parameters.overbought { shift(s) }
        }
        return (w, r.budgetScale)
    }

    /// Days of indicator history needed before t0.
    public var warmUpDays: Int { max(macd?.parameters.warmUpDays ?? 0, rsi?.parameters.warmUpDays ?? 0) }
}

/// What a regime's level band reads.
public enum RegimeLevel: String, Sendable, Equatable {
    case vix
    /// The constant-maturity 1-month (21 trading days) VIX future.
    case future
}

/// The three groups' shares of the budget on a day.
struct GroupWeights: Sendable, Equatable {
    var short: Double
    var medium: Double
    var long: Double

    subscript(group: LayerGroup) -> Double {
        get {
            switch group {
            case .short: return short
            case .medium: return medium
            case .long: return long
            }
        }
        set {
            switch group {
            case .short: short = newValue
            case .medium: medium = newValue
            case .long: long = newValue
            }
        }
    }
}

/// A half-open band `[lower, upper)`; `upper` may be infinite.
public struct Band: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public static let all = Band(-.infinity, .infinity)

    @inline(__always) public func contains(_ x: Double) -> Bool { x >= lower && x < upper }
    func overlaps(_ other: Band) -> Bool { lower < other.upper && other.lower < upper }
}

/// A volatility regime: where it applies and the groups' shares of the budget there (summing to 1; a regime may
/// also scale the whole budget, e.g. the VXTH rule's 0 below VIX 15 and half above 30).
public struct Regime: Sendable, Equatable {
    public var name: String
    public var vix: Band
    public var slope: Band
    public var weights: [LayerGroup: Double]
    public var budgetScale: Double

    public init(name: String, vix: Band, slope: Band = .all, weights: [LayerGroup: Double], budgetScale: Double = 1) {
        self.name = name
        self.vix = vix
        self.slope = slope
        self.weights = weights
        self.budgetScale = budgetScale
    }
}

/// Monetise and redeploy: a layer whose bid value reaches `multiple` times what it cost is sold, and the proceeds
/// are added to the budget of the next openings of `redeployTo`.
public struct TakeProfitRule: Sendable, Equatable {
    public var multiple: Double
    public var redeployTo: LayerGroup
}

/// Moves `fraction` of one group's weight to another while a condition holds.
public struct WeightShift: Sendable, Equatable {
    public var from: LayerGroup
    public var to: LayerGroup
    public var fraction: Double
}

/// MACD on the VIX: while the MACD line is above its signal (VIX momentum up), `shift` applies.
public struct MACDSignal: Sendable, Equatable {
    public var parameters: MACDParameters
    public var shift: WeightShift
}

/// RSI on the SPX: below `oversold`, `whenOversold` applies; above `overbought`, `whenOverbought`.
public struct RSISignal: Sendable, Equatable {
    public var parameters: RSIParameters
    public var whenOversold: WeightShift?
    public var whenOverbought: WeightShift?
}

/// Costs of trading: a half-spread per unit on every purchase and sale, by instrument kind, in the instrument's
/// price points, widening with the VIX: `half_spread + per_vix_point x VIX`. Positions are marked at bid (mid less
/// the half-spread) for the risk figures (the liquidation basis) and at mid for accounting; reports say which.
public struct TradingCosts: Sendable, Equatable {
    public var halfSpreadPerVIXPoint: [HedgeInstrument: Double]

    public init(halfSpreadPerVIXPoint: [HedgeInstrument: Double] = [:]) { self.halfSpreadPerVIXPoint = halfSpreadPerVIXPoint }
}
