import Foundation
import Testing
@testable import ALVH

@Suite("Adaptive rules: indicators and the adaptive: section of a layout")
struct AdaptiveRulesTests {
    @Test("MACD against hand-computed fractions (fast 2, slow 3, signal 2 on 10, 11, 12, 11)")
    func macd() {
        let p = MACDParameters(fast: 2, slow: 3, signal: 2)
        let (macd, signal) = p.lines([10, 11, 12, 11])
        let expectedMACD = [0, 1.0 / 6, 11.0 / 36, 13.0 / 216], expectedSignal = [0, 1.0 / 9, 13.0 / 54, 13.0 / 108]
        for t in 0..<4 {
            #expect(abs(macd[t] - expectedMACD[t]) < 1e-13 && abs(signal[t] - expectedSignal[t]) < 1e-13, "day \(t)")
        }
    }

    @Test("RSI (Wilder) against hand-computed values (period 2 on 10, 11, 10.5, 12, 11)")
    func rsi() {
        let values = RSIParameters(period: 2).values([10, 11, 10.5, 12, 11])
        #expect(values[0] == nil && values[1] == nil)
        #expect(abs(values[2]! - 200.0 / 3) < 1e-12)
        #expect(abs(values[3]! - 800.0 / 9) < 1e-12)
        #expect(abs(values[4]! - 800.0 / 17) < 1e-12)
        // No loss at all: 100; flat: 50.
        #expect(RSIParameters(period: 2).values([1, 2, 3]).last! == 100)
        #expect(RSIParameters(period: 2).values([1, 1, 1]).last! == 50)
    }

    static let layers = """
        name: adaptive test
        portfolio: {notional: 1000000, beta: 1}
        budget: {half_spread: {vix-call: 0.05}}
        layers:
          - {name: s1, group: short, instrument: vix-call, expiry_days: 21, strike: {percent_over_future: 20}, weight: 1}
          - {name: m1, group: medium, instrument: spx-put, expiry_days: 63, strike: {moneyness: 0.9}, weight: 0.5}
          - {name: m2, group: medium, instrument: spx-put, expiry_days: 42, strike: {delta: -0.25}, weight: 0.5}

        """

    static let rules = """
        adaptive:
          budget_per_year: 0.02
          roll_days: {short: 5, medium: 10}
          take_profit: {multiple: 3, redeploy_to: medium}
          regimes:
            - {name: low, vix: [0, 15], weights: {short: 0.2, medium: 0.8}}
            - {name: normal, vix: [15, 25], weights: {short: 0.3, medium: 0.7}}
            - {name: high, vix: [25, .inf], weights: {short: 0.5, medium: 0.5}, budget_scale: 0.5}
          macd: {fast: 12, slow: 26, signal: 9, shift: {from: medium, to: short, fraction: 0.25}}
          rsi: {period: 14, oversold: 30, when_oversold: {from: short, to: medium, fraction: 0.5}}
          half_spread_per_vix_point: {vix-call: 0.002}

        """

    @Test("a full adaptive section reads; regimes tile the VIX axis; warm-up from the indicators")
    func reads() throws {
        let layout = try HedgeLayout(yaml: AdaptiveRulesTests.layers + AdaptiveRulesTests.rules, file: "a.yaml")
        let rules = try #require(layout.adaptive)
        #expect(rules.budgetPerYear == 0.02 && rules.rollDays == [.short: 5, .medium: 10])
        #expect(rules.takeProfit == TakeProfitRule(multiple: 3, redeployTo: .medium))
        #expect(rules.regimes.map(\.name) == ["low", "normal", "high"] && rules.regimes[2].budgetScale == 0.5)
        #expect(rules.regime(vix: 14.99, slope: 0.05) == 0 && rules.regime(vix: 15, slope: -0.2) == 1 && rules.regime(vix: 80, slope: 0) == 2)
        #expect(rules.warmUpDays == 35 && rules.costs.halfSpreadPerVIXPoint[.vixCall] == 0.002)
        #expect(layout.budget.premium == 0)
    }

    @Test("bad rules: exit-2 errors that name the key path and the allowed range",
          arguments: [
            ("take_profit: {multiple: 3, redeploy_to: medium}", "take_profit: {multiple: 1, redeploy_to: medium}",
             "a.yaml: adaptive.take_profit.multiple = 1 is out of range; allowed: (1, 1000]."),
            ("take_profit: {multiple: 3, redeploy_to: medium}", "take_profit: {multiple: 3, redeploy_to: middle}",
             "a.yaml: adaptive.take_profit.redeploy_to = 'middle' is out of range; allowed: short, medium, long."),
            ("take_profit: {multiple: 3, redeploy_to: medium}", "take_profit: {multiple: 3, redeploy_to: long}",
             "a.yaml: adaptive.take_profit.redeploy_to: the layout has no long layer."),
            ("roll_days: {short: 5, medium: 10}", "roll_days: {short: 21, medium: 10}",
             "a.yaml: adaptive.roll_days.short: 21 roll days leave layer 's1' (expiry_days 21) no life; allowed: below every expiry_days of the group."),
            ("vix: [15, 25]", "vix: [14, 25]",
             "a.yaml: adaptive.regimes[1]: regime 'normal' overlaps regime 'low' (VIX and slope bands both intersect); every day must fall in exactly one regime."),
            ("vix: [15, 25]", "vix: [16, 25]",
             "a.yaml: adaptive.regimes: no regime covers VIX 15 with curve slope -0.99; the bands must cover VIX [0, .inf) and slope (-.inf, .inf)."),
            ("{short: 0.3, medium: 0.7}", "{short: 0.3, medium: 0.6}",
             "a.yaml: adaptive.regimes[1].weights: the weights sum to 0.8999999999999999; they must sum to 1."),
            ("{short: 0.3, medium: 0.7}", "{short: 0.3, medium: 0.5, long: 0.2}",
             "a.yaml: adaptive.regimes[1].weights.long: the layout has no long layer to spend this weight on."),
            ("fast: 12, slow: 26", "fast: 30, slow: 26",
             "a.yaml: adaptive.macd.fast: the fast period 30 must be shorter than the slow one 26."),
            ("fraction: 0.25", "fraction: 1.5",
             "a.yaml: adaptive.macd.shift.fraction = 1.5 is out of range; allowed: [0, 1]."),
            ("budget_per_year: 0.02", "budget_per_year: 0.02\n  rolls: 3",
             "a.yaml: unknown key 'adaptive.rolls'; allowed here: budget_per_year, roll_days, take_profit, regimes, macd, rsi, half_spread_per_vix_point."),
          ])
    func badRules(_ find: String, _ replace: String, _ message: String) {
        let text = AdaptiveRulesTests.layers + AdaptiveRulesTests.rules.replacingOccurrences(of: find, with: replace)
        #expect(text != AdaptiveRulesTests.layers + AdaptiveRulesTests.rules, "the mutation must apply")
        do {
            _ = try HedgeLayout(yaml: text, file: "a.yaml")
            Issue.record("accepted: \(replace)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("adaptive layouts: weights sum to 1 within each group; budget.premium is refused")
    func layoutChecks() {
        let unbalanced = AdaptiveRulesTests.layers.replacingOccurrences(of: "weight: 0.5}\n  - {name: m2", with: "weight: 0.4}\n  - {name: m2")
        #expect(throws: ConfigError.invalid(file: "a.yaml", keyPath: "layers[*].weight",
                                            reason: "the medium layers' weights sum to 0.9; in an adaptive layout each group's weights sum to 1 (a layer's share of its group).")) {
            try HedgeLayout(yaml: unbalanced + AdaptiveRulesTests.rules, file: "a.yaml")
        }
        let premium = AdaptiveRulesTests.layers.replacingOccurrences(of: "budget: {half_spread", with: "budget: {premium: 0.02, half_spread")
        #expect(throws: ConfigError.self) { try HedgeLayout(yaml: premium + AdaptiveRulesTests.rules, file: "a.yaml") }
    }
}
