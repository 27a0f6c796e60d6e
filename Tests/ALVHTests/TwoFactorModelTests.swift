import Foundation
import Numerics
import Testing
@testable import ALVH

/// The two-factor model with state-dependent jumps (issue 9): initial-state inversion, the VIX formula, independent
/// pricing oracles, Q consistency of paths and prices, the one-factor limit, and the stylised facts of the shipped
/// `configs/markets/two-factor.yaml` under P. Fixed seeds; tolerances stated per test.
@Suite("Two-factor model")
struct TwoFactorModelTests {
    static func shipped() throws -> MarketModel {
        try MarketModel.load(path: ConfigTests.root.appendingPathComponent("configs/markets/two-factor.yaml").path)
    }

    /// Double Heston without jumps (Christoffersen, Heston & Jacobs 2009 style parameters).
    static func doubleHeston() -> MarketModel {
        let q = MeasureDynamics(totalReturnDrift: 0.04, dividendYield: 0.013,
                                factors: [HestonParameters(kappa: 6, theta: 0.015, sigma: 0.8, rho: -0.8),
                                          HestonParameters(kappa: 0.6, theta: 0.025, sigma: 0.3, rho: -0.6)], jumps: nil)
        return MarketModel(spot: 5900, rate: 0.04, dividendYield: 0.013, initialVariance: 0.012, initialSecondVariance: 0.02, riskNeutral: q)
    }

    @Test("initial {vix, vix3m}: inverting and recomputing both indices round-trips to 1e-10; an infeasible pair names the range")
    func initialRoundTrip() throws {
        let model = try TwoFactorModelTests.shipped()
        #expect(abs(model.initialVIX - 16) < 1e-10 && abs(model.initialVIX3M - 16.9) < 1e-10)
        #expect(model.initialVariance >= 0 && model.initialSecondVariance > 0)
        let text = try String(contentsOfFile: ConfigTests.root.appendingPathComponent("configs/markets/two-factor.yaml").path, encoding: .utf8)
        let threeMonth = model.threeMonthVIXFormula
        for vix in [12.0, 25.0, 40.0] {
            let range = try #require(model.vixFormula.feasibleThreeMonthRange(vix: vix, threeMonth: threeMonth))
            let vix3m = (0.3 * range.lowerBound + 0.7 * range.upperBound).rounded() == range.upperBound.rounded()
                ? 0.5 * (range.lowerBound + range.upperBound) : (0.3 * range.lowerBound + 0.7 * range.upperBound)
            let edited = text.replacingOccurrences(of: "vix: 16.0", with: "vix: \(vix)").replacingOccurrences(of: "vix3m: 16.9", with: "vix3m: \(vix3m)")
            let m = try MarketModel(yaml: edited, file: "t.yaml")
            #expect(abs(m.initialVIX - vix) < 1e-10 && abs(m.initialVIX3M - vix3m) < 1e-10, "\(vix)/\(vix3m)")
        }
        let bad = text.replacingOccurrences(of: "vix3m: 16.9", with: "vix3m: 40")
        #expect {
            _ = try MarketModel(yaml: bad, file: "t.yaml")
        } throws: { error in
            let message = "\(error)"
            return message.contains("initial.vix3m") && message.contains("for vix 16") && message.contains("allowed: [")
        }
    }

    @Test("A_1 v1 + A_2 v2 + B equals the average expected total variance (mean ODE by RK4) plus the jump term")
    func vixFormulaOracle() throws {
        let q = try TwoFactorModelTests.shipped().riskNeutral
        let j = q.jumps!
        for tau in [VIXFormula.defaultTau, VIXFormula.threeMonthTau] {
            let f = VIXFormula(riskNeutral: q, tau: tau)
            for (v1, v2) in [(0.0, 0.0), (0.01, 0.02), (0.2, 0.05)] {
                // d m1/dt = k1 (th1 - m1) + mu_v (l0 + l1 (m1 + m2)), d m2/dt = k2 (th2 - m2), by RK4 with 4000 steps,
                // integrating E[V_t] and E[lambda_t] along.
                let f1 = q.factors[0], f2 = q.factors[1]
                func rhs(_ s: [Double]) -> [Double] {
                    let lambda = j.intensity + j.intensityPerVariance * (s[0] + s[1])
                    return [f1.kappa * (f1.theta - s[0]) + j.varianceJumpMean * lambda, f2.kappa * (f2.theta - s[1]),
                            s[0] + s[1], lambda]
                }
                var s = [v1, v2, 0, 0]
                let n = 4000, h = tau / Double(n)
                for _ in 0..<n {
                    let k1 = rhs(s), k2 = rhs(zip(s, k1).map { $0 + 0.5 * h * $1 })
                    let k3 = rhs(zip(s, k2).map { $0 + 0.5 * h * $1 }), k4 = rhs(zip(s, k3).map { $0 + h * $1 })
                    for i in 0..<4 { s[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
                }
                let oracle = s[2] / tau + 2 * s[3] / tau * (j.compensator - j.meanLogPriceJump)
                let formula = f.squaredVIX(variance: v1, secondVariance: v2)
                #expect(abs(formula - oracle) < 1e-12, "tau \(tau) (\(v1), \(v2)): \(formula) vs \(oracle)")
            }
        }
    }

    /// Lewis (2001): `C = S e^{-qT} - sqrt(S K) e^{-(r+q)T/2} / pi int_0^inf Re[e^{i u k} phi(u - i/2)] / (u^2 + 1/4) du`,
    /// `k = ln(S/K) + (r - q)T`, `phi` the characteristic function of `ln(S_T/S_0) - (r - q)T`: here the product of
    /// two Heston functions written out for complex `u` (independent of `LogReturnTransform`).
    static func lewisCall(model: MarketModel, strike: Double, years t: Double) -> Double {
        let q = model.riskNeutral
        func phi(_ u: Complex<Double>) -> Complex<Double> {
            var total = Complex<Double>.zero
            for (h, v) in zip(q.factors, [model.initialVariance, model.initialSecondVariance]) {
                let iu = Complex(0, 1) * u
                let beta = Complex(h.kappa) - iu * (h.rho * h.sigma)
                let d = Complex.sqrt(beta * beta + (iu + u * u) * (h.sigma * h.sigma))
                let g = (beta - d) / (beta + d)
                let e = Complex.exp(-d * t)
                let dd = (beta - d) / (h.sigma * h.sigma) * (1 - e) / (1 - g * e)
                let c = (beta - d) * (h.kappa * h.theta / (h.sigma * h.sigma) * t)
                    - (2 * h.kappa * h.theta / (h.sigma * h.sigma)) * Complex.log((1 - g * e) / (1 - g))
                total = total + c + dd * v
            }
            return Complex.exp(total)
        }
        let s = model.spot, k = log(s / strike) + (model.rate - model.dividendYield) * t
        let rule = GaussLegendre(order: 16)
        var integral = 0.0
        var lo = 0.0
        while lo < 400 {
            integral += rule.integrate(from: lo, to: lo + 2) { u in
                (Complex.exp(Complex(0, u * k)) * phi(Complex(u, -0.5))).real / (u * u + 0.25)
            }
            lo += 2
        }
        return s * exp(-model.dividendYield * t) - (s * strike).squareRoot() * exp(-(model.rate + model.dividendYield) * t / 2) / .pi * integral
    }

    @Test("Double Heston SPX puts by COS match the Lewis integral of two Heston characteristic functions to 1e-6 of spot")
    func doubleHestonLewis() {
        let model = TwoFactorModelTests.doubleHeston()
        let pricer = SPXOptionPricer(model: model)
        for days in [21.0, 63, 252] {
            let t = days / 252
            for m in [0.8, 0.95, 1.0, 1.1] {
                let k = m * model.spot
                let cos = pricer.value(.put, strike: k, spot: model.spot, variance: model.initialVariance,
                                       secondVariance: model.initialSecondVariance, years: t).price
                let lewis = TwoFactorModelTests.lewisCall(model: model, strike: k, years: t)
                    - model.spot * exp(-model.dividendYield * t) + k * exp(-model.rate * t)
                #expect(abs(cos - lewis) < 1e-6 * model.spot, "\(days)d K/S \(m): COS \(cos) vs Lewis \(lewis)")
            }
        }
    }

    @Test("Double Heston VIX futures match exact noncentral chi-square sampling of both factors (4 SE, 4M samples)")
    func vixFutureExactSampling() {
        let model = TwoFactorModelTests.doubleHeston()
        let formula = model.vixFormula
        var rng = SplitMix64(seed: 99)
        for days in [21.0, 105] {
            let t = days / 252
            var sum = 0.0, sumSquares = 0.0
            let n = 4_000_000
            for _ in 0..<n {
                let v1 = rng.cirTransition(model.riskNeutral.factors[0], from: model.initialVariance, years: t)
                let v2 = rng.cirTransition(model.riskNeutral.factors[1], from: model.initialSecondVariance, years: t)
                let x = formula.vix(variance: v1, secondVariance: v2)
                sum += x
                sumSquares += x * x
            }
            let mean = sum / Double(n), se = ((sumSquares / Double(n) - mean * mean) / Double(n)).squareRoot()
            let future = VIXPricer(model: model).futurePrice(variance: model.initialVariance, secondVariance: model.initialSecondVariance, years: t)
            #expect(abs(future - mean) < 4 * se, "\(days)d future \(future) vs exact sampling \(mean) +/- \(se)")
        }
    }

    @Test("Under Q with state-dependent jumps: martingale, VIX future = mean VIX_T, VIX call = discounted mean payoff (4 SE)",
          arguments: ["qe"], [21, 63])
    func qConsistency(scheme: String, days: Int) throws {
        let model = try TwoFactorModelTests.shipped()
        let settings = PathSimulationSettings(paths: 100_000, days: days, seed: 7, threads: 2, scheme: PathScheme(name: scheme)!)
        let states = try simulateTerminal(model, settings)
        let t = settings.horizonYears
        let growth = exp((model.rate - model.dividendYield) * t)
        let spot = SampleStatistics(states.logSpot.map { exp($0) / growth })
        #expect(abs(spot.mean - model.spot) < 4 * spot.standardError, "\(scheme) \(days)d martingale \(spot.mean) +/- \(spot.standardError)")
        let formula = model.vixFormula
        let vix = (0..<states.variance.count).map { formula.vix(variance: states.variance[$0], secondVariance: states.secondVariance[$0]) }
        let vixStats = SampleStatistics(vix)
        let pricer = VIXPricer(model: model)
        let future = pricer.futurePrice(variance: model.initialVariance, secondVariance: model.initialSecondVariance, years: t)
        #expect(abs(vixStats.mean - future) < 4 * vixStats.standardError, "\(scheme) \(days)d future \(future) vs \(vixStats.mean) +/- \(vixStats.standardError)")
        for strike in [18.0, 25.0] {
            let payoff = SampleStatistics(vix.map { exp(-model.rate * t) * max($0 - strike, 0) })
            let price = pricer.optionPrice(.call, strike: strike, variance: model.initialVariance, secondVariance: model.initialSecondVariance, years: t)
            #expect(abs(payoff.mean - price) < 4 * payoff.standardError, "\(scheme) \(days)d VIX call \(strike): \(price) vs \(payoff.mean) +/- \(payoff.standardError)")
        }
    }

    @Test("Factor 2 switched off (theta_2 = v2 = 0, sigma_2 tiny) reproduces one-factor prices and Euler paths")
    func secondFactorOff() throws {
        let one = TestMarkets.illustrative()
        var q = one.riskNeutral
        q.factors.append(HestonParameters(kappa: 1, theta: 0, sigma: 1e-6, rho: 0))
        var p = one.realWorld
        p.factors.append(q.factors[1])
        let two = MarketModel(spot: one.spot, rate: one.rate, dividendYield: one.dividendYield, initialVariance: one.initialVariance,
                              initialSecondVariance: 0, riskNeutral: q, realWorld: p)
        #expect(abs(two.initialVIX - one.initialVIX) < 1e-12)
        let t = 42.0 / 252
        let put1 = SPXOptionPricer(model: one).value(.put, strike: 5500, spot: 5900, variance: one.initialVariance, years: t).price
        let put2 = SPXOptionPricer(model: two).value(.put, strike: 5500, spot: 5900, variance: one.initialVariance, years: t).price
        #expect(abs(put1 - put2) < 1e-8 * 5500, "SPX put \(put1) vs \(put2)")
        let f1 = VIXPricer(model: one).futurePrice(variance: one.initialVariance, years: t)
        let f2 = VIXPricer(model: two).futurePrice(variance: one.initialVariance, years: t)
        #expect(abs(f1 - f2) < 1e-8, "VIX future \(f1) vs \(f2)")
        let c1 = VIXPricer(model: one).optionPrice(.call, strike: 20, variance: one.initialVariance, years: t)
        let c2 = VIXPricer(model: two).optionPrice(.call, strike: 20, variance: one.initialVariance, years: t)
        #expect(abs(c1 - c2) < 1e-6, "VIX call \(c1) vs \(c2)")
        let settings = PathSimulationSettings(paths: 3000, days: 21, seed: 5, threads: 2, scheme: .euler, measure: .realWorld)
        let a = try simulateTerminal(one, settings), b = try simulateTerminal(two, settings)
        for i in 0..<3000 {
            #expect(abs(a.logSpot[i] - b.logSpot[i]) <= 1e-12 * abs(a.logSpot[i]) && abs(a.variance[i] - b.variance[i]) <= 1e-12, "path \(i)")
            if abs(a.logSpot[i] - b.logSpot[i]) > 1e-12 * abs(a.logSpot[i]) { break }
        }
    }

    @Test("The one-entry variance_factors form with intensity_per_variance 0 is the heston form, bit for bit")
    func oneFactorForms() throws {
        let heston = TestMarkets.illustrative()
        // The embedded default's numbers, written in the factor form.
        let h = heston.riskNeutral.heston
        let yaml = """
        spot: 5900
        rate: 0.04
        dividend_yield: 0.013
        initial: {vix: 16}
        variance_factors: [{kappa: \(h.kappa), theta: \(h.theta), sigma: \(h.sigma), rho: \(h.rho)}]
        jumps: {intensity: 0.5, intensity_per_variance: 0, mean_log_jump: -0.08, log_jump_vol: 0.05, variance_jump_mean: 0.05, correlation: -0.4}
        real_world: {equity_drift: 0.07, variance_factors: [{kappa: 3.0, theta: 0.03}], jump_intensity: 0.3}
        """
        let factorForm = try MarketModel(yaml: yaml, file: "t.yaml")
        #expect(factorForm.riskNeutral == heston.riskNeutral && factorForm.realWorld == heston.realWorld)
        #expect(factorForm.initialVariance == heston.initialVariance)
        let settings = PathSimulationSettings(paths: 4096, days: 21, seed: 3, threads: 2, measure: .realWorld)
        let a = try simulateTerminal(heston, settings), b = try simulateTerminal(factorForm, settings)
        #expect(a.logSpot == b.logSpot && a.variance == b.variance)
    }

    @Test("Bad two-factor markets are input errors naming the key", arguments: [
        ("variance_factors: [{kappa: 1, theta: 0.02, sigma: 0.3, rho: -0.5}, {kappa: 1, theta: 0.02, sigma: 0.3, rho: -0.5}, {kappa: 1, theta: 0.02, sigma: 0.3, rho: -0.5}]", "variance_factors"),
        ("variance_factors: [{kappa: 1, theta: 0.02, sigma: 0.3, rho: -0.5, variance: 0.02}, {kappa: 1, theta: 0.02, sigma: 0.3, rho: -0.5}]", "variance_factors[1].variance"),
        ("variance_factors: [{kappa: 2, theta: 0.02, sigma: 0.3, rho: -0.5, variance: 0.02}]\njumps: {intensity: 1, intensity_per_variance: 50, mean_log_jump: -0.05, variance_jump_mean: 0.05}", "jumps.intensity_per_variance"),
        ("variance_factors: [{kappa: 2, theta: 0.02, sigma: 0.3, rho: -0.5, variance: 0.02}, {kappa: 1, theta: 0.02, sigma: 0.3, rho: -0.5, variance: 0.02}]\ndriver_correlation: [[1, -0.5, 0.9, 0], [-0.5, 1, 0, 0.9], [0.9, 0, 1, -0.5], [0, 0.9, -0.5, 1]]", "driver_correlation"),
        ("heston: {kappa: 2, theta: 0.02, sigma: 0.3, rho: -0.5}\nvariance: 0.02\ninitial: {vix: 16}", "initial"),
    ])
    func badMarkets(body: String, keyPath: String) {
        let yaml = "spot: 5900\nrate: 0.04\n" + body
        #expect {
            _ = try MarketModel(yaml: yaml, file: "t.yaml")
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("t.yaml: ") && message.contains(keyPath)
        }
    }
}

/// A small independent generator for the exact-sampling oracle (SplitMix64, Steele, Lea & Flood 2014).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform on (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
    mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
    /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 by `G(a + 1) U^{1/a}`.
    mutating func gamma(shape a: Double) -> Double {
        if a < 1 { return gamma(shape: a + 1) * pow(uniform(), 1 / a) }
        let d = a - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
    mutating func poisson(mean m: Double) -> Int {
        var k = 0, p = exp(-m), cumulative = p
        let u = uniform()
        while u > cumulative && k < 10_000 { k += 1; p *= m / Double(k); cumulative += p }
        return k
    }
    /// The exact CIR transition: `v_t = c X`, `X` noncentral chi-square with `d = 4 kappa theta / sigma^2` degrees of
    /// freedom and noncentrality `v e^{-kappa t} / c`, `c = sigma^2 (1 - e^{-kappa t}) / (4 kappa)`, as a Poisson
    /// mixture of central chi-squares (Gamma with scale 2).
    mutating func cirTransition(_ h: HestonParameters, from v: Double, years t: Double) -> Double {
        let c = h.sigma * h.sigma * (1 - exp(-h.kappa * t)) / (4 * h.kappa)
        let d = 4 * h.kappa * h.theta / (h.sigma * h.sigma)
        let lambda = v * exp(-h.kappa * t) / c
        let n = poisson(mean: lambda / 2)
        return c * 2 * gamma(shape: d / 2 + Double(n))
    }
}
