/// A hedge layout (DESIGN section 4): a portfolio, a premium budget and layers. Data, read from YAML
/// (`HedgeLayout+YAML.swift`); `configs/layouts/alvh-442.yaml` documents the schema in its comments.
public struct HedgeLayout: Sendable, Equatable {
    public var name: String
    public var portfolio: Portfolio
    public var budget: Budget
    public var layers: [HedgeLayer]
    /// The rules of the daily-stepped book (`adaptive:`); nil: the static book, bought at t0 and held.
    public var adaptive: AdaptiveRules?
    /// Where the layout came from (its file, or `<embedded ...>`), so that errors found when it is booked against a
    /// market name the file.
    public var source: String = "<layout>"

    /// The equity book being hedged: `notional` in currency, `beta` to SPX.
    public struct Portfolio: Sendable, Equatable {
        public var notional: Double
        public var beta: Double
    }

    /// `premium`: fraction of notional spent at t0; `halfSpreads`: cost per unit bought, in the instrument's own
    /// price points (VIX points, SPX points, index units for the ETN), by instrument kind; `integerContracts`: round
    /// each layer down to whole listed contracts.
    /// `acceptTinyPrices`: book layers whose model price is below the pricer's stated accuracy (refused otherwise,
    /// since the quantity bought would be noise: a 4e-10 call buys 4.6e14 units).
    public struct Budget: Sendable, Equatable {
        public var premium: Double
        public var halfSpreads: [HedgeInstrument: Double]
        public var integerContracts: Bool
        public var acceptTinyPrices: Bool = false
    }
}

/// The layer groups of the ALVH (short VIX, medium SPX, long VIX).
public enum LayerGroup: String, Sendable, CaseIterable {
    case short, medium, long
}

/// The instruments a layer can hold.
public enum HedgeInstrument: String, Sendable, CaseIterable, Hashable {
    case vixFuture = "vix-future"
    case vixCall = "vix-call"
    case vixCallSpread = "vix-call-spread"
    case spxPut = "spx-put"
    case spxPutSpread = "spx-put-spread"
    case etn = "etn"
    case etnCall = "etn-call"

    public var isSpread: Bool { self == .vixCallSpread || self == .spxPutSpread }
    public var hasStrike: Bool { self != .vixFuture && self != .etn }
    public var onSPX: Bool { self == .spxPut || self == .spxPutSpread }
    public var onETN: Bool { self == .etn || self == .etnCall }
    /// Units per listed contract, for `integer_contracts`: an ETN position is whole shares (one unit each, priced at
    /// the index level on base 100); futures and options are listed lots.
    public var contractMultiplier: Double {
        switch self {
        case .vixFuture: return ListedContract.vixFutureMultiplier
        case .etn: return 1
        default: return ListedContract.optionMultiplier
        }
    }
}

/// How a strike is set at t0.
public enum StrikeRule: Sendable, Equatable {
    /// Index points (VIX points for VIX options, SPX points for SPX options, index level for the ETN).
    case absolute(Double)
    /// A multiple of the underlying at t0: SPX spot for SPX options, the matching future for VIX, the ETN level.
    case moneyness(Double)
    /// The matching VIX future plus these points (VIX options).
    case pointsOverFuture(Double)
    /// The matching VIX future times `1 + p/100` (VIX options).
    case percentOverFuture(Double)
    /// The SPX put whose model delta (from the COS pricer, under Q) is this, e.g. -0.25 (SPX options).
    case delta(Double)

    public static let keys = ["absolute", "moneyness", "points_over_future", "percent_over_future", "delta"]
}

/// One layer: what to buy, when it expires, how its strike is set, and its share of the premium budget.
/// For spreads, `strike` is the lower strike and `upperStrike` the upper one: a call spread is long the lower and
/// short the upper call; a put spread is long the upper and short the lower put.
public struct HedgeLayer: Sendable, Equatable {
    public var name: String
    public var group: LayerGroup
    public var instrument: HedgeInstrument
    /// Trading days from t0 to expiry.
    public var expiryDays: Int
    public var strike: StrikeRule?
    public var upperStrike: StrikeRule?
    /// Share of the premium budget; the layers' weights sum to 1.
    public var weight: Double
}
