import Foundation
import Numerics
import Testing
@testable import ALVH

@Suite("Affine transforms: closed forms against the Riccati RK4 solver")
struct TransformTests {
    static func dynamics(_ name: String) -> MeasureDynamics {
        var q = MeasureDynamics(totalReturnDrift: 0.03, dividendYield: 0.01,
                                heston: HestonParameters(kappa: 2.5, theta: 0.05, sigma: 0.6, rho: -0.75), jumps: nil)
        switch name {
        case "bates": q.jumps = JumpParameters(intensity: 0.8, meanLogJump: -0.07, logJumpVolatility: 0.06, varianceJumpMean: 0, correlation: 0)
        case "svcj": q.jumps = JumpParameters(intensity: 0.6, meanLogJump: -0.05, logJumpVolatility: 0.04, varianceJumpMean: 0.06, correlation: -0.8)
        default: break
        }
        return q
    }

    @Test("characteristic function of ln S_T: closed form = RK4 to 1e-10", arguments: ["heston", "bates", "svcj"])
    func logReturn(_ name: String) {
        let q = TransformTests.dynamics(name)
        let closed = LogReturnTransform(dynamics: q), ode = AffineRiccatiSolver(dynamics: q, stepsPerYear: 4000)
        for tau in [1.0 / 252, 0.25, 1, 3] {
            for u in [0.1, 1, 4, 15, 40] {
                let (a, b, _) = closed.coefficients(u: u, years: tau)
                let (a2, b2) = ode.coefficients(z: Complex(0, u), w: .zero, years: tau)
                for v in [0.0, 0.04, 0.3] {
                    let x = Complex.exp(a + b * v), y = Complex.exp(a2 + b2 * v)
                    #expect((x - y).length < 1e-10, "\(name) tau \(tau) u \(u) v \(v): \(x) vs \(y)")
                }
            }
        }
    }

    @Test("at u = 0 the characteristic function is 1, and E[S_T/S_0] = e^{(r-q) T} (the compensator is right)",
          arguments: ["heston", "bates", "svcj"])
    func martingale(_ name: String) {
        let q = TransformTests.dynamics(name)
        let (a0, b0, _) = LogReturnTransform(dynamics: q).coefficients(u: 0, years: 1.3)
        #expect((Complex.exp(a0 + b0 * 0.04) - 1).length < 1e-14)
        // E[e^X] is the transform at z = 1 (u = -i): RK4 with real z.
        let (a, b) = AffineRiccatiSolver(dynamics: q, stepsPerYear: 4000).coefficients(z: Complex(1), w: .zero, years: 1.3)
        let growth = Complex.exp(a + b * 0.04).real
        #expect(abs(growth - exp(0.02 * 1.3)) < 1e-11)
    }

    @Test("transform of v_T: closed form = RK4 to 1e-10", arguments: ["heston", "svcj"])
    func variance(_ name: String) {
        let q = TransformTests.dynamics(name)
        // omega up to 300 makes B(0) = 300i and the Riccati equation stiff: RK4 needs small steps to be an oracle.
        let closed = VarianceTransform(dynamics: q), ode = AffineRiccatiSolver(dynamics: q, stepsPerYear: 40_000)
        for tau in [1.0 / 252, 0.1, 0.5, 2] {
            for omega in [0.5, 5, 40, 300] {
                let (a, b) = closed.coefficients(s: Complex(0, omega), years: tau)
                let (a2, b2) = ode.coefficients(z: .zero, w: Complex(0, omega), years: tau)
                for v in [0.0, 0.04, 0.3] {
                    let x = Complex.exp(a + b * v), y = Complex.exp(a2 + b2 * v)
                    #expect((x - y).length < 1e-10, "\(name) tau \(tau) omega \(omega) v \(v)")
                }
            }
        }
    }

    @Test("mean and variance of v_T from the transform's derivatives match the closed forms", arguments: ["heston", "svcj"])
    func varianceMoments(_ name: String) {
        let q = TransformTests.dynamics(name)
        let t = VarianceTransform(dynamics: q)
        let h = 1e-3, v = 0.03, tau = 0.7
        // psi(omega) = log E[e^{i omega v_T}] = i m omega - s^2 omega^2 / 2 + ...
        func psi(_ w: Double) -> Complex<Double> { let c = t.coefficients(s: Complex(0, w), years: tau); return c.alpha + c.beta * v }
        let mean = ((psi(h) - psi(-h)) / (2 * h)).imaginary
        let variance = -((psi(h) + psi(-h) - psi(0) * 2) / (h * h)).real
        #expect(abs(mean - t.mean(variance: v, years: tau)) < 1e-9)
        #expect(abs(variance - t.variance(variance: v, years: tau)) < 1e-7 * max(1, variance))
    }

    @Test("Gauss-Legendre integrates polynomials of degree 2n - 1 exactly")
    func gaussLegendre() {
        for n in [1, 2, 5, 16, 48] {
            let rule = GaussLegendre(order: n)
            let degree = 2 * n - 1
            let exact = (pow(2.0, Double(degree + 1)) - 0) / Double(degree + 1)   // int_0^2 x^degree dx
            let value = rule.integrate(from: 0, to: 2) { pow($0, Double(degree)) }
            #expect(abs(value - exact) < 1e-12 * exact, "n = \(n)")
            #expect(abs(rule.weights.reduce(0, +) - 2) < 1e-13)
        }
    }
}

extension TransformTests {
    /// Two factors with co-jumps at a constant rate: the closed forms (product of per-factor Heston/CIR pieces, SVCJ
    /// integral) against the general two-factor Riccati RK4.
    static func twoFactor() -> MeasureDynamics {
        MeasureDynamics(totalReturnDrift: 0.03, dividendYield: 0.01,
                        factors: [HestonParameters(kappa: 8, theta: 0.015, sigma: 0.9, rho: -0.8),
                                  HestonParameters(kappa: 0.8, theta: 0.03, sigma: 0.35, rho: -0.6)],
                        jumps: JumpParameters(intensity: 0.6, meanLogJump: -0.05, logJumpVolatility: 0.04, varianceJumpMean: 0.04, correlation: -0.5))
    }

    @Test("two factors, constant intensity: ln S_T and (v1_T, v2_T) closed forms = two-factor RK4 to 1e-10")
    func twoFactorClosedForms() {
        let q = TransformTests.twoFactor()
        let ode = AffineRiccatiSolver(dynamics: q, stepsPerYear: 20000, stiffnessStep: 0.25)
        let logReturn = LogReturnTransform(dynamics: q), variance = VarianceTransform(dynamics: q)
        #expect(logReturn.hasClosedForm && variance.hasClosedForm)
        for tau in [1.0 / 252, 0.25, 1] {
            for u in [0.1, 1, 4, 15, 40] {
                let c = logReturn.coefficients(u: u, years: tau)
                let r = ode.coefficients(z: Complex(0, u), w: .zero, w2: .zero, years: tau)
                let s = variance.coefficients(s: Complex(0, 3 * u), s2: Complex(0, u), years: tau)
                let t = ode.coefficients(z: .zero, w: Complex(0, 3 * u), w2: Complex(0, u), years: tau)
                for (v1, v2) in [(0.0, 0.0), (0.02, 0.03), (0.3, 0.1)] {
                    let x = Complex.exp(c.a + c.b * v1 + c.b2 * v2), y = Complex.exp(r.a + r.b * v1 + r.b2 * v2)
                    #expect((x - y).length < 1e-10, "ln S tau \(tau) u \(u): \(x) vs \(y)")
                    let p = Complex.exp(s.alpha + s.beta * v1 + s.beta2 * v2), w = Complex.exp(t.a + t.b * v1 + t.b2 * v2)
                    #expect((p - w).length < 1e-10, "v tau \(tau) u \(u): \(p) vs \(w)")
                }
            }
        }
    }

    @Test("state-dependent intensity: E[e^X] = e^{(r-q) T} and the transform's mean of V_T matches the mean ODE")
    func stateDependentMoments() {
        var q = TransformTests.twoFactor()
        q.jumps!.intensityPerVariance = 12
        let solver = AffineRiccatiSolver(dynamics: q, stepsPerYear: 4000)
        for tau in [0.25, 1.0] {
            // E[S_T/S_0] at z = 1 (u = -i) for any state.
            let c = solver.coefficients(z: Complex(1, 0), w: .zero, w2: .zero, years: tau)
            for (v1, v2) in [(0.0, 0.0), (0.05, 0.02)] {
                let growth = Complex.exp(c.a + c.b * v1 + c.b2 * v2)
                #expect(abs(growth.real - exp(0.02 * tau)) < 1e-9 && abs(growth.imaginary) < 1e-12, "tau \(tau): \(growth)")
                // d/ds ln E[e^{s V_T}] at 0 by a central difference = E[v1_T] + E[v2_T].
                let h = 1e-4
                func lnM(_ s: Double) -> Double {
                    let t = solver.coefficients(z: .zero, w: Complex(s, 0), w2: Complex(s, 0), years: tau)
                    return t.a.real + t.b.real * v1 + t.b2.real * v2
                }
                let mean = (lnM(h) - lnM(-h)) / (2 * h)
                let exact = q.expectedVariances(initial: v1, v2, years: tau)
                #expect(abs(mean - (exact.first + exact.second)) < 1e-7, "tau \(tau): \(mean) vs \(exact)")
            }
        }
    }

    /// The independent oracle for a variance-dependent expected return `mu_t = mu + eta (V_t - Vbar)` (one factor, no
    /// jumps): `E[S_T / S_0] = e^{(mu - eta Vbar - q) T} E*[e^{eta int_0^T V dt}]`, where under the share measure `V`
    /// mean-reverts at `kappa* = kappa - rho sigma` to `theta* = kappa theta / kappa*` (Girsanov), and the CIR bond
    /// formula with rate `-eta V` (Cox, Ingersoll & Ross 1985) gives the expectation:
    /// `A e^{-B v}`, `gamma = sqrt(kappa*^2 - 2 sigma^2 eta)`, `B = -2 eta (e^{gamma T} - 1) / D`,
    /// `A = (2 gamma e^{(kappa* + gamma) T / 2} / D)^{2 kappa* theta* / sigma^2}`, `D = (gamma + kappa*)(e^{gamma T} - 1) + 2 gamma`.
    @Test("variance-dependent expected return: E[S_T/S_0] from the Riccati solver = the CIR bond formula under the share measure")
    func equityPremiumPerVariance() {
        var p = TransformTests.dynamics("heston")
        p.totalReturnDrift = 0.09
        for eta in [-1.5, 0.0, 2.0, 4.0] {
            p.equityPremiumPerVariance = eta
            let h = p.heston
            let kStar = h.kappa - h.rho * h.sigma, thetaStar = h.kappa * h.theta / kStar
            for tau in [0.25, 1.0, 2.5] {
                for v in [0.0, 0.04, 0.3] {
                    let gamma = (kStar * kStar - 2 * h.sigma * h.sigma * eta).squareRoot()
                    let e = expm1(gamma * tau)
                    let d = (gamma + kStar) * e + 2 * gamma
                    let b = -2 * eta * e / d
                    let a = pow(2 * gamma * exp((kStar + gamma) * tau / 2) / d, 2 * kStar * thetaStar / (h.sigma * h.sigma))
                    let expected = exp((p.totalReturnDrift - eta * p.stationaryMeanTotalVariance - p.dividendYield) * tau) * a * exp(-b * v)
                    let got = p.expectedPriceGrowth(variances: v, years: tau)
                    #expect(abs(got / expected - 1) < 1e-9, "eta \(eta) tau \(tau) v \(v): \(got) vs \(expected)")
                }
            }
        }
        // eta = 0: the closed form e^{(mu - q) T}, whatever the variance.
        p.equityPremiumPerVariance = 0
        #expect(p.expectedPriceGrowth(variances: 0.3, years: 1) == exp((0.09 - 0.01) * 1))
    }
}
