extension StylisedFact {
    /// The band of each line. Round numbers, chosen for what a hedge's risk figures are sensitive to, not derived from
    /// sampling error (the standard errors are shown beside): level percentiles within 15 % (tails 25 %), rare-day
    /// shares and half-lives within a factor (1.5 above VIX 30, 2 above 40 and for half-lives), volatilities of VIX
    /// changes within 25 % (their ratio 20 %), the correlation within 0.1, SPX tail quantiles and ES within 25 %, the
    /// futures curve within 10 points (backwardation) or 3 points (slope, basis), the roll index within a factor 1.5,
    /// VIX3M / VIX within 0.05 and the inverted share within 5 points.
    public var comparisonBand: ComparisonBand {
        switch self {
        case .vixPercentile(let p): return p >= 95 ? .relative(0.25) : .relative(0.15)
        case .vixShareAbove(let level): return level <= 30 ? .factor(1.5) : .factor(2)
        case .vixChangeVolatility: return .relative(0.25)
        case .vixChangeVolatilityRatio: return .relative(0.2)
        case .halfLife: return .factor(2)
        case .spxVIXCorrelation: return .absolute(0.1)
        case .spxReturnQuantile, .spxExpectedShortfall: return .relative(0.25)
        case .backwardationShare: return .absolute(0.10)
        case .secondOverFront, .frontOverVIX: return .absolute(0.03)
        case .rollIndexMonthlyChange: return .factor(1.5)
        case .vix3mOverVIX, .vixAboveVIX3MShare: return .absolute(0.05)
        }
    }

    /// Hard requirements: a model that misses one of these gives misleading hedge figures, whatever the other lines.
    /// - VIX median: where the hedge's strikes sit relative to the usual VIX (strikes are set off the futures).
    /// - share of days with VIX above 30: how often stress payoffs happen at all.
    /// - ratio of the volatility of VIX changes above 30 to below 16: VIX calls gain most when the VIX is already high
    ///   and moving; a model without it misprices the convexity in stress.
    /// - AR(1) half-life of the VIX: how long a spike lasts, so what a layer is worth when it is sold or rolled.
    /// - corr(SPX return, d ln VIX): whether the VIX legs pay when the equity book loses.
    /// - 63-day SPX ES99 from calm starts: the crash risk when protection is cheapest to buy.
    /// - backwardation share of the futures curve: the carry cost of futures and ETN layers.
    public var isHardRequirement: Bool {
        switch self {
        case .vixPercentile(let p): return p == 50
        case .vixShareAbove(let level): return level == 30
        case .vixChangeVolatilityRatio, .halfLife(logarithm: false), .spxVIXCorrelation, .backwardationShare: return true
        case .spxExpectedShortfall(_, let calm): return calm
        default: return false
        }
    }
}
