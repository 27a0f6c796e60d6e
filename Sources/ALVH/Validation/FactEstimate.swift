/// A measured stylised fact: its value (natural units; `nil` where it is undefined, e.g. no day above VIX 30), the
/// number of observations behind it (days, day pairs or return windows) and its standard error (`nil` where the
/// method has fewer than two blocks or paths with a value; see `StylisedFacts.StandardErrorMethod`).
public struct FactEstimate: Sendable, Equatable {
    public let value: Double?
    public let observations: Int
    public let standardError: Double?

    public init(value: Double?, observations: Int, standardError: Double?) {
        self.value = value
        self.observations = observations
        self.standardError = standardError
    }
}
