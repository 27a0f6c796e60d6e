import Numerics
import Foundation

/// The general affine jump-diffusion transform `E[exp(z X_tau + w v_tau) | v] = exp(A(tau) + B(tau) v)` for the SVCJ
/// state (log return `X`, variance `v`), by classical fourth-order Runge-Kutta on the Riccati equations
/// (Duffie, Pan & Singleton 2000, eq. 2.5-2.6):
///
///     B' = sigma^2/2 B^2 + (rho sigma z - kappa) B + (z^2 - z)/2,                           B(0) = w
///     A' = z (r - q - lambda mbar) + kappa theta B + lambda (E[e^{z J_S + B J_v}] - 1),      A(0) = 0
///     E[e^{z J_S + B J_v}] = e^{z mu_s + z^2 s_s^2/2} / (1 - mu_v (B + z rho_J))
///
/// It serves every transform the closed forms give (`z = iu, w = 0` for the log return; `z = 0, w = s` for the
/// variance) and tests them; fixed step, error O(h^4) (`steps` per year, at least 16 steps).
public struct AffineRiccatiSolver: Sendable {
    public let dynamics: MeasureDynamics
    public let stepsPerYear: Int

    public init(dynamics: MeasureDynamics, stepsPerYear: Int = 2000) {
        self.dynamics = dynamics
        self.stepsPerYear = stepsPerYear
    }

    public func coefficients(z: Complex<Double>, w: Complex<Double>, years tau: Double) -> (a: Complex<Double>, b: Complex<Double>) {
        let h = dynamics.heston, jumps = dynamics.jumps
        let drift = dynamics.logPriceDrift
        func derivative(_ b: Complex<Double>) -> (Complex<Double>, Complex<Double>) {
            let quadratic: Complex<Double> = b * b * (0.5 * h.sigma * h.sigma)
            let linearCoefficient: Complex<Double> = z * (h.rho * h.sigma) - Complex(h.kappa)
            let linear: Complex<Double> = b * linearCoefficient
            let constant: Complex<Double> = (z * z - z) * 0.5
            let db: Complex<Double> = quadratic + linear + constant
            let driftTerm: Complex<Double> = z * drift
            var da: Complex<Double> = driftTerm + b * (h.kappa * h.theta)
            if let j = jumps {
                let zz: Complex<Double> = z * z
                let exponent: Complex<Double> = z * j.meanLogJump + zz * (0.5 * j.logJumpVolatility * j.logJumpVolatility)
                let loading: Complex<Double> = b + z * j.correlation
                let denominator: Complex<Double> = Complex(1) - loading * j.varianceJumpMean
                let jumpTerm: Complex<Double> = Complex.exp(exponent) / denominator - Complex(1)
                da = da + jumpTerm * j.intensity
            }
            return (da, db)
        }
        let steps = max(16, Int((tau * Double(stepsPerYear)).rounded(.up)))
        let dt = tau / Double(steps)
        var a = Complex<Double>.zero, b = w
        for _ in 0..<steps {
            let (a1, b1) = derivative(b)
            let (a2, b2) = derivative(b + b1 * (0.5 * dt))
            let (a3, b3) = derivative(b + b2 * (0.5 * dt))
            let (a4, b4) = derivative(b + b3 * dt)
            let da: Complex<Double> = a1 + a2 * 2 + a3 * 2 + a4
            let db: Complex<Double> = b1 + b2 * 2 + b3 * 2 + b4
            a = a + da * (dt / 6)
            b = b + db * (dt / 6)
        }
        return (a, b)
    }
}
