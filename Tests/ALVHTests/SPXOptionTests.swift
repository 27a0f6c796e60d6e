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
