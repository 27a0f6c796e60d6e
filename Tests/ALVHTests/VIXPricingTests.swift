import Foundation
import Testing
@testable import ALVH

/// Independent oracle for pure Heston: `v_T = c chi'^2_d(lambda)`, `c = sigma^2 (1 - e^{-kappa T})/(4 kappa)`,
/// `d = 4 kappa theta / sigma^2`, `lambda = v0 e^{-kappa T}/c`; the noncentral chi-square density as a Poisson mixture
/// of central ones, integrated with composite 5-point Gauss-Legendre after `y = t^{max(1, 4/d)}` (which removes the
/// `y^{d/2-1}` singularity), with the payoff's kink as a panel boundary. Uses neither the transform nor COS.
enum NoncentralChiSquareOracle {
    static func expectation(kappa: Double, theta: Double, sigma: Double, v0: Double, tau: Double,
                            kink: Double? = nil, _ g: (Double) -> Double) -> Double {
        let c = sigma * sigma * (1 - exp(-kappa * tau)) / (4 * kappa)
        let d = 4 * kappa * theta / (sigma * sigma)
        let lambda = v0 * exp(-kappa * tau) / c
        let mean = d + lambda, sd = (2 * (d + 2 * lambda)).squareRoot()
        let m = max(1, 4 / d)   // for d < 2, y = t^{4/d} turns y^{d/2-1} into t; for d >= 2 the density is regular
        let tMax = pow(mean + 40 * sd, 1 / m)
        let half = lambda / 2
        let jMax = Int(half + 12 * half.squareRoot() + 30)
        func regular(_ y: Double) -> Double {   // density(y) * y^{1 - d/2}
            var sum = 0.0
            for j in 0...jMax {
                let k = d + 2 * Double(j)
                let logPoisson = -half + Double(j) * log(max(half, 1e-300)) - lgamma(Double(j) + 1)
                sum += exp(logPoisson + (k / 2 - d / 2) * log(y) - y / 2 - (k / 2) * log(2.0) - lgamma(k / 2))
            }
            return sum
        }
        let nodes = [-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640]
        let weights = [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891]
        var edges = (0...3000).map { tMax * Double($0) / 3000 }
        if let kink, kink > 0 { edges.append(pow(kink / c, 1 / m)); edges.sort() }
        var total = 0.0
        for p in 0..<(edges.count - 1) {
            let lo = edges[p], hi = edges[p + 1]
            for (x, w) in zip(nodes, weights) {
                let t = 0.5 * (lo + hi) + 0.5 * (hi - lo) * x
                let y = pow(t, m)
                total += w * 0.5 * (hi - lo) * regular(y) * m * pow(t, m * d / 2 - 1) * g(c * y)
            }
        }
        return total
    }
}

@Suite("VIX futures and options")
struct VIXPricingTests {
    static func model(kappa: Double, theta: Double, sigma: Double) -> MarketModel {
        let q = MeasureDynamics(totalReturnDrift: 0.04, dividendYield: 0, heston: HestonParameters(kappa: kappa, theta: theta, sigma: sigma, rho: -0.7), jumps: nil)
        return MarketModel(spot: 100, rate: 0.04, dividendYield: 0, initialVariance: 0.04, riskNeutral: q)
    }

    /// (kappa, theta, sigma): the default market's Heston part (Feller 0.64, violated) and one that satisfies Feller.
    @Test("pure Heston: futures within 1e-9 and calls within 1e-4 VIX points of the noncentral chi-square oracle",
          arguments: [(2.0, 0.04, 0.5), (3.0, 0.05, 0.3)], [(5.0 / 252, 0.04), (0.25, 0.005), (0.5, 0.04), (0.5, 0.15)])
    func oracle(parameters: (Double, Double, Double), state: (Double, Double)) {
        let (kappa, theta, sigma) = parameters, (tau, v0) = state
        let model = VIXPricingTests.model(kappa: kappa, theta: theta, sigma: sigma)
        let f = model.vixFormula, pricer = VIXPricer(model: model)
        let future = 100 * NoncentralChiSquareOracle.expectation(kappa: kappa, theta: theta, sigma: sigma, v0: v0, tau: tau) {
            (f.a * $0 + f.b).squareRoot()
        }
        #expect(abs(pricer.futurePrice(variance: v0, years: tau) - future) < 1e-9, "future tau \(tau) v0 \(v0)")
        for strike in [15.0, 25] {
            let k = strike / 100
            let call = exp(-0.04 * tau) * 100 * NoncentralChiSquareOracle.expectation(
                kappa: kappa, theta: theta, sigma: sigma, v0: v0, tau: tau, kink: (k * k - f.b) / f.a) {
                max((f.a * $0 + f.b).squareRoot() - k, 0)
            }
            #expect(abs(pricer.optionPrice(.call, strike: strike, variance: v0, years: tau) - call) < 1e-4,
                    "call \(strike) tau \(tau) v0 \(v0)")
        }
    }

    @Test("a futures table row (vectorised Laplace sums) agrees with the one-state sum to 1e-14, one and two factors")
    func futuresRowAgreesWithReference() throws {
        let twoFactor = try MarketModel(yaml: String(contentsOfFile: "configs/markets/two-factor.yaml", encoding: .utf8), file: "two-factor.yaml")
        for model in [TestMarkets.illustrative(), twoFactor] {
            let pricer = VIXPricer(model: model)
            let variances = (0..<301).map { pow(1.5 * Double($0) / 300, 2) }
            for days in [1, 21, 147] {
                let nodes = FutureLaplaceNodes(pricer: pricer, variance: variances.last!, secondVariance: 1, years: Double(days) / 252)
                for v2 in model.riskNeutral.isTwoFactor ? [0, 0.03, 1] : [0.0] {
                    let row = nodes.futurePrices(variances: variances, secondVariance: v2)
                    let reference = variances.map { nodes.futurePrice(variance: $0, secondVariance: v2) }
                    expectAgreesWithReference(row, reference, tolerance: 1e-14, label: { "\(days) d, v \(variances[$0]), v2 \(v2)" })
                }
            }
        }
    }

    @Test("put-call parity on the future, intrinsic value at expiry, future -> spot VIX as tau -> 0")
    func parity() {
        let model = TestMarkets.illustrative()
        let pricer = VIXPricer(model: model)
        let v = model.initialVariance, tau = 30.0 / 252
        let f = pricer.futurePrice(variance: v, years: tau)
        for strike in [14.0, 18, 25] {
            let c = pricer.optionPrice(.call, strike: strike, variance: v, years: tau)
            let p = pricer.optionPrice(.put, strike: strike, variance: v, years: tau)
            #expect(abs((c - p) - exp(-model.rate * tau) * (f - strike)) < 1e-9)
            #expect(c >= 0 && p >= 0)
        }
        #expect(abs(pricer.futurePrice(variance: v, years: 1e-6) - model.initialVIX) < 1e-3)
        #expect(pricer.optionPrice(.call, strike: 10, variance: v, years: 0) == model.initialVIX - 10)
    }

    @Test("a call spread from one density and one pass of the integrals = the difference of two calls, one and two factors")
    func spread() {
        let one = TestMarkets.illustrative()
        let two = MarketModel(spot: 5000, rate: 0.04, dividendYield: 0.01, initialVariance: 0.02, initialSecondVariance: 0.03,
                              riskNeutral: TransformTests.twoFactor())
        for (model, v2) in [(one, 0.0), (two, 0.03)] {
            let pricer = VIXPricer(model: model)
            for (tau, v, lower, upper) in [(5.0 / 252, 0.02, 15.0, 20.0), (0.25, 0.05, 22, 35), (1.0, 0.2, 30, 60), (0.5, 0.01, 9, 12)] {
                let difference = pricer.optionPrice(.call, strike: lower, variance: v, secondVariance: v2, years: tau)
                    - pricer.optionPrice(.call, strike: upper, variance: v, secondVariance: v2, years: tau)
                let spread = pricer.callSpreadPrice(lower: lower, upper: upper, variance: v, secondVariance: v2, years: tau)
                #expect(abs(spread - difference) < 1e-9, "tau \(tau) v \(v) \(lower)/\(upper): \(spread) vs \(difference)")
                #expect(difference > 1e-4, "the case prices something")
            }
            #expect(pricer.callSpreadPrice(lower: 10, upper: 12, variance: 0.04, secondVariance: v2, years: 0)
                    == max(model.vixFormula.vix(variance: 0.04, secondVariance: v2) - 10, 0) - max(model.vixFormula.vix(variance: 0.04, secondVariance: v2) - 12, 0))
        }
    }
}
