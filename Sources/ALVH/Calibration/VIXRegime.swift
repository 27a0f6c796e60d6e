/// A VIX regime for `alvh calibrate history --regimes`: the transitions whose starting VIX lies in `range` (lower
/// bound included, upper excluded). Bands: low below 15, normal 15-20, elevated 20-30, crisis 30 and above.
public struct VIXRegime: Sendable, Equatable {
    public let name: String
    public let range: Range<Double>

    public static let low = VIXRegime(name: "low", range: 0..<15)
    public static let normal = VIXRegime(name: "normal", range: 15..<20)
    public static let elevated = VIXRegime(name: "elevated", range: 20..<30)
    public static let crisis = VIXRegime(name: "crisis", range: 30..<Double.infinity)
    public static let all: [VIXRegime] = [.low, .normal, .elevated, .crisis]

    /// `VIX < 15`, `15 <= VIX < 20`, ...
    public var label: String {
        if range.lowerBound <= 0 { return "VIX < \(Int(range.upperBound))" }
        if range.upperBound == .infinity { return "VIX >= \(Int(range.lowerBound))" }
        return "\(Int(range.lowerBound)) <= VIX < \(Int(range.upperBound))"
    }
}
