/// The engine's own consistency check, reported in every output: the simulated mean of `S_T / S_0` against its exact
/// value `e^{(mu - q) T}` under the run's measure (`mu = r` under Q, the equity drift under P; exact in continuous time
/// for this model). A gap of more than 5 standard errors means the discretisation is biased for this market (or the
/// parameters are beyond what the numerics support): the run still completes, and every output carries the warning.
public struct MartingaleCheck: Sendable, Equatable {
    public let simulatedMean: Double
    public let standardError: Double
    public let expected: Double
    public static let threshold = 5.0

    public init(priceRatios: SampleStatistics, expected: Double) {
        simulatedMean = priceRatios.mean
        standardError = priceRatios.standardError
        self.expected = expected
    }

    /// `(simulated - expected) / stderr`.
    public var standardErrors: Double { (simulatedMean - expected) / standardError }

    /// The warning to print, or nil when the check passes.
    public var warning: String? {
        guard simulatedMean.isFinite, standardError > 0 else {
            return simulatedMean.isFinite ? nil : "the simulated mean of S_T/S_0 is not finite: the paths broke down for this market."
        }
        guard abs(standardErrors) > MartingaleCheck.threshold else { return nil }
        return "martingale check failed: the simulated mean of S_T/S_0 is \(String(format: "%.6f", simulatedMean)) +/- "
            + "\(String(format: "%.6f", standardError)), \(String(format: "%.1f", standardErrors)) standard errors from its exact value "
            + "\(String(format: "%.6f", expected)) (limit 5): the scheme is biased for this market; try --scheme qe or more --steps-per-day."
    }
}
