import Foundation
import Testing
@testable import ALVH

@Suite("Static hedge book")
struct StaticBookTests {
    static func single(_ instrument: String, days: Int, strike: String?) throws -> HedgeLayout {
        let strikeText = strike.map { ", strike: \($0)" } ?? ""
        return try HedgeLayout(yaml: """
        name: single-\(instrument)
        portfolio: {notional: 10000000, beta: 1}
        budget: {premium: 0.01, half_spread: {\(instrument): 0.05}}
        layers:
          - {name: l, group: short, instrument: \(instrument), expiry_days: \(days)\(strikeText), weight: 1}
        """, file: "t.yaml")
    }

    @Test("booking: strikes from the rules, quantities from the budget, premium = budget (futures: half-spread only)")
    func booking() throws {
        let model = TestMarkets.illustrative()
        let book = try StaticBook(layout: HedgeLayout.embeddedDefault(), model: model, horizonDays: 63)
        #expect(abs(book.premium - 0.02 * 10_000_000) < 1e-6)
        let future21 = VIXPricer(model: model).futurePrice(variance: model.initialVariance, years: 21.0 / 252)
        #expect(abs(book.layers[3].lowerStrike! - 1.2 * future21) < 1e-9)
        #expect(abs(book.layers[4].lowerStrike! - 0.95 * 5900) < 1e-9)
        #expect(book.layers[8].lowerStrike == 25 && book.layers[8].upperStrike == 45)
        for layer in book.layers { #expect(layer.quantity > 0 && layer.unitPrice > 0) }
        // A -0.25 delta put really has delta -0.25.
        let ladder = try StaticBook(layout: HedgeLayout.load(path: ConfigTests.root.appendingPathComponent("configs/layouts/spx-put-ladder.yaml").path),
                                    model: model, horizonDays: 63)
        let k = ladder.layers[3].lowerStrike!
        let delta = SPXOptionPricer(model: model).value(.put, strike: k, spot: 5900, variance: model.initialVariance, years: 63.0 / 252).delta
        #expect(abs(delta + 0.25) < 1e-6)
        let future = try StaticBook(layout: StaticBookTests.single("vix-future", days: 21, strike: nil), model: model, horizonDays: 21)
        #expect(abs(future.premium - future.layers[0].quantity * 0.05) < 1e-9)
    }

    @Test("accounting on every path: hedged = portfolio + layer values - premium e^{rH}; common random numbers across layouts")
    func accounting() throws {
        let layouts = try ["unhedged", "single-vix-call", "alvh-442"].map {
            try HedgeLayout.load(path: ConfigTests.root.appendingPathComponent("configs/layouts/\($0).yaml").path)
        }
        let (outcomes, _) = try HedgeSimulation.run(model: TestMarkets.illustrative(), layouts: layouts,
                                                    settings: PathSimulationSettings(paths: 3000, days: 63, seed: 4, threads: 2, measure: .realWorld))
        for o in outcomes {
            let cost = o.book.premium * o.book.carry
            for i in stride(from: 0, to: 3000, by: 7) {
                let layers = o.layerValues.reduce(0) { $0 + $1[i] }
                #expect(abs(o.hedgeValue[i] - layers) < 1e-6)
                #expect(abs(o.hedgedPnL[i] - (o.portfolioPnL[i] + layers - cost)) < 1e-6)
                let layerPnL = (0..<o.layerValues.count).reduce(0) { $0 + o.layerPnL($1)[i] }
                #expect(abs(layerPnL - (o.hedgeValue[i] - cost)) < 1e-6)
            }
            #expect(o.portfolioPnL == outcomes[0].portfolioPnL)   // same paths, same book size: identical unhedged column
            let allFinite = o.hedgedPnL.allSatisfy { $0.isFinite }
            #expect(allFinite)
        }
        #expect(outcomes[0].hedgedPnL == outcomes[0].portfolioPnL)
    }

    /// Under Q, buying one instrument at its model price and holding it to expiry (= the horizon) has zero mean
    /// discounted P&L net of the half-spread: within 4 standard errors.
    @Test("pricing consistency under Q: SPX put, VIX call, VIX future held to expiry", arguments: [
        ("spx-put", 42, "{moneyness: 0.95}"), ("vix-call", 21, "{percent_over_future: 10}"), ("vix-future", 30, nil as String?),
    ])
    func pricingConsistency(instrument: String, days: Int, strike: String?) throws {
        let model = TestMarkets.illustrative()
        let layout = try StaticBookTests.single(instrument, days: days, strike: strike)
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [layout],
                                                    settings: PathSimulationSettings(paths: 100_000, days: days, seed: 8, threads: 2))
        let o = outcomes[0], layer = o.book.layers[0]
        let discount = 1 / o.book.carry
        let netOfSpread = o.layerPnL(0).map { $0 * discount + layer.quantity * layer.halfSpread }
        let s = SampleStatistics(netOfSpread)
        #expect(abs(s.mean) < 4 * s.standardError, "\(instrument): mean \(s.mean) +/- \(s.standardError)")
    }
}

extension StaticBookTests {
    @Test("a spread whose relative strikes resolve upside down is an error at booking")
    func bookingErrors() throws {
        let model = TestMarkets.illustrative()
        let spread = try HedgeLayout(yaml: """
        name: s
        portfolio: {notional: 1000000}
        budget: {premium: 0.01}
        layers:
          - {name: ps, group: medium, instrument: spx-put-spread, expiry_days: 21, strike: {moneyness: 0.95}, upper_strike: {absolute: 5000}, weight: 1}
        """, file: "s.yaml")
        #expect(throws: ConfigError.self) { try StaticBook(layout: spread, model: model, horizonDays: 21) }
    }
}

extension StaticBookTests {
    static func etnLayout(_ layers: String) throws -> HedgeLayout {
        try HedgeLayout(yaml: "name: etn\nportfolio: {notional: 10000000}\nbudget: {premium: 0.01}\nlayers:\n" + layers, file: "etn.yaml")
    }

    @Test("ETN held to its expiry day under Q: E[100 I_T] = 100 (the index is a martingale) within 4 standard errors")
    func etnHolding() throws {
        let layout = try StaticBookTests.etnLayout("  - {name: x, group: long, instrument: etn, expiry_days: 42, weight: 1}\n")
        let (outcomes, _) = try HedgeSimulation.run(model: TestMarkets.illustrative(), layouts: [layout],
                                                    settings: PathSimulationSettings(paths: 60_000, days: 42, seed: 31, threads: 2))
        let layer = outcomes[0].book.layers[0]
        #expect(layer.unitPrice == 100)
        let level = SampleStatistics(outcomes[0].layerValues[0].map { $0 / layer.quantity })
        #expect(abs(level.mean - 100) < 4 * level.standardError, "\(level.mean) +/- \(level.standardError)")
    }

    @Test("ETN call held to expiry under Q: mean discounted payoff = premium within the approximation's 5 % plus 4 standard errors")
    func etnCallToExpiry() throws {
        let layout = try StaticBookTests.etnLayout("  - {name: c, group: long, instrument: etn-call, expiry_days: 63, strike: {moneyness: 1.0}, weight: 1}\n")
        let (outcomes, _) = try HedgeSimulation.run(model: TestMarkets.illustrative(), layouts: [layout],
                                                    settings: PathSimulationSettings(paths: 100_000, days: 63, seed: 32, threads: 2))
        let o = outcomes[0], layer = o.book.layers[0]
        #expect(layer.lowerStrike == 100 && layer.unitPrice > 0)
        let discounted = SampleStatistics(o.layerValues[0].map { $0 / layer.quantity / o.book.carry })
        #expect(abs(discounted.mean - layer.unitPrice) < 0.05 * layer.unitPrice + 4 * discounted.standardError,
                "\(discounted.mean) vs \(layer.unitPrice)")
    }

    @Test("ETN layers alive at the horizon are valued (index level; Black with the remaining variance) with the accounting intact")
    func etnAtHorizon() throws {
        let layout = try StaticBookTests.etnLayout("""
          - {name: x, group: long, instrument: etn, expiry_days: 84, weight: 0.5}
          - {name: c, group: long, instrument: etn-call, expiry_days: 84, strike: {moneyness: 1.2}, weight: 0.5}

        """)
        let (outcomes, _) = try HedgeSimulation.run(model: TestMarkets.illustrative(), layouts: [layout],
                                                    settings: PathSimulationSettings(paths: 4000, days: 21, seed: 33, threads: 2, measure: .realWorld))
        let o = outcomes[0]
        let values = o.layerValues[1]
        let sane = values.allSatisfy { $0.isFinite && $0 >= 0 }
        #expect(sane)
        let cost = o.book.premium * o.book.carry
        for i in stride(from: 0, to: 4000, by: 13) {
            #expect(abs(o.hedgedPnL[i] - (o.portfolioPnL[i] + o.layerValues[0][i] + o.layerValues[1][i] - cost)) < 1e-6)
        }
    }
}

extension StaticBookTests {
    @Test("integer_contracts: whole ETN shares, VIX futures in lots of 1000, options in lots of 100")
    func integerContracts() throws {
        let layout = try HedgeLayout(yaml: """
        name: i
        portfolio: {notional: 1000000}
        budget: {premium: 0.02, integer_contracts: true}
        layers:
          - {name: e, group: long, instrument: etn, expiry_days: 21, weight: 0.3}
          - {name: f, group: short, instrument: vix-future, expiry_days: 21, weight: 0.4}
          - {name: c, group: short, instrument: vix-call, expiry_days: 21, strike: {percent_over_future: 10}, weight: 0.3}
        """, file: "i.yaml")
        let book = try StaticBook(layout: layout, model: TestMarkets.illustrative(), horizonDays: 21)
        let (etn, future, call) = (book.layers[0].quantity, book.layers[1].quantity, book.layers[2].quantity)
        #expect(etn == 60)   // 0.3 x 0.02 x 1,000,000 = 6,000 at 100 per share (no half-spread): 60 whole shares
        #expect(future.truncatingRemainder(dividingBy: 1000) == 0)
        #expect(call.truncatingRemainder(dividingBy: 100) == 0 && call > 0)
    }
}
