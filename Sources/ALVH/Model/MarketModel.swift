/// A validated market: initial state, the risk-neutral (Q) dynamics used to price and the real-world (P) dynamics
/// used for risk scenarios. Built from the market YAML (`MarketModel+YAML.swift`) or directly.
public struct MarketModel: Sendable, Equatable {
    /// SPX level at t0.
    public var spot: Double
    /// Continuously compounded risk-free rate (per year).
    public var rate: Double
    /// Continuous dividend yield (per year).
    public var dividendYield: Double
    /// `v_0`, annualised instantaneous variance.
    public var initialVariance: Double
    public var riskNeutral: MeasureDynamics
    public var realWorld: MeasureDynamics
    /// Non-fatal remarks from validation (a failed Feller condition, say), for the CLI to print.
    public var warnings: [String]

    public init(spot: Double, rate: Double, dividendYield: Double, initialVariance: Double,
                riskNeutral: MeasureDynamics, realWorld: MeasureDynamics? = nil, warnings: [String] = []) {
        self.spot = spot
        self.rate = rate
        self.dividendYield = dividendYield
        self.initialVariance = initialVariance
        self.riskNeutral = riskNeutral
        self.realWorld = realWorld ?? riskNeutral
        self.warnings = warnings
    }

    public func dynamics(under measure: Measure) -> MeasureDynamics {
        measure == .riskNeutral ? riskNeutral : realWorld
    }

    /// The VIX map, always from the Q parameters (VIX is a risk-neutral expectation, whatever measure moves paths).
    public var vixFormula: VIXFormula { VIXFormula(riskNeutral: riskNeutral) }

    /// VIX at t0 implied by `initialVariance`.
    public var initialVIX: Double { vixFormula.vix(variance: initialVariance) }
}
