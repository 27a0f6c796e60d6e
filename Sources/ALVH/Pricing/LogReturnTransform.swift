import Numerics
import Foundation

/// The characteristic function of the log return `X = ln(S_{t+tau} / S_t)` under the Q dynamics, affine in the
/// current factor variances: `E[e^{iuX} | v1, v2] = exp(A(u, tau) + B_1(u, tau) v1 + B_2(u, tau) v2)`.
/// With a constant jump intensity the factors separate and every piece has a closed form (below; two factors are
/// the product of two Heston transforms, Christoffersen, Heston & Jacobs 2009); with `lambda_1 > 0` the Riccati
/// ODEs are solved numerically (`AffineRiccatiSolver`).
///
/// - Heston part in the "little trap" form of Albrecher, Mayer, Schoutens & Tistaert (2007), which stays on the
///   principal branch of the logarithm for all `u` and `tau`:
///   `d = sqrt((rho sigma iu - kappa)^2 + sigma^2 (iu + u^2))`, `g = (kappa - rho sigma iu - d)/(kappa - rho sigma iu + d)`,
///   `B = (kappa - rho sigma iu - d)/sigma^2 (1 - e^{-d tau})/(1 - g e^{-d tau})`,
///   `A = iu (r - q - lambda mbar) tau + kappa theta/sigma^2 [(kappa - rho sigma iu - d) tau - 2 ln((1 - g e^{-d tau})/(1 - g))]`.
/// - Bates (no variance jumps): `A += lambda tau (e^{iu mu_s - u^2 s_s^2/2} - 1)` (closed form).
/// - SVCJ (co-jumps): `A += lambda int_0^tau [e^{iu mu_s - u^2 s_s^2/2} / (1 - mu_v (B(u, t) + iu rho_J)) - 1] dt`, the
///   Riccati equation of the affine jump-diffusion (Duffie, Pan & Singleton 2000) with Heston's `B` in closed form and
///   the integral by 24-point Gauss-Legendre (smooth integrand; agrees with the RK4 solver to 1e-12, see the tests).
public struct LogReturnTransform: Sendable {
    public let dynamics: MeasureDynamics
    static let jumpQuadrature = GaussLegendre(order: 24)
    /// For state-dependent jumps (`lambda_1 > 0`), where no closed form exists.
    let solver: AffineRiccatiSolver

    public init(dynamics: MeasureDynamics) {
        self.dynamics = dynamics
        solver = AffineRiccatiSolver(dynamics: dynamics, stepsPerYear: AffineRiccatiSolver.pricingStepsPerYear)
    }

    /// Cache key of a frequency grid: horizon, range width and number of terms.
    struct Key: Hashable, Sendable {
        let years: Double
        let width: Double
        let terms: Int
    }

    /// Whether `coefficients` uses the closed forms (constant intensity) or the Riccati ODEs (`lambda_1 > 0`).
    public var hasClosedForm: Bool { (dynamics.jumps?.intensityPerVariance ?? 0) == 0 && dynamics.equityPremiumPerVariance == 0 }

    /// The Heston part of one factor at frequency `u`: `B` and the `kappa theta` part of `A` (little trap), and
    /// `B(u, t)` at the Gauss-Legendre nodes of `[0, tau]` when asked (for the SVCJ jump integral).
    static func hestonFactor(_ h: HestonParameters, u: Double, years tau: Double)
        -> (a: Complex<Double>, b: Complex<Double>, beta: Complex<Double>, d: Complex<Double>, g: Complex<Double>) {
        let iu = Complex(0, u)
        let sigma2 = h.sigma * h.sigma
        let beta = Complex(h.kappa) - iu * (h.rho * h.sigma)           // kappa - rho sigma iu
        let d = Complex.sqrt(beta * beta + Complex(u * u, u) * sigma2)  // iu + u^2 = u^2 + i u
        let g = (beta - d) / (beta + d)
        let e = Complex.exp(-d * tau)
        let b = (beta - d) / sigma2 * (1 - e) / (1 - g * e)
        let a = (beta - d) * (h.kappa * h.theta / sigma2 * tau)
            - (2 * h.kappa * h.theta / sigma2) * (Complex.log(1 - g * e) - Complex.log(1 - g))
        return (a, b, beta, d, g)
    }

    /// `(A, B_1, B_2)` at real frequency `u` and horizon `tau` (years); `B_2 = 0` for one factor.
    public func coefficients(u: Double, years tau: Double) -> (a: Complex<Double>, b: Complex<Double>, b2: Complex<Double>) {
        guard hasClosedForm else {
            return solver.coefficients(z: Complex(0, u), w: .zero, w2: .zero, years: tau)
        }
        let h = dynamics.heston
        let iu = Complex(0, u)
        let sigma2 = h.sigma * h.sigma
        let first = LogReturnTransform.hestonFactor(h, u: u, years: tau)
        var a = iu * (dynamics.logPriceDrift * tau) + first.a
        var b2 = Complex<Double>.zero
        if let f2 = dynamics.secondFactor {
            let second = LogReturnTransform.hestonFactor(f2, u: u, years: tau)
            a = a + second.a
            b2 = second.b
        }
        if let j = dynamics.jumps {
            let jumpFactor = Complex.exp(Complex(-0.5 * u * u * j.logJumpVolatility * j.logJumpVolatility, u * j.meanLogJump))
            if j.varianceJumpMean == 0 {
                a = a + (jumpFactor - 1) * (j.intensity * tau)
            } else {
                // lambda int_0^tau [jumpFactor / (1 - mu_v (B(u, t) + iu rho_J)) - 1] dt
                let rule = LogReturnTransform.jumpQuadrature
                var integral = Complex<Double>.zero
                for k in 0..<rule.nodes.count {
                    let t = 0.5 * tau * (rule.nodes[k] + 1)
                    let et = Complex.exp(-first.d * t)
                    let bt = (first.beta - first.d) / sigma2 * (1 - et) / (1 - first.g * et)
                    integral = integral + (jumpFactor / (1 - (bt + iu * j.correlation) * j.varianceJumpMean) - 1) * rule.weights[k]
                }
                a = a + integral * (0.5 * tau * j.intensity)
            }
        }
        return (a, first.b, b2)
    }

    /// `E[e^{iuX} | v1, v2]`.
    public func characteristicFunction(u: Double, years tau: Double, variance v: Double, secondVariance v2: Double = 0) -> Complex<Double> {
        let c = coefficients(u: u, years: tau)
        return Complex.exp(c.a + c.b * v + c.b2 * v2)
    }
}
