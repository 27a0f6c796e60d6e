/// Put or call.
public enum OptionKind: String, Sendable, CaseIterable {
    case put
    case call
}

/// A price with its sensitivity to the underlying (per unit of the underlying; SPX delta, or d price / d v for
/// tables that need it).
public struct OptionValue: Sendable, Equatable {
    public let price: Double
    public let delta: Double
    public init(price: Double, delta: Double) {
        self.price = price
        self.delta = delta
    }
}
