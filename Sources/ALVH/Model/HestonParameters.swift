/// The square-root variance diffusion `dv = kappa (theta - v) dt + sigma sqrt(v) dW_v`, `d<W_S, W_v> = rho dt`
/// (Heston 1993). Units: years; `theta` and `v` are annualised variances (0.04 = 20 % volatility).
public struct HestonParameters: Sendable, Equatable, Codable {
    /// Mean-reversion speed (per year).
    public var kappa: Double
    /// Long-run variance of the diffusion part.
    public var theta: Double
    /// Volatility of variance.
    public var sigma: Double
    /// Correlation of the Brownian drivers of variance and log price.
    public var rho: Double

    public init(kappa: Double, theta: Double, sigma: Double, rho: Double) {
        self.kappa = kappa
        self.theta = theta
        self.sigma = sigma
        self.rho = rho
    }

    /// `2 kappa theta / sigma^2`; below 1 the Feller condition fails and v can touch zero (allowed, warned about).
    public var fellerRatio: Double { 2 * kappa * theta / (sigma * sigma) }
}
