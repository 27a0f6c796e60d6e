import Foundation
import Testing
@testable import ALVH

/// The pricers against the path engine under Q: what the pricer says a claim is worth must be the discounted mean
/// payoff over simulated paths, within 4 standard errors (QE, daily steps, fixed seeds).
@Suite("Pricing consistency with the path engine")
struct PricingConsistencyTests {
    static func markets() -> [(String, MarketModel)] {
        var heston = TestMarkets.illustrative()
        heston.riskNeutral.jumps = nil
        heston.realWorld.jumps = nil
        heston.initialVariance = 0.02
        return [("default (SVCJ)", TestMarkets.illustrative()), ("default without jumps", heston)]
    }

    @Test("VIX futures = mean of simulated VIX_T; SPX puts = discounted mean payoff", arguments: [0, 1], [21, 63])
    func consistency(market index: Int, days: Int) throws {
        let (name, model) = PricingConsistencyTests.markets()[index]
        let settings = PathSimulationSettings(paths: 100_000, days: days, seed: 2026, threads: 2)
        let states = try simulateTerminal(model, settings)
        let tau = settings.horizonYears
        let formula = model.vixFormula

        let vix = SampleStatistics(states.variance.map { formula.vix(variance: $0) })
        let future = VIXPricer(model: model).futurePrice(variance: model.initialVariance, years: tau)
        #expect(abs(vix.mean - future) < 4 * vix.standardError,
                "\(name) \(days)d VIX future \(future) vs paths \(vix.mean) +/- \(vix.standardError)")

        let spx = SPXOptionPricer(model: model)
        let discount = exp(-model.rate * tau)
        for moneyness in [0.85, 0.95, 1.0] {
            let strike = moneyness * model.spot
            let payoffs = SampleStatistics(states.logSpot.map { discount * max(strike - exp($0), 0) })
            let price = spx.value(.put, strike: strike, spot: model.spot, variance: model.initialVariance, years: tau).price
            #expect(abs(payoffs.mean - price) < 4 * payoffs.standardError,
                    "\(name) \(days)d put \(strike): \(price) vs paths \(payoffs.mean) +/- \(payoffs.standardError)")
        }

        let vixPricer = VIXPricer(model: model)
        for strike in [18.0, 25] {
            let payoffs = SampleStatistics(states.variance.map { discount * max(formula.vix(variance: $0) - strike, 0) })
            let price = vixPricer.optionPrice(.call, strike: strike, variance: model.initialVariance, years: tau)
            #expect(abs(payoffs.mean - price) < 4 * payoffs.standardError,
                    "\(name) \(days)d VIX call \(strike): \(price) vs paths \(payoffs.mean) +/- \(payoffs.standardError)")
        }
    }
}
