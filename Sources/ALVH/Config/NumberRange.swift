/// An interval of allowed values for a config number, open or closed at each end, printed as `(0, 50]`.
public struct NumberRange: Sendable, Equatable, CustomStringConvertible {
    public let lower: Double
    public let lowerIncluded: Bool
    public let upper: Double
    public let upperIncluded: Bool

    public static func closed(_ lower: Double, _ upper: Double) -> NumberRange {
        NumberRange(lower: lower, lowerIncluded: true, upper: upper, upperIncluded: true)
    }
    /// `(lower, upper]`
    public static func aboveUpTo(_ lower: Double, _ upper: Double) -> NumberRange {
        NumberRange(lower: lower, lowerIncluded: false, upper: upper, upperIncluded: true)
    }
    public static func open(_ lower: Double, _ upper: Double) -> NumberRange {
        NumberRange(lower: lower, lowerIncluded: false, upper: upper, upperIncluded: false)
    }

    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        let aboveLower = lowerIncluded ? x >= lower : x > lower
        let belowUpper = upperIncluded ? x <= upper : x < upper
        return aboveLower && belowUpper
    }

    public var description: String {
        "\(lowerIncluded ? "[" : "(")\(NumberRange.format(lower)), \(NumberRange.format(upper))\(upperIncluded ? "]" : ")")"
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}
