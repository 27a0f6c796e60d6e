import Foundation
import Testing
@testable import ALVH

@Suite("Model check: the market under P against the history")
struct ModelCheckTests {
    @Test("bands: relative, factor (same sign) and absolute, boundaries included")
    func bands() {
        #expect(ComparisonBand.relative(0.15).admits(model: 20.2, history: 17.6))      // 14.8 % off
        #expect(!ComparisonBand.relative(0.15).admits(model: 20.3, history: 17.6))
        #expect(ComparisonBand.factor(1.5).admits(model: 0.12, history: 0.08))
        #expect(!ComparisonBand.factor(1.5).admits(model: 0.05, history: 0.08))       // 1.6 x below
        #expect(!ComparisonBand.factor(1.5).admits(model: 0.05, history: -0.05))      // opposite signs
        #expect(ComparisonBand.factor(2).admits(model: -0.08, history: -0.05))
        #expect(ComparisonBand.absolute(0.1).admits(model: -0.62, history: -0.714))
        #expect(!ComparisonBand.absolute(0.1).admits(model: -0.60, history: -0.714))
        #expect(ComparisonBand.absolute(0.10).description(scale: 100, unit: "%") == "+/- 10 pts")
        #expect(ComparisonBand.factor(1.5).description(scale: 1, unit: "days") == "factor 1.5")
        let line = ModelCheckLine(fact: .vixShareAbove(30), history: FactEstimate(value: 0.08, observations: 1, standardError: nil),
                                  model: FactEstimate(value: 0.04, observations: 1, standardError: nil))
        #expect(line.flag == .attention && line.isHardRequirement)
        let missing = ModelCheckLine(fact: .backwardationShare, history: FactEstimate(value: nil, observations: 0, standardError: nil),
                                     model: FactEstimate(value: 0.1, observations: 1, standardError: nil))
        #expect(missing.flag == .unavailable)
    }

    static let smokeSettings = ModelCheckSettings(paths: 64, years: 20, burnInDays: 252, seed: 7, threads: 2)

    /// The illustrative (one-factor SVCJ) market, 64 paths x 20 years under P. Stationary check: the pooled mean of
    /// `(VIX/100)^2` over the recorded days against its exact stationary value `A E[v] + B` (`E[v]` from the P
    /// parameters, `A`, `B` from Q); QE and the exact jump sums keep `E[v_t]` exact, and after a year's burn-in the t0
    /// state is forgotten (e^{-3} of it, then averaged over 20 years). Tolerance 5 standard errors from the spread of
    /// the 64 path means (t with 63 degrees of freedom: a false failure about 5 in a million runs; the seed is fixed).
    /// Power: the same run with paths moved under Q instead of P lands 10 SE off (measured: mean 0.059 against 0.043).
    @Test("64 paths x 20 years, illustrative market: stationary mean of VIX^2 within 5 SE; one line per fact; same bits on 1 thread")
    func smoke() throws {
        let market = TestMarkets.illustrative()
        let settings = Self.smokeSettings
        let paths = try ModelCheck.simulate(model: market, settings: settings)
        #expect(paths.count == 64)
        #expect(paths.allSatisfy { $0.spx.count == 20 * 252 + 1 && $0.futures.count == 20 * 252 + 1 })
        let means = paths.map { p in p.vix.reduce(0.0) { $0 + pow(($1 ?? .nan) / 100, 2) } / Double(p.vix.count) }
        let mean = means.reduce(0, +) / 64
        let se = (means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 63 / 64).squareRoot()
        let f = market.vixFormula, v = market.realWorld.stationaryMeanVariances
        let stationary = f.a * v.first + f.a2 * v.second + f.b
        #expect(abs(mean - stationary) < 5 * se, "mean VIX^2 \(mean) +/- \(se) vs stationary \(stationary)")

        // The comparison against a stand-in history (the real one is read by the CLI's loaders).
        let history = StylisedFacts(series: [try StylisedFactsTests.series(vix: (0..<300).map { 15 + Double($0 % 20) })],
                                    standardErrors: .contiguousBlocks(days: 100))
        let check = try ModelCheck.run(model: market, history: history, settings: settings)
        #expect(check.lines.map(\.fact) == StylisedFact.all)
        #expect(Set(StylisedFact.all.map(\.key)).count == StylisedFact.all.count)
        #expect(check.nonFinitePaths == 0)
        #expect(check.model.panelDays == 64 * (20 * 252 + 1))
        // The history stand-in has no futures: those lines cannot pass, so the hard requirements are not met.
        #expect(check.lines.first { $0.fact == .backwardationShare }?.flag == .unavailable)
        #expect(!check.hardRequirementsMet)
        // Every line is measured on the paths (calm starts, days above 40 and inverted VIX3M days all occur).
        for line in check.lines { #expect(line.model.value != nil && line.model.standardError != nil, "\(line.fact.key)") }
        guard case .object(let document) = check.json, case .array(let rows)? = document.first(where: { $0.0 == "lines" })?.1 else {
            Issue.record("JSON without lines")
            return
        }
        #expect(rows.count == StylisedFact.all.count)
        let text = check.text
        for fact in StylisedFact.all { #expect(text.contains(fact.label), "\(fact.label) missing from the table") }

        var oneThread = settings
        oneThread.threads = 1
        let again = try ModelCheck.run(model: market, history: history, settings: oneThread)
        #expect(again.model.estimates == check.model.estimates)
    }
}
