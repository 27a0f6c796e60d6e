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
    /// Non-fatal remarks from validation (a failed Feller condition, say), for the CLI to print.
    public var warnings: [String]

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
