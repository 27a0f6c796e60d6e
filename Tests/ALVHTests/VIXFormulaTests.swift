import Foundation
import Testing
@testable import ALVH

@Suite("VIX formula (VIX/100)^2 = A v + B")
struct VIXFormulaTests {
    static func heston(kappa: Double, theta: Double = 0.04, jumps: JumpParameters? = nil) -> MeasureDynamics {
        MeasureDynamics(totalReturnDrift: 0.04, dividendYield: 0.01,
                        heston: HestonParameters(kappa: kappa, theta: theta, sigma: 0.5, rho: -0.7), jumps: jumps)
    }

    @Test("A for kappa = 1, 2, 5 (tau = 30/365)", arguments: [(1.0, 0.960007), (2.0, 0.922133), (5.0, 0.819999)])
    func coefficientA(kappa: Double, expected: Double) {
        let f = VIXFormula(riskNeutral: VIXFormulaTests.heston(kappa: kappa))
        #expect(abs(f.a - expected) < 5e-7)
        // Pure Heston: B = theta (1 - A).
        #expect(abs(f.b - 0.04 * (1 - f.a)) < 1e-16)
    }

    /// Independent oracle: (VIX/100)^2 = (1/tau) int_0^tau E[v_t] dt + 2 lambda E[e^J - 1 - J], the first by Simpson's
    /// rule on E[v_t] = theta* + (v0 - theta*) e^{-kappa t}, the second by quadrature of the jump law over J_v.
    @Test("A v + B equals the average expected variance plus the jump term, by quadrature")
    func quadratureOracle() {
        let jumps = JumpParameters(intensity: 0.7, meanLogJump: -0.06, logJumpVolatility: 0.04,
                                   varianceJumpMean: 0.06, correlation: -0.5)
        let q = VIXFormulaTests.heston(kappa: 2.5, theta: 0.035, jumps: jumps)
        let f = VIXFormula(riskNeutral: q)
        let tau = 30.0 / 365.0
        for v0 in [0.0, 0.01, 0.04, 0.2] {
            let n = 2000
            var integral = 0.0
            for k in 0...n {
                let t = tau * Double(k) / Double(n)
                let weight: Double = (k == 0 || k == n) ? 1 : (k % 2 == 1 ? 4 : 2)
                integral += weight * q.expectedVariance(initial: v0, years: t)
            }
            integral *= tau / Double(n) / 3
            let mgf = VIXFormulaTests.jumpMGF(jumps)
            let jumpTerm = 2 * jumps.intensity * (mgf - 1 - (jumps.meanLogJump + jumps.correlation * jumps.varianceJumpMean))
            let oracle = integral / tau + jumpTerm
            #expect(abs(f.squaredVIX(variance: v0) - oracle) < 1e-10, "v0 = \(v0)")
        }
    }

    @Test("vix: gives back v0; below 100 sqrt(B) there is no variance")
    func inverse() {
        let f = VIXFormula(riskNeutral: VIXFormulaTests.heston(kappa: 2))
        for v in [0.0, 0.0123, 0.3] {
            let back = f.variance(vix: f.vix(variance: v))!
            #expect(abs(back - v) < 1e-15)
        }
        #expect(f.variance(vix: f.minimumVIX * 0.99) == nil)
        #expect(f.vix(variance: -0.01) == f.minimumVIX)   // negative Euler variance counts as zero
    }

    @Test("the jump compensator equals E[e^J] - 1 by quadrature")
    func compensator() {
        let j = JumpParameters(intensity: 1, meanLogJump: -0.1, logJumpVolatility: 0.08, varianceJumpMean: 0.05, correlation: -2)
        #expect(abs(j.compensator - (VIXFormulaTests.jumpMGF(j) - 1)) < 1e-12)
    }

    /// `E[e^{J_S}] = int_0^inf e^{mu_s + rho_J x + s^2/2} (1/mu_v) e^{-x/mu_v} dx` by composite Simpson on
    /// `[0, 60 mu_v]` (the tail beyond is below e^{-50}), 20 000 intervals: error far below 1e-12 here.
    static func jumpMGF(_ j: JumpParameters) -> Double {
        let n = 20_000, upper = 60 * j.varianceJumpMean, h = upper / Double(n)
        var sum = 0.0
        for k in 0...n {
            let x = Double(k) * h
            let weight: Double = (k == 0 || k == n) ? 1 : (k % 2 == 1 ? 4 : 2)
            sum += weight * exp(j.meanLogJump + j.correlation * x + 0.5 * j.logJumpVolatility * j.logJumpVolatility)
                * exp(-x / j.varianceJumpMean) / j.varianceJumpMean
        }
        return sum * h / 3
    }
}
