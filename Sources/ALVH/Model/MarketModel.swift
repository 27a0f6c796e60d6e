/// A validated market: initial state, the risk-neutral (Q) dynamics used to price and the real-world (P) dynamics
/// used for risk scenarios. Built from the market YAML (`MarketModel+YAML.swift`) or directly.
public struct MarketModel: Sendable, Equatable {
    /// SPX level at t0.
    public var spot: Double
    /// Continuously compounded risk-free rate (per year).
    public var rate: Double
    /// Continuous dividend yield (per year).
    public var dividendYield: Double
    /// `v_0`, annualised instantaneous variance (of the first, fast factor when there are two).
    public var initialVariance: Double
    /// `v2_0`, the second (slow) factor's initial variance; 0 for one factor.
    public var initialSecondVariance: Double
    public var riskNeutral: MeasureDynamics
    public var realWorld: MeasureDynamics
    /// Non-fatal remarks from validation that hold for every run (a non-affine driver correlation, say).
    public var warnings: [String]
    /// Failed Feller conditions, by the measure whose factor fails: they matter only to full-truncation Euler under that
    /// measure (QE handles a variance that reaches zero; pricing does not simulate), see `warnings(measure:scheme:)`.
    public var fellerWarnings: [FellerWarning] = []
    /// Where the market came from: its file, or `<embedded default market>`.
    public var source: String = "<market>"

    public init(spot: Double, rate: Double, dividendYield: Double, initialVariance: Double, initialSecondVariance: Double = 0,
                riskNeutral: MeasureDynamics, realWorld: MeasureDynamics? = nil, warnings: [String] = []) {
        precondition(riskNeutral.isTwoFactor || initialSecondVariance == 0, "a second variance needs a second factor")
        self.spot = spot
        self.rate = rate
        self.dividendYield = dividendYield
        self.initialVariance = initialVariance
        self.initialSecondVariance = initialSecondVariance
        self.riskNeutral = riskNeutral
        self.realWorld = realWorld ?? riskNeutral
        self.warnings = warnings
    }

    /// The remarks that apply to a run: the general ones, and the Feller ones for the measure that moves the paths
    /// when the scheme is Euler. `nil` measure (pricing, validation of a layout): the general ones only.
    public func warnings(measure: Measure?, scheme: PathScheme?) -> [String] {
        guard let measure, scheme == .euler else { return warnings }
        return warnings + fellerWarnings.filter { $0.measure == measure }.map(\.text)
    }

    /// Every remark, Feller ones included (what `alvh validate` shows).
    public var allWarnings: [String] { warnings + fellerWarnings.map(\.text) }

    public func dynamics(under measure: Measure) -> MeasureDynamics {
        measure == .riskNeutral ? riskNeutral : realWorld
    }

    /// The VIX map, always from the Q parameters (VIX is a risk-neutral expectation, whatever measure moves paths).
    public var vixFormula: VIXFormula { VIXFormula(riskNeutral: riskNeutral) }

    /// The 3-month VIX map (93 calendar days), from the Q parameters.
    public var threeMonthVIXFormula: VIXFormula { VIXFormula(riskNeutral: riskNeutral, tau: VIXFormula.threeMonthTau) }

    /// Whether the variance has two factors.
    public var isTwoFactor: Bool { riskNeutral.isTwoFactor }

    /// VIX at t0 implied by the initial variances.
    public var initialVIX: Double { vixFormula.vix(variance: initialVariance, secondVariance: initialSecondVariance) }

    /// VIX3M at t0 implied by the initial variances.
    public var initialVIX3M: Double { threeMonthVIXFormula.vix(variance: initialVariance, secondVariance: initialSecondVariance) }
}

/// A failed Feller condition of one measure's variance factor.
public struct FellerWarning: Sendable, Equatable {
    public let measure: Measure
    public let text: String
}
