import Foundation
import Testing
@testable import ALVH

@Suite("Hedge layouts (YAML)")
struct HedgeLayoutTests {
    @Test("the embedded default is configs/layouts/alvh-442.yaml: 4/4/2, weights 25/45/30 % of the budget")
    func embeddedDefault() throws {
        let text = try String(contentsOfFile: ConfigTests.root.appendingPathComponent("configs/layouts/alvh-442.yaml").path, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .newlines) == EmbeddedConfigs.defaultLayout.trimmingCharacters(in: .newlines),
                "run scripts/embed-configs")
        let layout = HedgeLayout.embeddedDefault()
        #expect(layout.layers.count == 10)
        func share(_ g: LayerGroup) -> Double { layout.layers.filter { $0.group == g }.reduce(0) { $0 + $1.weight } }
        #expect(layout.layers.filter { $0.group == .short }.count == 4 && abs(share(.short) - 0.25) < 1e-12)
        #expect(layout.layers.filter { $0.group == .medium }.count == 4 && abs(share(.medium) - 0.45) < 1e-12)
        #expect(layout.layers.filter { $0.group == .long }.count == 2 && abs(share(.long) - 0.30) < 1e-12)
        #expect(layout.layers[8].strike == .absolute(25) && layout.layers[8].upperStrike == .absolute(45))
        #expect(layout.layers[0].strike == .percentOverFuture(20) && layout.layers[4].strike == .moneyness(0.95))
    }

    static let valid = """
    name: t
    portfolio: {notional: 1000000, beta: 1.2}
    budget: {premium: 0.01}
    layers:
      - {name: a, group: short, instrument: vix-call, expiry_days: 21, strike: {percent_over_future: 20}, weight: 0.5}
      - {name: b, group: medium, instrument: spx-put, expiry_days: 42, strike: {moneyness: 0.9}, weight: 0.5}
    """

    @Test("a minimal layout parses")
    func minimal() throws {
        let l = try HedgeLayout(yaml: HedgeLayoutTests.valid, file: "l.yaml")
        #expect(l.portfolio.beta == 1.2 && l.budget.halfSpreads.isEmpty && !l.budget.integerContracts && l.layers.count == 2)
    }

    static let badCases: [(String, String, String)] = [
        ("weight: 0.5}\n", "weight: 0.4}\n", "layers[*].weight: the weights sum to 0.9"),
        ("{moneyness: 0.9}", "{moneyness: 9}", "layers[1].strike.moneyness = 9 is out of range; allowed: [0.05, 5]"),
        ("{moneyness: 0.9}", "{percent_over_future: 10}", "layers[1].strike.percent_over_future: not a strike rule for spx-put"),
        ("{percent_over_future: 20}", "{delta: -0.3}", "layers[0].strike.delta: not a strike rule for vix-call"),
        ("instrument: vix-call", "instrument: vix-swap", "layers[0].instrument = 'vix-swap' is out of range; allowed: vix-future, vix-call"),
        ("group: short", "group: tiny", "layers[0].group = 'tiny' is out of range; allowed: short, medium, long"),
        ("expiry_days: 21", "expiry_days: 0", "layers[0].expiry_days = 0 is out of range; allowed: [1, 7560]"),
        ("expiry_days: 21", "expiry_days: 2.5", "layers[0].expiry_days: 2.5 is not a whole number"),
        ("instrument: vix-call, expiry_days: 21, strike: {percent_over_future: 20}", "instrument: vix-call-spread, expiry_days: 21, strike: {absolute: 30}",
         "missing key 'layers[0].upper_strike'"),
        ("instrument: vix-call, expiry_days: 21, strike: {percent_over_future: 20}",
         "instrument: vix-call-spread, expiry_days: 21, strike: {absolute: 30}, upper_strike: {absolute: 25}",
         "layers[0].upper_strike: the upper strike 25 must be above the lower strike 30"),
        ("instrument: vix-call, expiry_days: 21, strike: {percent_over_future: 20}", "instrument: vix-future, expiry_days: 21, strike: {absolute: 20}",
         "layers[0].strike: vix-future has no strike"),
        ("{moneyness: 0.9}", "{moneyness: 0.9, absolute: 5000}", "layers[1].strike: give exactly one strike rule"),
        ("name: b", "name: a", "layers[1].name: layer name 'a' is used twice"),
        ("premium: 0.01", "premium: 0.9", "budget.premium = 0.9 is out of range; allowed: [0, 0.5]"),
        ("budget: {premium: 0.01}", "budget: {premium: 0.01, half_spread: {vix-swap: 1}}", "unknown key 'budget.half_spread.vix-swap'"),
        ("weight: 0.5}\n", "weight: 0.5, colour: red}\n", "unknown key 'layers[0].colour'"),
    ]

    @Test("bad layouts give one clear error naming the key path and the allowed range", arguments: 0..<16)
    func badLayout(_ index: Int) {
        let (from, to, fragment) = HedgeLayoutTests.badCases[index]
        var yaml = HedgeLayoutTests.valid
        if let range = yaml.range(of: from) { yaml.replaceSubrange(range, with: to) }
        do {
            _ = try HedgeLayout(yaml: yaml, file: "l.yaml")
            Issue.record("expected an error for \(fragment)")
        } catch {
            #expect(error.description.hasPrefix("l.yaml"), "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("an unhedged layout has no layers and no premium")
    func unhedged() throws {
        let l = try HedgeLayout.load(path: ConfigTests.root.appendingPathComponent("configs/layouts/unhedged.yaml").path)
        #expect(l.layers.isEmpty && l.budget.premium == 0)
        #expect(throws: ConfigError.self) {
            try HedgeLayout(yaml: "name: u\nportfolio: {notional: 1}\nbudget: {premium: 0.01}\nlayers: []", file: "u.yaml")
        }
    }
}
