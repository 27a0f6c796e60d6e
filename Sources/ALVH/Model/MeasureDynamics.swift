import Foundation

/// The SVCJ dynamics under one measure (DESIGN section 2):
///
///     dx = (mu - q - lambda mbar - v/2) dt + sqrt(v) dW_S + J_S dN,   x = ln S
///     dv = kappa (theta - v) dt + sigma sqrt(v) dW_v + J_v dN
///
/// `mu` is the expected total return (price plus dividends): `r` under Q, `equity_drift` under P.
public struct MeasureDynamics: Sendable, Equatable {
    public var totalReturnDrift: Double
    public var dividendYield: Double
    public var heston: HestonParameters
    /// `nil`: pure Heston.
    public var jumps: JumpParameters?

    public init(totalReturnDrift: Double, dividendYield: Double, heston: HestonParameters, jumps: JumpParameters?) {
        self.totalReturnDrift = totalReturnDrift
        self.dividendYield = dividendYield
        self.heston = heston
        self.jumps = jumps
    }

    /// Drift of `ln S` before the `-v/2` term: `mu - q - lambda mbar`, so that `E[S_t] = S_0 e^{(mu - q) t}`.
    public var logPriceDrift: Double {
        totalReturnDrift - dividendYield - (jumps.map { $0.intensity * $0.compensator } ?? 0)
    }

    /// `theta* = theta + lambda mu_v / kappa`: the long-run mean of `v` including variance jumps.
    public var longRunVariance: Double {
        heston.theta + (jumps.map { $0.intensity * $0.varianceJumpMean } ?? 0) / heston.kappa
    }

    /// `E[v_t | v_0] = theta* + (v_0 - theta*) e^{-kappa t}` (exact for the SVCJ variance; `t` in years).
    public func expectedVariance(initial v0: Double, years t: Double) -> Double {
        longRunVariance + (v0 - longRunVariance) * exp(-heston.kappa * t)
    }
}
