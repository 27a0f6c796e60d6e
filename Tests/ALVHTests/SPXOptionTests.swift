import Foundation
import Testing
@testable import ALVH

@Suite("SPX options by COS")
struct SPXOptionTests {
    /// Lewis (2019), "Heston model reference prices": kappa 4, theta 0.25, sigma 1, rho -0.5, v0 0.04, T 1,
    /// r 1 %, q 2 %, S = K = 100.
    static let lewis: MarketModel = {
        let q = MeasureDynamics(totalReturnDrift: 0.01, dividendYield: 0.02,
                                heston: HestonParameters(kappa: 4, theta: 0.25, sigma: 1, rho: -0.5), jumps: nil)
        return MarketModel(spot: 100, rate: 0.01, dividendYield: 0.02, initialVariance: 0.04, riskNeutral: q)
    }()

    @Test("Lewis's Heston reference: put 17.0552709612701, call 16.0701549170288, to 1e-8", arguments: [256, 1024])
    func lewisReference(terms: Int) {
        let pricer = SPXOptionPricer(model: SPXOptionTests.lewis, settings: COSSettings(terms: terms))
        let put = pricer.value(.put, strike: 100, spot: 100, variance: 0.04, years: 1).price
        let call = pricer.value(.call, strike: 100, spot: 100, variance: 0.04, years: 1).price
        #expect(abs(put - 17.0552709612701) < 1e-8, "put \(put)")
        #expect(abs(call - 16.0701549170288) < 1e-8, "call \(call)")
    }
}

extension SPXOptionTests {
    static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    static func blackScholesPut(spot: Double, strike: Double, rate: Double, dividend: Double, vol: Double, years: Double) -> Double {
        let d1 = (log(spot / strike) + (rate - dividend + 0.5 * vol * vol) * years) / (vol * years.squareRoot())
        let d2 = d1 - vol * years.squareRoot()
        return strike * exp(-rate * years) * normalCDF(-d2) - spot * exp(-dividend * years) * normalCDF(-d1)
    }

    @Test("put-call parity between the put series and an independent call series (Heston, Bates, SVCJ)",
          arguments: ["heston", "bates", "svcj"])
    func parity(_ name: String) {
        var model = SPXOptionTests.lewis
        model.riskNeutral = TransformTests.dynamics(name)
        model.rate = model.riskNeutral.totalReturnDrift
        model.dividendYield = model.riskNeutral.dividendYield
        let pricer = SPXOptionPricer(model: model, settings: COSSettings(terms: 512))
        for tau in [1.0 / 252, 21.0 / 252, 1] {
            for strike in [80.0, 95, 100, 110] {
                let x = log(100 / strike)
                let put = pricer.putPerUnitStrike(logMoneyness: [x], variance: 0.04, years: tau)[0].value * strike
                let call = pricer.directCallPerUnitStrike(logMoneyness: x, variance: 0.04, years: tau) * strike
                let parity = 100 * exp(-model.dividendYield * tau) - strike * exp(-model.rate * tau)
                #expect(abs(call - put - parity) < 1e-8 * strike, "\(name) tau \(tau) K \(strike): \(call - put) vs \(parity)")
            }
        }
    }

    @Test("Black-Scholes limit: sigma -> 0 with v0 = theta gives Black-Scholes at vol sqrt(theta), to 1e-6 of the strike")
    func blackScholesLimit() {
        let q = MeasureDynamics(totalReturnDrift: 0.03, dividendYield: 0.01,
                                heston: HestonParameters(kappa: 1.5, theta: 0.04, sigma: 1e-5, rho: -0.5), jumps: nil)
        let model = MarketModel(spot: 100, rate: 0.03, dividendYield: 0.01, initialVariance: 0.04, riskNeutral: q)
        let pricer = SPXOptionPricer(model: model)
        for tau in [5.0 / 252, 0.5, 2] {
            for strike in [70.0, 90, 100, 120] {
                let cos = pricer.value(.put, strike: strike, spot: 100, variance: 0.04, years: tau).price
                let bs = SPXOptionTests.blackScholesPut(spot: 100, strike: strike, rate: 0.03, dividend: 0.01, vol: 0.2, years: tau)
                #expect(abs(cos - bs) < 1e-6 * strike, "tau \(tau) K \(strike): \(cos) vs \(bs)")
            }
        }
    }

    @Test("delta is the derivative of the price in S (central difference), for puts and calls")
    func delta() {
        let pricer = SPXOptionPricer(model: TestMarkets.illustrative())
        let v = 0.03
        for kind in OptionKind.allCases {
            for strike in [5000.0, 5900, 6300] {
                let h = 0.01
                let up = pricer.value(kind, strike: strike, spot: 5900 + h, variance: v, years: 0.25).price
                let down = pricer.value(kind, strike: strike, spot: 5900 - h, variance: v, years: 0.25).price
                let delta = pricer.value(kind, strike: strike, spot: 5900, variance: v, years: 0.25).delta
                #expect(abs(delta - (up - down) / (2 * h)) < 1e-6, "\(kind) \(strike)")
            }
        }
    }

    @Test("COS converges: 256 terms agree with 4096 terms and a wider range to 1e-9 of the strike, 1 day to 3 years, all models",
          arguments: ["default", "heston", "bates", "svcj"])
    func convergence(_ name: String) throws {
        let model = name == "default" ? TestMarkets.illustrative()
            : try MarketModel.load(path: ConfigTests.root.appendingPathComponent("configs/markets/\(name).yaml").path)
        let standard = SPXOptionPricer(model: model)
        let fine = SPXOptionPricer(model: model, settings: COSSettings(terms: 4096, truncation: 20))
        for tau in [1.0 / 252, 5.0 / 252, 63.0 / 252, 3] {
            for v in [0.002, 0.03, 0.3] {
                let strikes = [0.7, 0.85, 0.95, 1, 1.05, 1.2].map { $0 * model.spot }
                let a = standard.values(.put, strikes: strikes, spot: model.spot, variance: v, years: tau)
                let b = fine.values(.put, strikes: strikes, spot: model.spot, variance: v, years: tau)
                for i in 0..<strikes.count {
                    #expect(abs(a[i].price - b[i].price) < 1e-9 * strikes[i], "\(name) tau \(tau) v \(v) K \(strikes[i])")
                }
            }
        }
    }
}
