import Foundation

/// Co-jumps in log price and variance (SVCJ of Duffie, Pan & Singleton 2000; Eraker, Johannes & Polson 2003):
/// `N ~ Poisson(lambda t)`, `J_v ~ Exponential(mean mu_v)`, `J_S | J_v ~ Normal(mu_s + rho_J J_v, s_s^2)`.
/// Bates (SVJ) is `varianceJumpMean == 0`.
///
/// The intensity may rise with the total variance `V` (state-dependent jumps, still affine):
/// `lambda_t = lambda_0 + lambda_1 V_t`; `lambda_1 = 0` is the constant rate of the papers above. Variance jumps
/// land on the first (fast) variance factor.
public struct JumpParameters: Sendable, Equatable, Codable {
    /// `lambda_0`: jumps per year at zero variance (the whole rate when `intensityPerVariance == 0`).
    public var intensity: Double
    /// `lambda_1`: extra jumps per year per unit of annualised variance (`lambda_t = lambda_0 + lambda_1 V_t`).
    public var intensityPerVariance: Double
    /// `mu_s`: mean log-price jump when the variance jump is zero.
    public var meanLogJump: Double
    /// `s_s`: standard deviation of the log-price jump.
    public var logJumpVolatility: Double
    /// `mu_v`: mean of the exponential variance jump (annualised variance units).
    public var varianceJumpMean: Double
    /// `rho_J`: loading of the log-price jump on the variance jump.
    public var correlation: Double

    public init(intensity: Double, meanLogJump: Double, logJumpVolatility: Double,
                varianceJumpMean: Double, correlation: Double, intensityPerVariance: Double = 0) {
        self.intensity = intensity
        self.intensityPerVariance = intensityPerVariance
        self.meanLogJump = meanLogJump
        self.logJumpVolatility = logJumpVolatility
        self.varianceJumpMean = varianceJumpMean
        self.correlation = correlation
    }

    /// `mbar = E[e^{J_S} - 1] = e^{mu_s + s_s^2/2} / (1 - rho_J mu_v) - 1`, finite only when `rho_J mu_v < 1`
    /// (the moment generating function of the exponential at `rho_J`).
    public var compensator: Double {
        exp(meanLogJump + 0.5 * logJumpVolatility * logJumpVolatility) / (1 - correlation * varianceJumpMean) - 1
    }

    /// `E[J_S] = mu_s + rho_J mu_v`.
    public var meanLogPriceJump: Double { meanLogJump + correlation * varianceJumpMean }

    /// `lambda_t` at total variance `V` (negative `V`, possible between Euler steps, counts as 0).
    @inline(__always)
    public func intensity(totalVariance v: Double) -> Double { intensity + intensityPerVariance * max(v, 0) }
}
