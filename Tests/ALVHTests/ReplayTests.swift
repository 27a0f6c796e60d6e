import Foundation
import Testing
@testable import ALVH

/// `alvh replay` in the library: a short synthetic history with hand-computed answers (an SPX put to expiry, VIX
/// futures held to and across a listed expiry, a VIX call settled on the SOQ), the stepper's day indexing with
/// warm-up, windows left out for missing days, adaptive books on their own starts, and bad requests.
@Suite("Historical replay")
struct ReplayTests {
    /// One factor, no jumps: the exact pricers are the only model input to the hand computations.
    static let model: MarketModel = {
        var m = TestMarkets.heston()
        m.spot = 2780
        return m
    }()

    /// Jan-2018 around the Jan VIX expiry (Wed 2018-01-17; 01-15 a holiday): SPX and VIX closes, and the futures of
    /// `HistoricalFuturesIndexTests` (Jan final settlement, the SOQ, 11.5 on 01-17).
    static let dates = ["2018-01-12", "2018-01-16", "2018-01-17", "2018-01-18"].map { DataLoaderTests.d($0) }
    static let spot = [2786.24, 2776.42, 2802.56, 2798.03]
    static let vix = [10.16, 11.66, 12.22, 12.22]

    static func history(vix: [Double?] = ReplayTests.vix.map { $0 }, withIndex: Bool = false) throws -> ReplayHistory {
        let path = try DataLoaderTests.write(HistoricalFuturesIndexTests.header + HistoricalFuturesIndexTests.rows.joined(separator: "\n") + "\n",
                                             name: "vx.csv")
        let futures = try VIXFuturesSettlements(path: path)
        return ReplayHistory(dates: dates, spot: spot, vix: vix, vix3m: [], futures: futures,
                             index: withIndex ? try HistoricalFuturesIndex(futures: futures) : nil, model: model)
    }

    static func layout(_ layers: String, premium: Double = 0.01, halfSpread: String = "{}") throws -> HedgeLayout {
        try HedgeLayout(yaml: """
            name: test
            portfolio: {notional: 1000000, beta: 1.0}
            budget: {premium: \(premium), half_spread: \(halfSpread)}
            layers:
            \(layers)
            """, file: "<test layout>")
    }

    static let year = PathSimulationSettings.tradingDaysPerYear

    /// The shipped history between two dates on the default market, and the shipped rolled VIX call layout.
    static func shipped(from: String, to: String) throws -> (history: ReplayHistory, model: MarketModel, rolled: HedgeLayout)? {
        guard let market = DataLoaderTests.market else { Issue.record("data/ not found"); return nil }
        let model = TestMarkets.illustrative()
        let history = ReplayHistory(window: try market.window(from: DataLoaderTests.d(from), to: DataLoaderTests.d(to)),
                                    futures: market.futures, model: model)
        let rolled = try HedgeLayout.load(path: ConfigTests.root.appendingPathComponent("configs/layouts/single-vix-call-rolled.yaml").path)
        return (history, model, rolled)
    }

    @Test("an SPX put to expiry and a VIX call settled on the SOQ: premium, settlement, carry and portfolio by hand")
    func optionsByHand() throws {
        let history = try Self.history()
        let layout = try Self.layout("""
              - {name: put, group: medium, instrument: spx-put, expiry_days: 2, strike: {absolute: 2790}, weight: 0.5}
              - {name: call, group: short, instrument: vix-call, expiry_days: 2, strike: {absolute: 11}, weight: 0.5}
            """, halfSpread: "{spx-put: 0.5, vix-call: 0.05}")
        let result = try ReplayRun.run(model: Self.model, layouts: [layout], history: history,
                                       request: .init(from: Self.dates[0], to: Self.dates[3], threads: 1))
        #expect(result.starts == [Self.dates[0]] && result.ends == [Self.dates[3]] && result.windowDays == 3 && !result.windowed)
        // Day 0's state: the VIX close through the model's formula; prices by the exact pricers.
        let f = Self.model.vixFormula
        let v0 = ((Self.vix[0] / 100) * (Self.vix[0] / 100) - f.b) / f.a
        let pricers = InstrumentPricers(spx: SPXOptionPricer(model: Self.model), vix: VIXPricer(model: Self.model), etn: nil)
        let put0 = pricers.spx.value(.put, strike: 2790, spot: Self.spot[0], variance: v0, years: 2 / Self.year).price
        let call0 = pricers.vix.optionPrice(.call, strike: 11, variance: v0, years: 2 / Self.year)
        let budget = 0.01 * 1e6
        let qPut = 0.5 * budget / (put0 + 0.5), qCall = 0.5 * budget / (call0 + 0.05)
        // Both expire on 01-17: the put at the SPX close (2802.56 > 2790: worthless), the call at the SOQ 11.5 (not
        // the VIX close 12.22); the cash earns r for one day to 01-18.
        let carry = exp(Self.model.rate / Self.year)
        let callValue = qCall * (11.5 - 11) * carry
        let premiumCarried = budget * exp(3 * Self.model.rate / Self.year)
        let portfolio = 1e6 * (Self.spot[3] * exp(Self.model.dividendYield * 3 / Self.year) / Self.spot[0] - 1)
        let o = result.outcomes[0]
        #expect(abs(o.portfolio[0] - portfolio) < 1e-9)
        #expect(abs(o.premiumCarried[0] - premiumCarried) < 1e-9)
        #expect(abs(o.hedge[0] - callValue) < 1e-8, "\(o.hedge[0]) vs \(callValue)")
        #expect(abs(o.hedged[0] - (portfolio + callValue - premiumCarried)) < 1e-8)
        // Day 1: both alive, marked by the exact pricers at 01-16's state with one day left.
        let series = try #require(o.series)
        let v1 = ((Self.vix[1] / 100) * (Self.vix[1] / 100) - f.b) / f.a
        let put1 = pricers.spx.value(.put, strike: 2790, spot: Self.spot[1], variance: v1, years: 1 / Self.year).price
        let call1 = pricers.vix.optionPrice(.call, strike: 11, variance: v1, years: 1 / Self.year)
        #expect(abs(series[1].layers[0] - qPut * put1) < 1e-8 && abs(series[1].layers[1] - qCall * call1) < 1e-8)
        #expect(qPut * put1 > 1 && qCall * call1 > 1)   // both worth something: the marks are read, not zero
        // Day 0: each layer is worth its mid, the book its half-spreads less.
        #expect(abs(series[0].hedged - (qPut * put0 + qCall * call0 - budget)) < 1e-8)
    }

    @Test("VIX futures trade the listed contract at its real settlements: to its expiry (SOQ), and past another's expiry")
    func futuresByHand() throws {
        let history = try Self.history()
        let layout = try Self.layout("""
              - {name: jan, group: short, instrument: vix-future, expiry_days: 2, weight: 0.5}
              - {name: feb, group: short, instrument: vix-future, expiry_days: 3, weight: 0.5}
            """)
        let result = try ReplayRun.run(model: Self.model, layouts: [layout], history: history,
                                       request: .init(from: Self.dates[0], to: Self.dates[3], threads: 1))
        let series = try #require(result.outcomes[0].series)
        let budget = 0.01 * 1e6
        // 'jan' closes on 01-17, the Jan contract's expiry: bought at 10.0 on 01-12, settled at its SOQ 11.5.
        // 'feb' closes on 01-18, after the Jan expiry: it holds Feb, bought at 12.0; 12.5, 13.0, 12.0 after.
        let qJan = 0.5 * budget / 10.0, qFeb = 0.5 * budget / 12.0
        #expect(series.map(\.layers[0]) == [0, qJan * (11.0 - 10.0), qJan * (11.5 - 10.0), qJan * 1.5 * exp(Self.model.rate / Self.year)])
        #expect(series.map(\.layers[1]) == [0, qFeb * 0.5, qFeb * 1.0, 0])
        #expect(series.allSatisfy { $0.premiumCarried == 0 })   // futures cost nothing without a half-spread
    }

    @Test("a day without a VIX close leaves the windows across it out, listed; the rest run")
    func missingDay() throws {
        let history = try Self.history(vix: [10.16, nil, 12.22, 12.22])
        let layout = try Self.layout("  - {name: put, group: medium, instrument: spx-put, expiry_days: 5, strike: {moneyness: 0.98}, weight: 1}")
        let result = try ReplayRun.run(model: Self.model, layouts: [layout], history: history,
                                       request: .init(windowDays: 1, threads: 1))
        #expect(result.starts == [Self.dates[2]])
        #expect(result.leftOut.map(\.start) == [Self.dates[0], Self.dates[1]])
        #expect(result.leftOut.allSatisfy { $0.reason.contains("no model state on 2018-01-16") })
        #expect(throws: SettingsError.self) {
            _ = try ReplayRun.run(model: Self.model, layouts: [layout], history: history, request: .init(from: Self.dates[0], to: Self.dates[3]))
        }
    }

    @Test("ETN layers hold the index rebuilt from the settlements; without it their windows are left out")
    func etnByHand() throws {
        let layout = try Self.layout("""
              - {name: etn, group: long, instrument: etn, expiry_days: 2, weight: 0.5}
              - {name: call, group: long, instrument: etn-call, expiry_days: 5, strike: {moneyness: 1.0}, weight: 0.5}
            """, halfSpread: "{etn: 0.1}")
        let history = try Self.history(withIndex: true)
        let result = try ReplayRun.run(model: Self.model, layouts: [layout], history: history,
                                       request: .init(from: Self.dates[0], to: Self.dates[3], threads: 1))
        let series = try #require(result.outcomes[0].series)
        // The index levels of HistoricalFuturesIndexTests' hand-computed roll: 1, i1, i2 on 01-12, 01-16, 01-17.
        let i1 = (0.05 * 11 + 0.95 * 12.5) / (0.05 * 10 + 0.95 * 12), i2 = i1 * 13.0 / 12.5
        let q = 0.5 * 0.01 * 1e6 / (100 + 0.1)
        #expect(abs(series[1].layers[0] - q * 100 * i1) < 1e-9)
        #expect(abs(series[3].layers[0] - q * 100 * i2 * exp(Self.model.rate / Self.year)) < 1e-9)   // sold on 01-17, cash carried
        // The ETN call on day 3: Black on the level with the approximation's variance from 01-18's state, 2 days left.
        let etn = VIXFuturesIndexOptionApproximation(model: Self.model)
        let f = Self.model.vixFormula, v3 = ((Self.vix[3] / 100) * (Self.vix[3] / 100) - f.b) / f.a, v0 = ((Self.vix[0] / 100) * (Self.vix[0] / 100) - f.b) / f.a
        let i3 = i2 * (0.76 * 12 + 0.24 * 13.5) / (0.76 * 13 + 0.24 * 14)
        let call0 = 100 * etn.price(.call, strike: 1.0, days: 5, initialVariance: v0)
        let qCall = 0.5 * 0.01 * 1e6 / call0
        let mark = VIXFuturesIndexOptionApproximation.black(.call, level: 100 * i3, strike: 100,
                                                            logVariance: etn.totalLogVariance(fromDay: 3, days: 2, initialVariance: v3),
                                                            discount: exp(-Self.model.rate * 2 / Self.year))
        #expect(abs(series[3].layers[1] - qCall * mark) < 1e-8, "\(series[3].layers[1]) vs \(qCall * mark)")
        // Without the index no window can hold them.
        #expect(throws: SettingsError.self) {
            _ = try ReplayRun.run(model: Self.model, layouts: [layout], history: try Self.history(), request: .init(windowDays: 1))
        }
    }

    @Test("adaptive ETN layers hold the rebuilt index: levels, a sale at expiry and the call's mark by hand; without it no window")
    func adaptiveETNByHand() throws {
        var layout = try Self.layout("""
              - {name: etn, group: long, instrument: etn, expiry_days: 2, weight: 0.5}
              - {name: call, group: long, instrument: etn-call, expiry_days: 5, strike: {moneyness: 1.0}, weight: 0.5}
            """)
        let budget = 0.05
        layout.adaptive = AdaptiveRules(budgetPerYear: budget, regimes: [Regime(name: "always", vix: .all, weights: [.long: 1])])
        let result = try ReplayRun.run(model: Self.model, layouts: [layout], history: try Self.history(withIndex: true),
                                       request: .init(from: Self.dates[0], to: Self.dates[3], threads: 1))
        let series = try #require(result.outcomes[0].series)
        let i1 = (0.05 * 11 + 0.95 * 12.5) / (0.05 * 10 + 0.95 * 12), i2 = i1 * 13.0 / 12.5
        let i3 = i2 * (0.76 * 12 + 0.24 * 13.5) / (0.76 * 13 + 0.24 * 14)
        // The ETN slot (life 2) buys on day 0 at 100, is sold at the index on day 2 and buys again there at 100 i2.
        let allotment = { (life: Double) in budget * 1e6 * life / Self.year * 0.5 }
        let q0 = allotment(2) / 100, q2 = allotment(2) / (100 * i2)
        let carry = { (d: Double) in exp(Self.model.rate * (3 - d) / Self.year) }
        #expect(abs(series[1].layers[0] - q0 * 100 * i1) < 1e-9, "\(series[1].layers[0]) vs \(q0 * 100 * i1)")
        let day3 = (q0 * 100 * i2 * carry(2) - (allotment(2) * carry(0) + allotment(2) * carry(2))) / carry(3) + q2 * 100 * i3
        // The layer figure is proceeds less nothing (premiums are reported apart): sale proceeds discounted plus the live units.
        #expect(abs(series[3].layers[0] - (q0 * 100 * i2 * carry(2) / carry(3) + q2 * 100 * i3)) < 1e-8, "\(series[3].layers[0]) vs \(day3)")
        // The call (life 5) bought on day 0 at its table price, marked on day 3 with 2 days left from 01-18's state.
        let etn = VIXFuturesIndexOptionApproximation(model: Self.model)
        let f = Self.model.vixFormula
        func variance(_ vix: Double) -> Double { ((vix / 100) * (vix / 100) - f.b) / f.a }
        func black(level: Double, start: Int, days: Int, vix: Double) -> Double {
            VIXFuturesIndexOptionApproximation.black(.call, level: level, strike: 100,
                                                     logVariance: IndexLogVarianceTable(approximation: etn, fromDay: start, days: days)
                                                        .value(variance: variance(vix), secondVariance: 0),
                                                     discount: exp(-Self.model.rate * Double(days) / Self.year))
        }
        let qCall = allotment(5) / black(level: 100, start: 0, days: 5, vix: Self.vix[0])
        let mark = black(level: 100 * i3, start: 3, days: 2, vix: Self.vix[3])
        #expect(abs(series[3].layers[1] - qCall * mark) < 1e-8, "\(series[3].layers[1]) vs \(qCall * mark)")
        // Without the index every window is left out: no window to replay.
        #expect(throws: SettingsError.self) {
            _ = try ReplayRun.run(model: Self.model, layouts: [layout], history: try Self.history(), request: .init(windowDays: 1))
        }
    }

    @Test("bad requests: windows longer than the history, a span without two days")
    func badRequests() throws {
        let history = try Self.history(withIndex: true)
        let put = try Self.layout("  - {name: put, group: medium, instrument: spx-put, expiry_days: 5, strike: {moneyness: 0.98}, weight: 1}")
        let long = Self.error { _ = try ReplayRun.run(model: Self.model, layouts: [put], history: history, request: .init(windowDays: 4)) }
        #expect(long?.flag == "--windows" && long?.description.contains("do not fit between 2018-01-12 and 2018-01-18") == true)
        let single = Self.error {
            _ = try ReplayRun.run(model: Self.model, layouts: [put], history: history, request: .init(from: Self.dates[3], to: Self.dates[3]))
        }
        #expect(single?.flag == "--from/--to")
    }

    static func error(_ body: () throws -> Void) -> SettingsError? {
        do { try body() } catch let e as SettingsError { return e } catch { return nil }
        return nil
    }

    @Test("the replay stepper reads day start + step + 1, and the warm-up days before the start, whatever the batch")
    func stepperDays() throws {
        let history = try Self.history()
        let stepper = ReplayStepper(history: history, starts: [1, 2, 1], warmUpDays: 1)
        #expect(stepper.day(path: 0, step: 0) == 2 && stepper.day(path: 1, step: 1) == 4)
        #expect(stepper.day(path: 0, step: PathEngine.warmUpStepBase) == 1)   // the last warm-up day is the start
        let block = PathBlock(capacity: 2, driverCount: 1)
        block.reset(firstPath: 1, count: 2, start: try stepper.startStates())
        #expect(block.logSpot[0] == log(Self.spot[2]) && block.logSpot[1] == log(Self.spot[1]))
        stepper.advance(block, step: 0)
        #expect(block.logSpot[0] == log(Self.spot[3]) && block.logSpot[1] == log(Self.spot[2]))
        #expect(block.variance[0] == history.variance[3] && block.secondVariance[0] == 0)
        #expect(abs(Self.model.vixFormula.vix(variance: block.variance[1], secondVariance: 0) - Self.vix[2]) < 1e-12)
    }

    @Test("adaptive layouts on the real history: each window's P&L from its own start (SPX, book, regimes), 2004-2023 sample")
    func adaptiveOnTheShippedHistory() throws {
        guard let (history, model, rolled) = try Self.shipped(from: "2007-01-02", to: "2009-12-31") else { return }
        let request = ReplayRun.Request(from: DataLoaderTests.d("2008-01-02"), to: DataLoaderTests.d("2008-12-31"), windowDays: 21, step: 10, threads: 2)
        let result = try ReplayRun.run(model: model, layouts: [rolled, HedgeLayout.embeddedComparison()[0]], history: history, request: request)
        let first = try #require(history.dates.firstIndex { $0 >= request.from! })
        let last = try #require(history.dates.lastIndex { $0 <= request.to! })
        #expect(result.starts.count == (last - first - 21) / 10 + 1 && result.leftOut.isEmpty)
        let adaptive = result.outcomes[0], unhedged = result.outcomes[1]
        for w in result.starts.indices {
            let s = try #require(history.dates.firstIndex(of: result.starts[w]))
            let expected = 1e7 * (history.spot[s + 21] * exp(model.dividendYield * 21 / Self.year) / history.spot[s] - 1)
            #expect(abs(adaptive.portfolio[w] - expected) < 1e-6, "window \(result.starts[w])")
            #expect(abs(unhedged.portfolio[w] - expected) < 1e-6)
            #expect(adaptive.premiumCarried[w] > 0 && adaptive.hedged[w].isFinite)
        }
        // The same windows twice, with another thread count and batch: the same bits.
        let again = try ReplayRun.run(model: model, layouts: [rolled], history: history, request: .init(from: request.from, to: request.to,
                                                                                                     windowDays: 21, step: 10, threads: 1))
        #expect(again.outcomes[0].hedged == adaptive.hedged)
        // Autumn 2008 (VIX from 30 to 80): the rolled VIX call pays more than it costs in some window.
        #expect(zip(adaptive.hedge, adaptive.premiumCarried).contains { $0 > $1 })
    }

    @Test("an adaptive book's daily series on one window: day 0 pays its premiums, its last day is the horizon outcome")
    func adaptiveSeries() throws {
        guard let (history, model, rolled) = try Self.shipped(from: "2019-06-03", to: "2020-06-30") else { return }
        let result = try ReplayRun.run(model: model, layouts: [rolled], history: history,
                                       request: .init(from: DataLoaderTests.d("2020-01-02"), to: DataLoaderTests.d("2020-06-30"), threads: 2))
        let o = result.outcomes[0]
        let series = try #require(o.series)
        #expect(series.count == result.windowDays + 1 && result.seriesDates.count == series.count)
        let last = try #require(series.last)
        #expect(abs(last.hedged - o.hedged[0]) < 1e-6 * 1e7, "\(last.hedged) vs \(o.hedged[0])")
        #expect(abs(last.portfolio - o.portfolio[0]) < 1e-6 && abs(last.premiumCarried - o.premiumCarried[0]) < 1e-6 * 1e7)
        #expect(series[0].portfolio == 0 && series[0].premiumCarried > 0 && series.allSatisfy { $0.hedged.isFinite })
        // Premiums only accumulate (rolls buy again); the March 2020 spike is in the series: a day worth more than it cost.
        #expect(zip(series, series.dropFirst()).allSatisfy { $1.premiumCarried >= $0.premiumCarried * 0.999 })
        #expect(series.contains { $0.hedge > $0.premiumCarried })
    }

    @Test("an adaptive VIX future slot trades the listed contracts at their real settlements: Jan to its SOQ, then Feb")
    func adaptiveFuturesByHand() throws {
        let history = try Self.history()
        var layout = try Self.layout("  - {name: vx, group: short, instrument: vix-future, expiry_days: 2, weight: 1}")
        layout.adaptive = AdaptiveRules(budgetPerYear: 0.05, regimes: [Regime(name: "always", vix: .all, weights: [.short: 1])])
        let result = try ReplayRun.run(model: Self.model, layouts: [layout], history: history,
                                       request: .init(from: Self.dates[0], to: Self.dates[3], threads: 1))
        let series = try #require(result.outcomes[0].series)
        // Opened on 01-12 and on 01-17 (a 2-day life), each time for 0.05 x 1e6 x 2/252 of notional in futures:
        // the Jan contract at 10.0, settled at its SOQ 11.5 on 01-17; then Feb at 13.0, marked at 12.0 on 01-18.
        let allotment = 0.05 * 1e6 * 2 / Self.year
        let q1 = allotment / 10.0, q2 = allotment / 13.0
        let expected = q1 * (11.5 - 10.0) * exp(Self.model.rate / Self.year) + q2 * (12.0 - 13.0)
        #expect(abs(series[3].layers[0] - expected) < 1e-9, "\(series[3].layers[0]) vs \(expected)")
        #expect(abs(series[1].layers[0] - q1 * (11.0 - 10.0)) < 1e-9)
        #expect(abs(result.outcomes[0].hedge[0] - expected) < 1e-9)
        // The model's own future at 01-12's state is another price: the test tells the real future from the model's.
        let f = Self.model.vixFormula
        let model = VIXPricer(model: Self.model).futurePrice(variance: (0.1016 * 0.1016 - f.b) / f.a, years: 2 / Self.year)
        #expect(abs(model - 10.0) > 0.1, "\(model)")
    }

    @Test("two factors: each day's (v1, v2) reprices that day's VIX and VIX3M; a day without VIX3M has no state")
    func twoFactorStates() throws {
        let model = MarketModel(spot: 2780, rate: 0.02, dividendYield: 0.018, initialVariance: 0.01, initialSecondVariance: 0.02,
                                riskNeutral: TransformTests.twoFactor())
        let f = model.vixFormula, f3 = model.threeMonthVIXFormula
        // Closes the model can reach (from states), so no projection: the filter must give the states back.
        let states = [(0.01, 0.02), (0.03, 0.025), (0.08, 0.03), (0.02, 0.05)]
        let vix = states.map { Optional(f.vix(variance: $0.0, secondVariance: $0.1)) }
        var vix3m = states.map { Optional(f3.vix(variance: $0.0, secondVariance: $0.1)) }
        vix3m[2] = nil
        let path = try DataLoaderTests.write(HistoricalFuturesIndexTests.header + HistoricalFuturesIndexTests.rows.joined(separator: "\n") + "\n",
                                             name: "vx.csv")
        let history = ReplayHistory(dates: Self.dates, spot: Self.spot, vix: vix, vix3m: vix3m, futures: try VIXFuturesSettlements(path: path), model: model)
        #expect(history.factorCount == 2)
        for k in [0, 1, 3] {
            #expect(abs(history.variance[k] - states[k].0) < 1e-10 && abs(history.secondVariance[k] - states[k].1) < 1e-10, "day \(k)")
        }
        #expect(!history.hasState(from: 2, through: 2) && history.hasState(from: 0, through: 1) && !history.hasState(from: 1, through: 3))
        let stepper = ReplayStepper(history: history, starts: [0], warmUpDays: 0)
        let block = PathBlock(capacity: 1, driverCount: 1)
        block.reset(firstPath: 0, count: 1, start: try stepper.startStates())
        stepper.advance(block, step: 0)
        #expect(block.secondVariance[0] == history.secondVariance[1] && block.variance[0] == history.variance[1])
    }
}
