/// Which probability measure drives the paths: risk-neutral (Q, for pricing and consistency checks) or real-world
/// (P, for risk scenarios). They share `sigma` and `rho` (Girsanov); see `MarketModel`.
public enum Measure: String, Sendable, CaseIterable, Codable {
    case riskNeutral = "risk-neutral"
    case realWorld = "real-world"
}
