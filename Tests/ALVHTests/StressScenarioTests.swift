import Foundation
import Testing
@testable import ALVH

/// Stress scenarios: the shipped templates reproduce their recorded figures on their central paths, the engine applies
/// shocks and windows as specified, and bad scenario files are refused with the key path.
@Suite("Stress scenarios")
struct StressScenarioTests {
    static let markets: [(String, MarketModel)] = [
        ("default", TestMarkets.illustrative()),
        ("two-factor", try! MarketModel.load(path: ConfigTests.root.appendingPathComponent("configs/markets/two-factor.yaml").path)),
    ]

    @Test("each crisis template's central path: SPX drawdown within 2 points and VIX peak within 3 of the recorded figures")
    func templatesReproduceRecordedFigures() throws {
        let templates = StressScenario.templates()
        #expect(templates.map(\.name) == ["oct-2008", "aug-2011", "aug-2015", "feb-2018", "dec-2018", "mar-2020", "aug-2024"])
        for (marketName, market) in Self.markets {
            for t in templates {
                let recorded = try #require(t.recorded)
                let c = try t.centralPath(model: market)
                let dd = try #require(recorded.spxDrawdownPercent), peak = try #require(recorded.vixPeak)
                #expect(abs(c.recordedWindowDrawdownPercent - dd) < 2, "\(marketName) \(t.name): drawdown \(c.recordedWindowDrawdownPercent) vs \(dd)")
                #expect(abs(c.vixPeak - peak) < 3, "\(marketName) \(t.name): VIX peak \(c.vixPeak) vs \(peak)")
            }
        }
    }

    @Test("the shipped files equal the embedded templates, and each parses")
    func filesAreEmbedded() throws {
        for (name, text) in EmbeddedConfigs.scenarioTemplates {
            let path = ConfigTests.root.appendingPathComponent("configs/scenarios/\(name).yaml").path
            let file = try String(contentsOfFile: path, encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == text.trimmingCharacters(in: .newlines), "run scripts/embed-configs (\(name))")
            #expect(try StressScenario.load(path: path).name == name)
            #expect(try ConfigFiles.validate(path: path).kind == .scenario)
        }
    }

    /// Daily SPX and VIX of `paths` paths (`[path * (days + 1) + day]`) under `scenario`.
    static func record(_ model: MarketModel, scenario: StressScenario?, days: Int, paths: Int = 300, seed: UInt64 = 7)
        throws -> (spot: [Double], vix: [Double], variance: [Double]) {
        let settings = PathSimulationSettings(paths: paths, days: days, seed: seed, threads: 2, batchSize: 128, measure: .realWorld)
        let engine = try PathEngine(model: model, settings: settings, start: nil,
                                    scenario: try scenario?.pathScenario(model: model, settings: settings))
        let recorder = PathRecorder(count: paths, days: days, vix: model.vixFormula)
        try engine.run(recorder)
        return (recorder.columns.array(0), recorder.columns.array(1), recorder.columns.array(2))
    }

    @Test("shocks: on its day every path's VIX is the level (or moved by the points) and ln S moved by ln(1 + p); other days unchanged")
    func shocksOnPaths() throws {
        for (name, market) in Self.markets {
            let scenario = StressScenario(name: "t", horizonDays: 6, shocks: [
                .init(day: 2, spxPercent: -7, vixLevel: 45, vixPoints: nil),
                .init(day: 4, spxPercent: 0, vixLevel: nil, vixPoints: -5),
            ])
            let plain = try Self.record(market, scenario: nil, days: 6), shocked = try Self.record(market, scenario: scenario, days: 6)
            for p in 0..<300 {
                let at = { (d: Int) in p * 7 + d }
                #expect(plain.spot[at(1)] == shocked.spot[at(1)] && plain.vix[at(1)] == shocked.vix[at(1)], "\(name) day 1 untouched")
                // Day 2: the same step from the same state, then the shock.
                #expect(abs(log(shocked.spot[at(2)] / plain.spot[at(2)]) - log(0.93)) < 1e-12, "\(name) path \(p) SPX jump")
                #expect(abs(shocked.vix[at(2)] - 45) < 1e-9, "\(name) path \(p) VIX level \(shocked.vix[at(2)])")
                // Day 4: 5 points below what the path's own step gave (the state before the shock is not recorded, so
                // compare with a run of the same scenario without the day-4 shock).
            }
            let noFour = StressScenario(name: "t", horizonDays: 6, shocks: [scenario.shocks[0]])
            let three = try Self.record(market, scenario: noFour, days: 6)
            for p in 0..<300 {
                let at = p * 7 + 4
                #expect(abs(shocked.vix[at] - (three.vix[at] - 5)) < 1e-9 || three.vix[at] - 5 < market.vixFormula.minimumVIX,
                        "\(name) path \(p): \(shocked.vix[at]) vs \(three.vix[at]) - 5")
            }
        }
    }

    @Test("a window's overrides equal a market with those P parameters on the window's days (same draws, same bits)")
    func windowsSwitchDynamics() throws {
        var market = TestMarkets.illustrative()
        let window = StressScenario(name: "w", horizonDays: 8, shocks: [],
                                    overrides: [.init(fromDay: 1, toDay: 8, jumpIntensityMultiple: 3, kappa: 6, theta: 0.09, equityDrift: -0.5)])
        let withWindow = try Self.record(market, scenario: window, days: 8)
        market.realWorld.jumps!.intensity *= 3
        market.realWorld.factors[0].kappa = 6
        market.realWorld.factors[0].theta = 0.09
        market.realWorld.totalReturnDrift = -0.5
        let direct = try Self.record(market, scenario: nil, days: 8)
        #expect(withWindow.spot == direct.spot && withWindow.variance == direct.variance)
        // A window on days 3 ... 4 only: days 1-2 as the plain market.
        let part = StressScenario(name: "w", horizonDays: 8, shocks: [],
                                  overrides: [.init(fromDay: 3, toDay: 4, jumpIntensityMultiple: nil, kappa: nil, theta: 0.2, equityDrift: nil)])
        let plain = try Self.record(TestMarkets.illustrative(), scenario: nil, days: 8)
        let partial = try Self.record(TestMarkets.illustrative(), scenario: part, days: 8)
        for p in 0..<300 {
            #expect(partial.variance[p * 9 + 2] == plain.variance[p * 9 + 2])
        }
        #expect((0..<300).contains { partial.variance[$0 * 9 + 4] > plain.variance[$0 * 9 + 4] })
    }

    /// With a variance-dependent expected return (`eta`), the window's dynamics keep the unstressed market's `Vbar`
    /// as the premium's zero point: a window that raises `theta` raises the variance, and with it the expected return,
    /// instead of also moving the zero point up (which would cancel the premium inside the window). The window equals
    /// a market with those P parameters and `Vbar` pinned, bit for bit.
    @Test("a window keeps the unstressed market's Vbar as the equity premium's zero point (eta != 0)")
    func windowKeepsPremiumReference() throws {
        var market = TestMarkets.illustrative()
        market.realWorld.equityPremiumPerVariance = 3
        let baseVbar = market.realWorld.stationaryMeanTotalVariance
        let window = StressScenario(name: "w", horizonDays: 8, shocks: [],
                                    overrides: [.init(fromDay: 1, toDay: 8, jumpIntensityMultiple: nil, kappa: nil, theta: 0.09, equityDrift: nil)])
        let d = try window.dynamics(market.realWorld, with: window.overrides[0], index: 0)
        #expect(d.premiumReferenceVariance == baseVbar && d.stationaryMeanTotalVariance > baseVbar)
        #expect(d.logPriceDrift == market.realWorld.logPriceDrift, "theta moves the variance, not the drift's constant")
        let withWindow = try Self.record(market, scenario: window, days: 8)
        market.realWorld.factors[0].theta = 0.09
        market.realWorld.premiumReferenceVariance = baseVbar
        let direct = try Self.record(market, scenario: nil, days: 8)
        #expect(withWindow.spot == direct.spot && withWindow.variance == direct.variance)
    }

    @Test("bad scenario files: each error names the file and the key path with the allowed range")
    func badFiles() throws {
        let good = "name: x\nhorizon_days: 5\nshocks:\n  - {day: 2, spx_percent: -5}\n"
        let cases: [(String, String)] = [
            ("name: x\nhorizon_days: 5\nshocks:\n  - {day: 6, spx_percent: -5}\n", "shocks[0].day = 6 is out of range; allowed: [1, 5]"),
            ("name: x\nhorizon_days: 5\nshocks:\n  - {day: 2, spx_percent: -120}\n", "shocks[0].spx_percent = -120 is out of range; allowed: (-100, 100)"),
            ("name: x\nhorizon_days: 5\nshocks:\n  - {day: 2, vix: 30, vix_points: 3}\n", "shocks[0]: give vix (a level) or vix_points"),
            ("name: x\nhorizon_days: 5\nshocks:\n  - {day: 2}\n", "shocks[0]: a shock needs spx_percent, vix or vix_points."),
            ("name: x\nhorizon_days: 2.5\nshocks: []\n", "horizon_days = 2.5 is out of range; allowed: a whole number in [1, 1260]"),
            (good + "overrides:\n  - {from_day: 1, to_day: 3, kappa: 4}\n  - {from_day: 3, to_day: 5, theta: 0.1}\n",
             "overrides[1]: days 3 ... 5 overlap the window 1 ... 3"),
            (good + "overrides:\n  - {from_day: 4, to_day: 2, kappa: 4}\n", "overrides[0].to_day: 2 is before from_day 4."),
            (good + "overrides:\n  - {from_day: 1, to_day: 2}\n", "overrides[0]: a window needs at least one of"),
            (good + "shock_day: 3\n", "unknown key 'shock_day'; allowed here: name, description, horizon_days"),
            (good + "start: {vix: 500}\n", "start.vix = 500 is out of range; allowed: [5, 200]"),
        ]
        for (text, expected) in cases {
            let path = try DataLoaderTests.write(text, name: "scenario.yaml")
            do {
                _ = try StressScenario.load(path: path)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.hasPrefix(path + ": ") && error.description.contains(expected), "\(error.description) vs \(expected)")
            }
        }
        // A kappa that leaves no mean reversion with state-dependent jumps is refused against the market.
        let two = Self.markets[1].1
        let slow = StressScenario(name: "k", source: "k.yaml", horizonDays: 3, shocks: [],
                                  overrides: [.init(fromDay: 1, toDay: 3, jumpIntensityMultiple: nil, kappa: 0.001, theta: nil, equityDrift: nil)])
        if two.realWorld.jumpFeedback > 0.001 {
            #expect(throws: ConfigError.self) { _ = try slow.centralPath(model: two) }
        }
        let low = StressScenario(name: "l", source: "l.yaml", horizonDays: 3, startVIX: 5, shocks: [])
        if TestMarkets.illustrative().vixFormula.minimumVIX > 5 {
            #expect(throws: ConfigError.self) { _ = try low.startModel(TestMarkets.illustrative()) }
        }
    }
}

