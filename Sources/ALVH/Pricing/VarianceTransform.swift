import Numerics
import Foundation

/// The joint transform of the factor variances
/// `E[e^{s v1_{t+tau} + s2 v2_{t+tau}} | v1, v2] = exp(alpha(s, s2, tau) + beta(s, s2, tau) v1 + beta2(s, s2, tau) v2)`
/// under Q, for complex `s, s2` with real parts below the explosion bound (imaginary, or negative real, always fine).
///
/// Constant intensity: the factors are independent and each is a CIR process (Cox, Ingersoll & Ross 1985), the first
/// with exponential jumps: with `c = sigma^2 (1 - e^{-kappa tau}) / (2 kappa)`, `beta = s e^{-kappa tau} / (1 - c s)`,
/// `alpha = -(2 kappa theta / sigma^2) ln(1 - c s)`. Exponential variance jumps (mean `mu_v`, intensity `lambda`) add
/// `lambda int_0^tau (1/(1 - mu_v beta(s, t)) - 1) dt
///    = lambda mu_v / (kappa (h - mu_v)) ln((1 - mu_v s) / (1 - h s + (h - mu_v) s e^{-kappa tau}))`, `h = sigma^2/(2 kappa)`
/// (substitute `y = e^{-kappa t}`; the limit `h = mu_v` is `lambda mu_v s (1 - e^{-kappa tau}) / (kappa (1 - h s))`).
/// Logarithms are taken of numerator and denominator separately: both have real part 1 for imaginary `s`, so the
/// principal branch is continuous. With `lambda_1 > 0` the jump rate couples the factors and the Riccati ODEs are
/// solved (`AffineRiccatiSolver` at `z = 0`).
public struct VarianceTransform: Sendable {
    public let dynamics: MeasureDynamics
    let solver: AffineRiccatiSolver

    public init(dynamics: MeasureDynamics) {
        self.dynamics = dynamics
        solver = AffineRiccatiSolver(dynamics: dynamics, stepsPerYear: AffineRiccatiSolver.pricingStepsPerYear)
    }

    public var hasClosedForm: Bool { (dynamics.jumps?.intensityPerVariance ?? 0) == 0 }

    /// The first factor's transform (one-factor form).
    public func coefficients(s: Complex<Double>, years tau: Double) -> (alpha: Complex<Double>, beta: Complex<Double>) {
        let c = coefficients(s: s, s2: .zero, years: tau)
        return (c.alpha, c.beta)
    }

    public func coefficients(s: Complex<Double>, s2: Complex<Double>, years tau: Double)
        -> (alpha: Complex<Double>, beta: Complex<Double>, beta2: Complex<Double>) {
        guard hasClosedForm else {
            let c = solver.coefficients(z: .zero, w: s, w2: s2, years: tau)
            return (c.a, c.b, c.b2)
        }
        let h = dynamics.heston
        var (alpha, beta) = VarianceTransform.squareRoot(h, s: s, years: tau)
        if let j = dynamics.jumps, j.varianceJumpMean > 0 {
            let e = exp(-h.kappa * tau)
            let half = h.sigma * h.sigma / (2 * h.kappa)
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
        var beta2 = Complex<Double>.zero
        if let f2 = dynamics.secondFactor {
            let second = VarianceTransform.squareRoot(f2, s: s2, years: tau)
            alpha = alpha + second.alpha
            beta2 = second.beta
        }
        return (alpha, beta, beta2)
    }

    /// The CIR transform of one factor without jumps.
    static func squareRoot(_ h: HestonParameters, s: Complex<Double>, years tau: Double) -> (alpha: Complex<Double>, beta: Complex<Double>) {
        let e = exp(-h.kappa * tau)
        let c = h.sigma * h.sigma / (2 * h.kappa) * (1 - e)
        let denominator = 1 - s * c
        return (Complex.log(denominator) * (-2 * h.kappa * h.theta / (h.sigma * h.sigma)), s * e / denominator)
    }

    /// `E[e^{i omega v_{t+tau}} | v]` (first factor, one-factor form).
    public func characteristicFunction(omega: Double, years tau: Double, variance v: Double) -> Complex<Double> {
        let (alpha, beta) = coefficients(s: Complex(0, omega), years: tau)
        return Complex.exp(alpha + beta * v)
    }

    /// `E[v_{t+tau} | v]` of the first factor (exact).
    public func mean(variance v: Double, years tau: Double) -> Double {
        dynamics.expectedVariance(initial: v, years: tau)
    }

    /// `Var[v_{t+tau} | v]` of the first factor with a constant intensity:
    /// `sigma^2 [theta* (1 - e^{-2 kappa tau})/(2 kappa) + (v - theta*)(e^{-kappa tau} - e^{-2 kappa tau})/kappa]
    ///  + 2 lambda mu_v^2 (1 - e^{-2 kappa tau})/(2 kappa)` (from `dVar/dt = -2 kappa Var + sigma^2 E[v_t] + lambda E[J_v^2]`).
    public func variance(variance v: Double, years tau: Double) -> Double {
        let h = dynamics.heston
        let thetaStar = dynamics.longRunVariance
        let e1 = exp(-h.kappa * tau), e2 = exp(-2 * h.kappa * tau)
        var result = h.sigma * h.sigma * (thetaStar * (1 - e2) / (2 * h.kappa) + (v - thetaStar) * (e1 - e2) / h.kappa)
        if let j = dynamics.jumps { result += 2 * j.intensity * j.varianceJumpMean * j.varianceJumpMean * (1 - e2) / (2 * h.kappa) }
        return max(result, 0)
    }

    /// Mean and variance of `Y = A_1 v1_{t+tau} + A_2 v2_{t+tau}`. Constant intensity: the factors are independent
    /// (first factor as `variance(variance:years:)`, the second the CIR variance); otherwise the variance is the second
    /// derivative of `ln E[e^{sY}]` at 0 by a central difference on the ODE transform (step `1e-3 / E[Y]`, error
    /// `O(h^2 kappa_4)`: a few parts in a thousand, enough for a truncation range).
    public func moments(loadings a1: Double, _ a2: Double, variance v: Double, secondVariance v2: Double, years tau: Double)
        -> (mean: Double, variance: Double) {
        let m = dynamics.expectedVariances(initial: v, v2, years: tau)
        let mean = a1 * m.first + a2 * m.second
        if hasClosedForm {
            var variance = a1 * a1 * self.variance(variance: v, years: tau)
            if let f2 = dynamics.secondFactor {
                let e1 = exp(-f2.kappa * tau), e2 = exp(-2 * f2.kappa * tau)
                let v2Variance = f2.sigma * f2.sigma * (f2.theta * (1 - e2) / (2 * f2.kappa) + (v2 - f2.theta) * (e1 - e2) / f2.kappa)
                variance += a2 * a2 * max(v2Variance, 0)
            }
            return (mean, variance)
        }
        let h = 1e-3 / max(mean, 1e-6)
        func logLaplace(_ s: Double) -> Double {
            let c = coefficients(s: Complex(s * a1, 0), s2: Complex(s * a2, 0), years: tau)
            return c.alpha.real + c.beta.real * v + c.beta2.real * v2
        }
        let second = (logLaplace(h) + logLaplace(-h)) / (h * h)   // ln M(0) = 0
        return (mean, max(second, 0))
    }
}
