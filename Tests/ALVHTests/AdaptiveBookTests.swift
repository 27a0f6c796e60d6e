import Foundation
import Testing
@testable import ALVH

@Suite("Adaptive book: the daily book against the static one, Q consistency, budgets, signals, determinism")
struct AdaptiveBookTests {
    static let notional = 10_000_000.0

    /// The ALVH 4/4/2 on the tenors of the shipped adaptive layout, with every rule: rolls, take-profit and redeploy,
    /// four regimes with a budget scale, MACD and RSI shifts, costs widening with the VIX.
    static func fullLayout(costs: Bool = true) throws -> HedgeLayout {
        let spreads = costs ? "{vix-call: 0.05, vix-call-spread: 0.10, spx-put: 0.50, vix-future: 0.02}" : "{}"
        let perPoint = costs ? "\n  half_spread_per_vix_point: {vix-call: 0.002, spx-put: 0.02}" : ""
        return try HedgeLayout(yaml: """
            name: full
            portfolio: {notional: \(notional), beta: 1.0}
            budget: {half_spread: \(spreads)}
            layers:
              - {name: vix-call-10d, group: short, instrument: vix-call, expiry_days: 10, strike: {percent_over_future: 20}, weight: 0.5}
              - {name: vix-future-21d, group: short, instrument: vix-future, expiry_days: 21, weight: 0.5}
              - {name: spx-put-21d, group: medium, instrument: spx-put, expiry_days: 21, strike: {moneyness: 0.95}, weight: 0.3}
              - {name: spx-ps-42d, group: medium, instrument: spx-put-spread, expiry_days: 42, strike: {moneyness: 0.85}, upper_strike: {moneyness: 0.95}, weight: 0.3}
              - {name: spx-put-63d, group: medium, instrument: spx-put, expiry_days: 63, strike: {delta: -0.25}, weight: 0.4}
              - {name: vix-cs-105d, group: long, instrument: vix-call-spread, expiry_days: 105, strike: {absolute: 25}, upper_strike: {absolute: 45}, weight: 1}
            adaptive:
              budget_per_year: 0.06
              roll_days: {short: 2, medium: 10, long: 42}
              take_profit: {multiple: 2, redeploy_to: medium}
              regimes:
                - {name: low, vix: [0, 15], weights: {short: 0.2, medium: 0.5, long: 0.3}}
                - {name: normal, vix: [15, 25], weights: {short: 0.25, medium: 0.45, long: 0.3}}
                - {name: elevated, vix: [25, 35], weights: {short: 0.15, medium: 0.55, long: 0.3}}
                - {name: crisis, vix: [35, .inf], weights: {short: 0.1, medium: 0.6, long: 0.3}, budget_scale: 0.5}
              macd: {fast: 12, slow: 26, signal: 9, shift: {from: long, to: short, fraction: 0.25}}
              rsi: {period: 14, oversold: 30, when_oversold: {from: short, to: medium, fraction: 0.5}}\(perPoint)

            """, file: "full.yaml")
    }

    /// An adaptive section with no rule that trades (one regime, no roll, no take-profit, no costs) and no layer expiring
    /// before the horizon books on day 0 exactly what the static book books and holds it: the same P&L on every path.
    @Test("no rules: the adaptive book equals the static book on the same paths (SPX put marked at the horizon, VIX future, put settling on the horizon)")
    func staticEquivalence() throws {
        let model = TestMarkets.illustrative()
        // Horizon 40: the put 50d is marked with 10 days left, the future 45d with 5, the put 40d settles on the horizon.
        let budgetPerYear = 0.04, lives = [50.0, 45, 40]
        let layers = """
            layers:
              - {name: p50, group: medium, instrument: spx-put, expiry_days: 50, strike: {moneyness: 0.9}, weight: WM1}
              - {name: f45, group: short, instrument: vix-future, expiry_days: 45, weight: WS}
              - {name: p40, group: medium, instrument: spx-put, expiry_days: 40, strike: {moneyness: 0.95}, weight: WM2}

            """
        // Adaptive: a slot is allotted budget x notional x tenor/252 x group weight x layer weight.
        let adaptive = try HedgeLayout(yaml: "name: adaptive\nportfolio: {notional: \(AdaptiveBookTests.notional), beta: 1}\nbudget: {}\n"
            + layers.replacingOccurrences(of: "WM1", with: "0.5").replacingOccurrences(of: "WM2", with: "0.5").replacingOccurrences(of: "WS", with: "1")
            + "adaptive:\n  budget_per_year: \(budgetPerYear)\n  regimes:\n    - {name: all, weights: {short: 0.4, medium: 0.6}}\n", file: "a.yaml")
        let allotments = [lives[0] * 0.6 * 0.5, lives[1] * 0.4, lives[2] * 0.6 * 0.5].map { budgetPerYear * $0 / 252 }
        let total = allotments.reduce(0, +)
        let w = allotments.map { $0 / total }
        let fixed = try HedgeLayout(yaml: "name: static\nportfolio: {notional: \(AdaptiveBookTests.notional), beta: 1}\nbudget: {premium: \(total)}\n"
            + layers.replacingOccurrences(of: "WM1", with: "\(w[0])").replacingOccurrences(of: "WM2", with: "\(w[2])").replacingOccurrences(of: "WS", with: "\(w[1])"),
            file: "s.yaml")
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [fixed, adaptive],
                                                    settings: PathSimulationSettings(paths: 3000, days: 40, seed: 3, threads: 2))
        let s = outcomes[0], a = outcomes[1]
        let tolerance = Self.expectSameLayers(s, a)
        let worst = zip(s.hedgedPnL, a.hedgedPnL).map { abs($0 - $1) }.max()!
        #expect(worst <= tolerance, "hedged P&L: worst difference \(worst)")
        #expect(a.adaptive!.rolls.allSatisfy { $0 == 0 } && a.adaptive!.takeProfits.allSatisfy { $0 == 0 })
    }

    /// Under Q with no trading costs every trade is at the model price, so each layer's discounted P&L (premiums,
    /// rolls, take-profit sales and settlements, the live position at the horizon) has mean zero, whatever the
    /// regimes and signals do with the quantities (they are set before each trade).
    @Test("under Q with zero costs each rolled layer's discounted mean P&L is zero within 4 standard errors")
    func riskNeutralLayers() throws {
        let model = TestMarkets.illustrative()
        let layout = try AdaptiveBookTests.fullLayout(costs: false)
        let days = 63
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [layout],
                                                    settings: PathSimulationSettings(paths: 40_000, days: days, seed: 21, threads: 2,
                                                                                     measure: .riskNeutral))
        let o = outcomes[0], a = try #require(o.adaptive)
        let discount = exp(-model.rate * Double(days) / 252)
        #expect(a.rolls.reduce(0, +) > 0 && a.takeProfits.reduce(0, +) > 0, "the rules must trade for the test to mean anything")
        for l in o.book.layers.indices {
            let s = SampleStatistics(o.layerPnL(l).map { $0 * discount })
            let premium = a.layerPaid[l].reduce(0, +) / Double(a.layerPaid[l].count)
            #expect(abs(s.mean) < 4 * s.standardError, "\(o.book.layers[l].layer.name): mean \(s.mean) +/- \(s.standardError), premium \(premium)")
        }
    }

    @Test("budget: premiums paid never exceed the allotments at the largest weights plus the proceeds; rolls and take-profits counted")
    func budgetBound() throws {
        let model = TestMarkets.illustrative()
        let layout = try AdaptiveBookTests.fullLayout()
        let days = 126
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [layout],
                                                    settings: PathSimulationSettings(paths: 4000, days: days, seed: 5, threads: 2))
        let o = outcomes[0], a = try #require(o.adaptive)
        let rules = try #require(layout.adaptive)
        // The most any slot can be allotted per opening (weights at most 1 after shifts, budget scale at most 1 here).
        var ceiling = 0.0
        for layer in layout.layers {
            let life = layer.expiryDays - (rules.rollDays[layer.group] ?? 0)
            let openings = Double((days - 1) / life + 1)
            ceiling += openings * rules.budgetPerYear * AdaptiveBookTests.notional * Double(life) / 252 * layer.weight
        }
        let carryAll = exp(model.rate * Double(days) / 252)
        for i in 0..<o.hedgeValue.count {
            // Proceeds carried to the horizon bound what was redeployed (redeployed cash is nominal, paid earlier).
            let proceeds = o.layerValues.reduce(0) { $0 + max($1[i], 0) }
            #expect(a.premiumPaid[i] <= ceiling + proceeds + 1e-6, "path \(i)")
            #expect(a.premiumCarried[i] >= a.premiumPaid[i] - 1e-6 && a.premiumCarried[i] <= a.premiumPaid[i] * carryAll + 1e-6)
        }
        // Rolls: at most one per slot life within the horizon, never more than the calendar holds.
        let maxRolls = layout.layers.reduce(0.0) { sum, layer in
            let roll = rules.rollDays[layer.group] ?? 0
            return roll > 0 ? sum + Double(days / (layer.expiryDays - roll)) : sum
        }
        #expect(a.rolls.allSatisfy { $0 <= maxRolls } && a.rolls.contains { $0 > 0 })
        #expect(a.drawdown.allSatisfy { $0 >= 0 && $0.isFinite } && o.hedgedPnL.allSatisfy(\.isFinite))
        // Days in the regimes add up to the horizon on every path.
        for i in 0..<o.hedgeValue.count { #expect(a.regimeDays.reduce(0) { $0 + $1[i] } == Double(days)) }
    }

    /// Break-even path by path: the book checks its P&L every day, so a path whose hedge ends above zero must have
    /// paid back on some day, and one that never paid back must end at or below zero (on the horizon day the book's P&L
    /// is the outcome's hedge value less premiums carried). A path that first paid back on the horizon day records the
    /// SPX return of the horizon.
    @Test("payback: the first day the hedge's P&L rises above zero, per path, agrees with the horizon P&L; summary quantiles")
    func paybackPerPath() throws {
        let model = TestMarkets.illustrative()
        let layout = try AdaptiveBookTests.fullLayout()
        let days = 126
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [layout],
                                                    settings: PathSimulationSettings(paths: 4000, days: days, seed: 9, threads: 2))
        let o = outcomes[0], a = try #require(o.adaptive)
        let tolerance = 1e-9 * AdaptiveBookTests.notional
        var paid = 0, lastDay = 0
        for i in 0..<o.hedgeValue.count {
            let day = a.paybackDay[i]
            #expect(day == day.rounded() && day >= 0 && day <= Double(days), "path \(i): day \(day)")
            let finalPnL = o.hedgeValue[i] - a.premiumCarried[i]
            if finalPnL > tolerance { #expect(day > 0, "path \(i) ends at \(finalPnL) without a payback day") }
            if day == 0 {
                #expect(finalPnL <= tolerance, "path \(i)")
                #expect(a.paybackSPXReturn[i] == 0)
            } else {
                paid += 1
            }
            if day == Double(days) {
                lastDay += 1
                #expect(abs(a.paybackSPXReturn[i] - o.spxReturn[i]) < 1e-12, "path \(i)")
            }
        }
        // Both kinds of path occur with these rules and seed, so the checks above are not vacuous.
        #expect(paid > 100 && paid < o.hedgeValue.count - 100 && lastDay > 0, "paid back \(paid), on the last day \(lastDay)")
        let summary = AdaptiveSummary(a, outcome: o)
        #expect(abs(summary.paybackShare - Double(paid) / Double(o.hedgeValue.count)) < 1e-15)
        let q = summary.paybackSPXReturnQuantiles.map(\.spxReturn)
        #expect(q.count == 5 && zip(q, q.dropFirst()).allSatisfy { $0 <= $1 })
        let median = try #require(summary.paybackMedianDay)
        #expect(median >= 1 && median <= Double(days))
    }

    @Test("doubling the half-spreads lowers the mean hedged P&L: by the VIX futures' spread on the units traded, exactly per path")
    func costs() throws {
        let model = TestMarkets.illustrative()
        func layout(_ spread: Double) throws -> HedgeLayout {
            try HedgeLayout(yaml: """
                name: futures-\(spread)
                portfolio: {notional: \(AdaptiveBookTests.notional), beta: 1}
                budget: {half_spread: {vix-future: \(spread)}}
                layers:
                  - {name: f21, group: short, instrument: vix-future, expiry_days: 21, weight: 1}
                adaptive:
                  budget_per_year: 0.05
                  roll_days: {short: 5}
                  regimes:
                    - {name: all, weights: {short: 1}}

                """, file: "f.yaml")
        }
        let h = 0.05
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [layout(h), layout(2 * h), layout(0)],
                                                    settings: PathSimulationSettings(paths: 2000, days: 63, seed: 9, threads: 2))
        // A future's quantity does not depend on the spread (budget / F), so the P&L falls by h per unit per trade leg
        // (bought, sold at a roll, marked at bid on the horizon); the zero-spread run gives the units.
        let zero = outcomes[2], once = outcomes[0], twice = outcomes[1]
        for i in 0..<zero.hedgedPnL.count {
            let costOnce = zero.hedgedPnL[i] - once.hedgedPnL[i], costTwice = zero.hedgedPnL[i] - twice.hedgedPnL[i]
            #expect(costOnce > 0 && abs(costTwice - 2 * costOnce) <= 1e-6 * costOnce, "path \(i): \(costOnce) vs \(costTwice)")
        }
    }

    @Test("regimes and signals: weights by VIX band, budget scale, MACD and RSI shifts; VXTH's scale by the 1-month future")
    func regimesAndSignals() throws {
        let rules = try #require(AdaptiveBookTests.fullLayout().adaptive)
        let base = rules.baseWeights
        let calmMACD = MACDState(first: 20), calmRSI = RSIState(first: 100)
        #expect(rules.regime(vix: 12, front: 14, slope: 0.1) == 0 && rules.regime(vix: 40, front: 30, slope: -0.1) == 3)
        let crisis = rules.groupWeights(regime: 3, base: base, macd: calmMACD, rsi: calmRSI)
        #expect(crisis.weights == GroupWeights(short: 0.1, medium: 0.6, long: 0.3) && crisis.scale == 0.5)
        // MACD line above its signal (VIX rising): a quarter of the long group's weight moves to the short group.
        var rising = MACDState(first: 20)
        for x in [21.0, 23, 26] { rising.update(x, rules.macd!.parameters) }
        #expect(rising.histogram > 0)
        let shifted = rules.groupWeights(regime: 1, base: base, macd: rising, rsi: calmRSI).weights
        #expect(abs(shifted.short - (0.25 + 0.075)) < 1e-12 && abs(shifted.long - 0.225) < 1e-12 && shifted.medium == 0.45)
        // RSI oversold after 14 falls: half of the short group's weight moves to the medium group.
        var falling = RSIState(first: 100)
        for k in 1...14 { falling.update(100 - Double(k), rules.rsi!.parameters) }
        let oversold = rules.groupWeights(regime: 1, base: base, macd: calmMACD, rsi: falling).weights
        #expect(abs(oversold.short - 0.125) < 1e-12 && abs(oversold.medium - 0.575) < 1e-12)

        // The flat table the daily loop reads agrees with the rules bit for bit on a grid of days.
        let table = RegimeTable(rules)
        var macdStates = [calmMACD, rising], rsiStates = [calmRSI, falling]
        var overbought = RSIState(first: 100)
        for k in 1...14 { overbought.update(100 + Double(k), rules.rsi!.parameters) }
        rsiStates.append(overbought)
        macdStates.append(MACDState(first: 30))
        for vixLevel in stride(from: 9.0, through: 60, by: 0.5) {
            for slope in [-0.2, 0, 0.1] {
                let k = table.regime(vix: vixLevel, front: vixLevel + 1, slope: slope)
                #expect(k == rules.regime(vix: vixLevel, front: vixLevel + 1, slope: slope))
                for m in macdStates { for r in rsiStates {
                    #expect(table.weights(regime: k, macd: m, rsi: r) == rules.groupWeights(regime: k, base: base, macd: m, rsi: r).weights)
                } }
            }
        }

        let vxth = try HedgeLayout(yaml: try String(contentsOfFile: "configs/layouts/vix-tail-hedge-vxth.yaml", encoding: .utf8),
                                   file: "vix-tail-hedge-vxth.yaml")
        let v = try #require(vxth.adaptive)
        #expect(v.levelSource == .future)
        // Cboe VXTH: the 1-month future <= 15: nothing; 15-30: 1 % a month; 30-50: 0.5 %; > 50: nothing.
        let scales = [14.0, 15.5, 29.9, 30.1, 49, 50.5].map { v.regimes[v.regime(vix: 99, front: $0, slope: 0)].budgetScale }
        #expect(scales == [0, 1, 1, 0.5, 0.5, 0])
    }

    /// Paths started at chosen states: each is in the regime of its own VIX from day 1, and its day-0 openings are
    /// sized by its own regime (the crisis regime halves the budget and gives the short group 0.1 instead of 0.2).
    @Test("regime switching on constructed starts: calm and crisis paths, allotments by their own regime")
    func constructedStarts() throws {
        let model = TestMarkets.illustrative()
        let layout = try HedgeLayout(yaml: """
            name: regimes
            portfolio: {notional: 1000000, beta: 1}
            budget: {}
            layers:
              - {name: f, group: short, instrument: vix-future, expiry_days: 21, weight: 1}
              - {name: p, group: medium, instrument: spx-put, expiry_days: 42, strike: {moneyness: 0.9}, weight: 1}
            adaptive:
              budget_per_year: 0.05
              regimes:
                - {name: calm, vix: [0, 20], weights: {short: 0.2, medium: 0.8}}
                - {name: crisis, vix: [20, .inf], weights: {short: 0.1, medium: 0.9}, budget_scale: 0.5}

            """, file: "r.yaml")
        // v such that the model VIX is 12 (calm) or 45 (crisis): (VIX/100)^2 = A v + B.
        let f = model.vixFormula
        let v = [12.0, 45.0].map { (pow($0 / 100, 2) - f.b) / f.a }
        let start = try PathStartStates(logSpots: [log(model.spot), log(model.spot)], variances: v)
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [layout],
                                                    settings: PathSimulationSettings(paths: 2, days: 1, seed: 2, threads: 1), start: start)
        let a = try #require(outcomes[0].adaptive)
        #expect(a.regimeDays[0] == [1, 0] && a.regimeDays[1] == [0, 1])
        // Premium of the future = quantity x half-spread = 0 here; the put's premium is its allotment.
        let allot = { (weight: Double, scale: Double) in 0.05 * 1_000_000 * 42 / 252 * weight * scale }
        #expect(abs(a.layerPaid[1][0] - allot(0.8, 1)) < 1e-6 && abs(a.layerPaid[1][1] - allot(0.9, 0.5)) < 1e-6)
    }

    @Test("same bits for any thread count and batch size; static layouts unchanged by an adaptive one beside them (warm-up draws apart)")
    func determinism() throws {
        let model = TestMarkets.illustrative()
        let layout = try AdaptiveBookTests.fullLayout()
        let fixed = try HedgeLayout(yaml: EmbeddedConfigs.defaultLayout, file: "alvh-442.yaml")
        let base = PathSimulationSettings(paths: 700, days: 30, seed: 4, threads: 1, batchSize: 700)
        let (one, _) = try HedgeSimulation.run(model: model, layouts: [fixed, layout], settings: base)
        var other = base
        other.threads = 2
        other.batchSize = 97
        let (two, _) = try HedgeSimulation.run(model: model, layouts: [fixed, layout], settings: other)
        #expect(one[1].hedgedPnL == two[1].hedgedPnL && one[1].adaptive!.drawdown == two[1].adaptive!.drawdown)
        let (alone, _) = try HedgeSimulation.run(model: model, layouts: [fixed], settings: base)
        #expect(alone[0].hedgedPnL == one[0].hedgedPnL)
    }

    @Test("what the daily book cannot hold is refused with the layer's key path (delta rules on VIX options)")
    func refusals() throws {
        let delta = try HedgeLayout(yaml: """
            name: d
            portfolio: {notional: 1000000, beta: 1}
            budget: {}
            layers:
              - {name: x, group: short, instrument: vix-call, expiry_days: 21, strike: {absolute: 20}, weight: 1}
            adaptive:
              budget_per_year: 0.02
              regimes:
                - {name: all, weights: {short: 1}}

            """, file: "d.yaml")
        var vixDelta = delta
        vixDelta.layers[0].strike = .delta(-0.25)
        #expect(throws: Never.self) { try AdaptiveBook.checkHoldable(delta) }
        do {
            try AdaptiveBook.checkHoldable(vixDelta)
            Issue.record("a delta rule on a VIX option was accepted")
        } catch {
            #expect(error.description == "d.yaml: layers[0].strike: a delta strike rule applies to SPX options only.", "\(error)")
        }
    }

    /// ETN layers in the daily book: the index followed on the paths as the static book follows it, ETN calls marked by
    /// Black with the remaining log-variance of the day's roll phase (`IndexLogVarianceTable`, the static mark's table).
    @Test("no rules with ETN layers: the adaptive book equals the static book (ETN sold on the horizon, ETN call marked there)",
          arguments: [false, true])
    func staticEquivalenceETN(twoFactor: Bool) throws {
        let model = twoFactor ? try TwoFactorModelTests.shipped() : TestMarkets.illustrative()
        let budgetPerYear = 0.05, lives = [40.0, 60]
        // Horizon 40: the ETN is sold at the index on its expiry, the horizon; the ETN call (60 days) is marked with 20
        // days left (a slot expiring before the horizon would reopen, which the static book does not do).
        let layers = """
            layers:
              - {name: etn40, group: long, instrument: etn, expiry_days: 40, weight: W1}
              - {name: call60, group: long, instrument: etn-call, expiry_days: 60, strike: {moneyness: 1.2}, weight: W2}

            """
        let adaptive = try HedgeLayout(yaml: "name: adaptive\nportfolio: {notional: \(AdaptiveBookTests.notional), beta: 1}\nbudget: {}\n"
            + layers.replacingOccurrences(of: "W1", with: "0.5").replacingOccurrences(of: "W2", with: "0.5")
            + "adaptive:\n  budget_per_year: \(budgetPerYear)\n  regimes:\n    - {name: all, weights: {long: 1}}\n", file: "a.yaml")
        let allotments = lives.map { budgetPerYear * $0 * 0.5 / 252 }
        let total = allotments.reduce(0, +)
        let fixed = try HedgeLayout(yaml: "name: static\nportfolio: {notional: \(AdaptiveBookTests.notional), beta: 1}\nbudget: {premium: \(total)}\n"
            + layers.replacingOccurrences(of: "W1", with: "\(allotments[0] / total)").replacingOccurrences(of: "W2", with: "\(allotments[1] / total)"),
            file: "s.yaml")
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [fixed, adaptive],
                                                    settings: PathSimulationSettings(paths: 2000, days: 40, seed: 4, threads: 2))
        let s = outcomes[0], a = outcomes[1]
        Self.expectSameLayers(s, a)
        for l in 0..<2 {   // not trivially equal: each layer's P&L varies across paths
            #expect(SampleStatistics(a.layerPnL(l)).standardDeviation > 1e-3 * a.book.layers[l].premium)
        }
    }

    /// The static and the no-rules adaptive book of the same layers: the same quantities (1e-9 relative) and each
    /// layer's P&L the same on every path within 1e-9 of notional (the tolerance, returned).
    @discardableResult
    static func expectSameLayers(_ s: LayoutOutcome, _ a: LayoutOutcome) -> Double {
        let tolerance = 1e-9 * AdaptiveBookTests.notional
        for l in s.book.layers.indices {
            #expect(abs(s.book.layers[l].quantity - a.book.layers[l].quantity) <= 1e-9 * s.book.layers[l].quantity, "layer \(l) quantity")
            let worst = zip(s.layerPnL(l), a.layerPnL(l)).map { abs($0 - $1) }.max()!
            #expect(worst <= tolerance, "layer \(l): worst difference \(worst)")
        }
        return tolerance
    }

    @Test("maturity grid: every life up to 21 days has a table, others blend two neighbours; trade lives are nodes")
    func maturityGrid() {
        // Tenor 63 rolled 10 days before expiry over 126 days: openings on days 0, 53 and 106.
        let lives = AdaptiveSlot.lives(tenor: 63, life: 53, horizon: 126)
        #expect(lives == Set(10...63))
        #expect(AdaptiveSlot.lives(tenor: 21, life: 21, horizon: 30) == Set(1...21))
        #expect(AdaptiveSlot.lives(tenor: 147, life: 105, horizon: 63) == Set(84...147))
        let grid = MaturityGrid(lives: lives, exact: [63, 10])
        #expect(grid.nodes.isSuperset(of: Set(10...21).union([63])) && grid.nodes.count < 40)
        for (r, b) in grid.brackets {
            #expect(b.lower < r && r < b.upper && grid.nodes.contains(b.lower) && grid.nodes.contains(b.upper))
            #expect(Double(b.upper - b.lower) <= 0.1 * Double(r) + 1)
        }
    }

    /// The SPX blend against the exact table of the same life (same interpolation in the state, so the difference is
    /// the blend in time); the VIX blend against the direct COS price (surfaces carry their own state-interpolation
    /// error, up to 0.005 points, so two of them blended are held to 0.01 points: a fifth of a VIX option's half-spread).
    @Test("blended marks: SPX within 1e-4 of strike of the exact table, VIX calls within 0.01 points of the direct price")
    func blendedMarks() throws {
        for model in [TestMarkets.illustrative(), try MarketModel(yaml: String(contentsOfFile: "configs/markets/two-factor.yaml", encoding: .utf8),
                                                                    file: "two-factor.yaml")] {
            let spx = SPXOptionPricer(model: model), vix = VIXPricer(model: model)
            let grid = MaturityGrid(lives: Set(12...150), exact: [])
            var generator = SplitMix64(seed: 11)
            // The first brackets (the closest nodes relative to the life) and a long one.
            let brackets = grid.brackets.sorted(by: { $0.key < $1.key })
            for (r, b) in Array(brackets.prefix(3)) + [brackets.last!] {
                let year = 252.0
                let tables = [b.lower, r, b.upper].map { SPXOptionTable(pricer: spx, years: Double($0) / year) }
                let blendedTable = SPXOptionTable(blending: tables[0], tables[2], weight: b.weight, years: Double(r) / year)
                let strikes = [18.0, 25]
                let surfaces = [b.lower, b.upper].map { VIXOptionSurface(pricer: vix, strikes: strikes, years: Double($0) / year) }
                let blendedSurface = VIXOptionSurface(blending: surfaces[0], surfaces[1], weight: b.weight, years: Double(r) / year)
                #expect(blendedSurface.strikes == strikes)
                for _ in 0..<20 {
                    let v = 0.005 + 0.1 * generator.uniform(), v2 = model.riskNeutral.isTwoFactor ? 0.005 + 0.05 * generator.uniform() : 0
                    let k = 5900 * (0.8 + 0.25 * generator.uniform())
                    let exact = tables[1].value(.put, strike: k, spot: 5900, variance: v, secondVariance: v2)
                    let blend = blendedTable.value(.put, strike: k, spot: 5900, variance: v, secondVariance: v2)
                    #expect(abs(blend - exact) < 1e-4 * k, "SPX r \(r) v \(v) K \(k)")
                    for (column, strike) in strikes.enumerated() {
                        let direct = vix.optionPrice(.call, strike: strike, variance: v, secondVariance: v2, years: Double(r) / year)
                        let m = blendedSurface.value(strike: column, variance: v, secondVariance: v2)
                        #expect(abs(m - direct) < 0.01, "VIX r \(r) v \(v) v2 \(v2) K \(strike): \(m) vs \(direct)")
                    }
                }
            }
        }
    }

    @Test("VIX option surface against direct COS prices at random states and strikes (0.005 VIX points)")
    func surfaceAgainstPricer() throws {
        for model in [TestMarkets.illustrative(), try MarketModel(yaml: String(contentsOfFile: "configs/markets/two-factor.yaml", encoding: .utf8),
                                                                    file: "two-factor.yaml")] {
            let vix = VIXPricer(model: model)
            let strikes = [12.0, 16, 20, 27, 40, 60]
            var generator = SplitMix64(seed: 3)
            for days in [2, 10, 42] {
                let tau = Double(days) / 252
                let surface = VIXOptionSurface(pricer: vix, strikes: strikes, years: tau)
                for _ in 0..<12 {
                    let v = 0.003 + 0.15 * generator.uniform(), v2 = model.riskNeutral.isTwoFactor ? 0.003 + 0.06 * generator.uniform() : 0
                    for (k, strike) in strikes.enumerated() {
                        let direct = vix.optionPrice(.call, strike: strike, variance: v, secondVariance: v2, years: tau)
                        let table = surface.value(strike: k, variance: v, secondVariance: v2)
                        #expect(abs(table - direct) < 0.005, "\(days) d, v \(v), v2 \(v2), K \(strike): \(table) vs \(direct)")
                    }
                }
            }
        }
    }

    @Test("VIX option surfaces: the COS terms dropped per block move no node by more than termTolerance (1e-8 VIX points)")
    func surfaceTermTolerance() throws {
        for model in [TestMarkets.illustrative(), try MarketModel(yaml: EmbeddedConfigs.defaultMarket, file: "default")] {
            let vix = VIXPricer(model: model)
            let strikes = [12.0, 16, 20, 27, 40, 60, 90]
            for days in [3, 21, 63] {
                let tau = Double(days) / 252
                let fast = VIXOptionSurface(pricer: vix, strikes: strikes, years: tau)
                let full = VIXOptionSurface(pricer: vix, strikes: strikes, years: tau, termTolerance: 0)
                #expect(fast.values.count == full.values.count)
                let worst = zip(fast.values, full.values).map { abs($0 - $1) }.max()!
                #expect(worst <= VIXOptionSurface.termTolerance, "\(days) d: \(worst) VIX points")
            }
        }
    }

    @Test("COSTermPlan.leadingTerms: the smallest N whose tail sum of e^{logBounds[k]} stays within the tolerance")
    func leadingTermsByHand() {
        // Bounds 1, 1/2, ..., 1/128 (to rounding of exp and log): tails from the top 1/128, 3/128, 7/128, 15/128, ...
        let logBounds = (0..<8).map { -Double($0) * log(2.0) }
        #expect(COSTermPlan.leadingTerms(logBounds: logBounds, tolerance: 7.001 / 128) == 5)
        #expect(COSTermPlan.leadingTerms(logBounds: logBounds, tolerance: 6.9 / 128) == 6)
        #expect(COSTermPlan.leadingTerms(logBounds: logBounds, tolerance: 0) == 8)
        #expect(COSTermPlan.leadingTerms(logBounds: logBounds, tolerance: 10) == 0)
        // A zero bound (log -inf) is free but for the negligible floor; a NaN keeps its term and every one before it.
        var free = logBounds
        free[7] = -.infinity
        free[6] = -.infinity
        #expect(COSTermPlan.leadingTerms(logBounds: free, tolerance: 4.001 / 128) == 5)
        var broken = logBounds
        broken[6] = .nan
        #expect(COSTermPlan.leadingTerms(logBounds: broken, tolerance: 7.001 / 128) == 7)
        broken[7] = .nan
        #expect(COSTermPlan.leadingTerms(logBounds: broken, tolerance: 10) == 8)
        // Terms under the negligible floor (e^-46 of the tolerance) count as the floor: a thousand of them fit.
        let tiny = [Double](repeating: log(1e-3) - 47, count: 1000)
        #expect(COSTermPlan.leadingTerms(logBounds: tiny, tolerance: 1e-3) == 0)
        #expect(COSTermPlan.leadingTerms(logBounds: [log(2e-3)] + tiny, tolerance: 1e-3) == 1)
    }

    @Test("COSTermPlan on the default market: every state's own tail bound within the tolerance, counts ascending, node limits")
    func termPlanBoundsEveryState() throws {
        let model = try MarketModel(yaml: EmbeddedConfigs.defaultMarket, file: "default")
        let vix = VIXPricer(model: model)
        let strikes = [12.0, 16, 20, 27, 40, 60, 90]
        for days in [3, 63] {
            let tau = Double(days) / 252
            let s1 = UniformAxis(lower: 0, upper: SPXOptionTable.maximumVolatility, count: 301)
            let s2 = UniformAxis(lower: 0, upper: VIXTable.maximumSecondVolatility, count: VIXOptionSurface.secondAxisCount(years: tau))
            let firsts = (0..<s1.count).map { pow(s1.node($0), 2) }, seconds = (0..<s2.count).map { pow(s2.node($0), 2) }
            let ladder = VIXTruncationLadder(pricer: vix, years: tau)
            let b = ladder.upper(rung: ladder.rung(firsts[40], seconds[10]))
            let coefficients = vix.densityTransform(years: tau, upper: b)
            let g = vix.callPayoffIntegrals(strikes: strikes, upper: b)
            let terms = coefficients.count, n = strikes.count
            let maxima = (0..<terms).map { k in (0..<n).map { g[k * n + $0].magnitude }.max()! }
            let scale = exp(-model.rate * tau) * 100 * 2 / b
            // Every other node, so tiles are partly used.
            let nodes = (0..<(firsts.count * seconds.count)).filter { $0 % 2 == 0 }
            let plan = COSTermPlan(nodes: nodes, firsts: firsts, seconds: seconds, realAlpha: coefficients.map(\.alpha.real),
                                   realBeta: coefficients.map(\.beta.real), realBeta2: coefficients.map(\.beta2.real),
                                   payoffMaxima: maxima, scale: scale, tolerance: VIXOptionSurface.termTolerance)
            #expect(plan.nodes.sorted() == nodes)
            #expect(zip(plan.terms, plan.terms.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(plan.terms.first! < plan.terms.last!, "\(days) d: counts differ across the grid")
            var worst = 0.0, kept = 0
            for (r, node) in plan.nodes.enumerated() {
                let (i, j) = plan.rows[r]
                #expect(node == j * firsts.count + i)
                #expect(plan.firstLimits[i] >= plan.terms[r] && plan.secondLimits[j] >= plan.terms[r])
                // The state's own bound on what its dropped terms add: scale sum |e^{alpha + beta v1 + beta2 v2}| G_k.
                var tail = 0.0
                for k in plan.terms[r]..<terms {
                    let c = coefficients[k]
                    tail += scale * exp(c.alpha.real + c.beta.real * firsts[i] + c.beta2.real * seconds[j]) * maxima[k]
                }
                worst = max(worst, tail)
                kept += plan.terms[r]
            }
            #expect(worst <= VIXOptionSurface.termTolerance, "\(days) d: a state's dropped terms are bounded by \(worst) VIX points")
            #expect(kept < nodes.count * terms, "\(days) d: some terms dropped")
            // The limits are the largest counts of the states that use each node (0 for none).
            for i in firsts.indices {
                let used = plan.rows.indices.filter { plan.rows[$0].first == i }.map { plan.terms[$0] }
                #expect(plan.firstLimits[i] == (used.max() ?? 0))
            }
            let all = COSTermPlan(nodes: nodes, firsts: firsts, seconds: seconds, realAlpha: coefficients.map(\.alpha.real),
                                  realBeta: coefficients.map(\.beta.real), realBeta2: coefficients.map(\.beta2.real),
                                  payoffMaxima: maxima, scale: scale, tolerance: 0)
            #expect(all.terms.allSatisfy { $0 == terms } && all.nodes == nodes)
        }
    }

    @Test("VIX option surfaces and tables near expiry and the money on the default market (0.005 VIX points; the second axis refines below 8 days)")
    func surfaceNearExpiry() throws {
        let model = try MarketModel(yaml: EmbeddedConfigs.defaultMarket, file: "default")
        let vix = VIXPricer(model: model)
        // The region where a call bends most in v2: the first factor near its mean (Q theta 0.002), the VIX about 25-30.
        let strikes = Array(stride(from: 22.0, through: 34, by: 1))
        var generator = SplitMix64(seed: 5)
        #expect([1, 2, 3, 5, 7, 8, 21].map { VIXOptionSurface.secondAxisCount(years: Double($0) / 252) } == [171, 121, 99, 77, 66, 61, 61])
        for days in [1, 2, 3, 5, 8] {
            let tau = Double(days) / 252
            let surface = VIXOptionSurface(pricer: vix, strikes: strikes, years: tau)
            var worst = 0.0, at = ""
            for _ in 0..<24 {
                let v = 0.0002 + 0.02 * generator.uniform(), v2 = 0.005 + 0.08 * generator.uniform()
                for (k, strike) in strikes.enumerated() {
                    let error = abs(surface.value(strike: k, variance: v, secondVariance: v2)
                                    - vix.optionPrice(.call, strike: strike, variance: v, secondVariance: v2, years: tau))
                    if error > worst { (worst, at) = (error, "v \(v), v2 \(v2), K \(strike)") }
                }
            }
            #expect(worst < 0.005, "\(days) d: worst \(worst) VIX points at \(at)")
        }
        // The static books' option tables (horizon marks) take the same second axis near expiry.
        for days in [2, 5] {
            let tau = Double(days) / 252
            var worst = 0.0, at = ""
            for strike in [27.0, 29] {
                let table = VIXTable(pricer: vix, payoff: .option(.call, strike: strike), years: tau)
                for _ in 0..<24 {
                    let v = 0.0002 + 0.02 * generator.uniform(), v2 = 0.005 + 0.08 * generator.uniform()
                    let error = abs(table.value(variance: v, secondVariance: v2)
                                    - vix.optionPrice(.call, strike: strike, variance: v, secondVariance: v2, years: tau))
                    if error > worst { (worst, at) = (error, "v \(v), v2 \(v2), K \(strike)") }
                }
            }
            #expect(worst < 0.005, "option table, \(days) d: worst \(worst) VIX points at \(at)")
        }
    }
}
