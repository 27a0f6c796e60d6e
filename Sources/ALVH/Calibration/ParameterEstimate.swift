/// One estimated parameter: its value, its standard error (`nil` when the estimator gives none) and its units, as the
/// calibration report prints it.
public struct ParameterEstimate: Sendable, Equatable {
    /// The YAML-style name (`kappa`, `theta`, `equity_drift`, ...).
    public let name: String
    public let value: Double
    public let standardError: Double?
    public let units: String

    public init(name: String, value: Double, standardError: Double?, units: String) {
        self.name = name
        self.value = value
        self.standardError = standardError
        self.units = units
    }

    /// `|value - truth| / standardError` (infinity without a standard error): how many standard errors off `truth` is.
    public func standardErrors(from truth: Double) -> Double {
        guard let se = standardError, se > 0 else { return .infinity }
        return abs(value - truth) / se
    }
}
