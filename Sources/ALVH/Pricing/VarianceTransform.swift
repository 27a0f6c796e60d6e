import Numerics
import Foundation

/// The transform of the variance `E[e^{s v_{t+tau}} | v_t = v] = exp(alpha(s, tau) + beta(s, tau) v)` under Q, for
/// complex `s` with `Re s` below the explosion bound (here `s = i omega`, always fine).
///
/// CIR part (Cox, Ingersoll & Ross 1985): with `c = sigma^2 (1 - e^{-kappa tau}) / (2 kappa)`,
/// `beta = s e^{-kappa tau} / (1 - c s)`, `alpha = -(2 kappa theta / sigma^2) ln(1 - c s)`.
/// Exponential variance jumps (mean `mu_v`, intensity `lambda`) add
/// `lambda int_0^tau (1/(1 - mu_v beta(s, t)) - 1) dt
///    = lambda mu_v / (kappa (h - mu_v)) ln((1 - mu_v s) / (1 - h s + (h - mu_v) s e^{-kappa tau}))`, `h = sigma^2/(2 kappa)`
/// (substitute `y = e^{-kappa t}`; the limit `h = mu_v` is `lambda mu_v s (1 - e^{-kappa tau}) / (kappa (1 - h s))`).
/// Logarithms are taken of numerator and denominator separately: both have real part 1 for imaginary `s`, so the
/// principal branch is continuous.
public struct VarianceTransform: Sendable {
    public let dynamics: MeasureDynamics

    public init(dynamics: MeasureDynamics) { self.dynamics = dynamics }

    public func coefficients(s: Complex<Double>, years tau: Double) -> (alpha: Complex<Double>, beta: Complex<Double>) {
        let h = dynamics.heston
        let e = exp(-h.kappa * tau)
        let half = h.sigma * h.sigma / (2 * h.kappa)
        let c = half * (1 - e)
        let denominator = 1 - s * c
        let beta = s * e / denominator
        var alpha = Complex.log(denominator) * (-2 * h.kappa * h.theta / (h.sigma * h.sigma))
        if let j = dynamics.jumps, j.varianceJumpMean > 0 {
            let muV = j.varianceJumpMean
            if abs(half - muV) > 1e-12 * max(half, muV) {
                let numerator: Complex<Double> = 1 - s * muV
                let denominatorJ: Complex<Double> = 1 - s * (half - (half - muV) * e)
                let ratio: Complex<Double> = Complex.log(numerator) - Complex.log(denominatorJ)
                let scale: Double = j.intensity * muV / (h.kappa * (half - muV))
                alpha = alpha + ratio * scale
            } else {
                let scale: Double = j.intensity * muV * (1 - e) / h.kappa
                let limit: Complex<Double> = (s * scale) / (1 - s * half)
                alpha = alpha + limit
            }
        }
        return (alpha, beta)
    }

    /// `E[e^{i omega v_{t+tau}} | v]`.
    public func characteristicFunction(omega: Double, years tau: Double, variance v: Double) -> Complex<Double> {
        let (alpha, beta) = coefficients(s: Complex(0, omega), years: tau)
        return Complex.exp(alpha + beta * v)
    }

    /// `E[v_{t+tau} | v]` (exact).
    public func mean(variance v: Double, years tau: Double) -> Double {
        dynamics.expectedVariance(initial: v, years: tau)
    }

    /// `Var[v_{t+tau} | v] = sigma^2 [theta* (1 - e^{-2 kappa tau})/(2 kappa) + (v - theta*)(e^{-kappa tau} - e^{-2 kappa tau})/kappa]
    ///  + 2 lambda mu_v^2 (1 - e^{-2 kappa tau})/(2 kappa)` (from `dVar/dt = -2 kappa Var + sigma^2 E[v_t] + lambda E[J_v^2]`).
    public func variance(variance v: Double, years tau: Double) -> Double {
        let h = dynamics.heston
        let thetaStar = dynamics.longRunVariance
        let e1 = exp(-h.kappa * tau), e2 = exp(-2 * h.kappa * tau)
        var result = h.sigma * h.sigma * (thetaStar * (1 - e2) / (2 * h.kappa) + (v - thetaStar) * (e1 - e2) / h.kappa)
        if let j = dynamics.jumps { result += 2 * j.intensity * j.varianceJumpMean * j.varianceJumpMean * (1 - e2) / (2 * h.kappa) }
        return max(result, 0)
    }
}
