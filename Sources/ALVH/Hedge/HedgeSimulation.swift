import Foundation

/// Per-path outcomes of one layout (currency).
public struct LayoutOutcome: Sendable {
    public let book: StaticBook
    /// SPX price return over the horizon, `S_H / S_0 - 1`.
    public let spxReturn: [Double]
    /// notional x beta x SPX total return over the horizon.
    public let portfolioPnL: [Double]
    /// Each layer's value at the horizon, `layerValues[layer][path]`.
    public let layerValues: [[Double]]
    /// Sum of the layer values.
    public let hedgeValue: [Double]
    /// `portfolioPnL + hedgeValue - premium e^{rH}`.
    public let hedgedPnL: [Double]
    /// `E[S_H / S_0]` under the run's measure (`e^{(mu - q) H}`; `PathStartStates.expectedPriceGrowth` when the
    /// expected return moves with the variance): what the martingale check compares the paths with.
    public var expectedPriceGrowth: Double = .nan
    /// The model VIX at the horizon and its highest daily close on each path (shared by every layout of the run).
    public var vixTerminal: [Double] = []
    public var vixMax: [Double] = []
    /// Daily SPX and VIX quantiles across the run's first paths (shared by every layout), when the run was asked for them.
    public var fan: PathFan?
    /// The daily book's per-path figures, for an adaptive layout (nil: static).
    public var adaptive: AdaptiveOutcome?
    /// An adaptive layout's figures on path 0 every day (day 0 first), when the run recorded them (a replay's window).
    var dailyValues: [ReplayValuation]?

    /// A layer's P&L on every path: its value at the horizon less its premiums with carry.
    public func layerPnL(_ layer: Int) -> [Double] {
        if let adaptive { return zip(layerValues[layer], adaptive.layerCosts[layer]).map { $0 - $1 } }
        let cost = book.layers[layer].premium * book.carry
        return layerValues[layer].map { $0 - cost }
    }

    /// What the hedge cost on each path, carried to the horizon at r: the t0 premium for a static book; every
    /// premium and trading cost paid on the path for an adaptive one. One array per call: read it once, not per path.
    public var premiumsWithCarry: [Double] {
        if let adaptive { return adaptive.premiumCarried }
        return Array(repeating: book.premiumWithCarry, count: hedgeValue.count)
    }

    /// `premiumsWithCarry[i]` without building the array (a static book's one carried premium needs none).
    func premiumWithCarryByPath() -> (Int) -> Double {
        if let carried = adaptive?.premiumCarried { return { carried[$0] } }
        let premium = book.premiumWithCarry
        return { _ in premium }
    }

    /// Premium paid (currency, not carried): the t0 premium, or its mean over paths for an adaptive book.
    public var meanPremium: Double { adaptive?.meanPremiumPaid ?? book.premium }

    /// A layer's premium (currency): at t0, or its mean over paths for an adaptive book.
    public func layerPremium(_ layer: Int) -> Double {
        guard let adaptive else { return book.layers[layer].premium }
        return adaptive.layerPaid[layer].reduce(0, +) / Double(max(adaptive.layerPaid[layer].count, 1))
    }
}

/// Static books of several layouts on the same paths (common random numbers: one engine run for all).
public enum HedgeSimulation {
    /// - Parameter recordFan: also keep the daily SPX and VIX of the first `PathFan.sampleSize` paths and return their
    ///   daily quantiles in every outcome's `fan` (for the report's fan charts; it does not change any path).
    /// - Parameter start: each path's own start state (stress starts, replay windows); nil: every path at the market's
    ///   state (then day 0 of an adaptive book trades at the exact t0 prices, otherwise at the tables' on each path).
    /// - Parameter scenario: a stress scenario's shocks and parameter windows, applied on every path (`StressRun`); its
    ///   horizon must not exceed the run's.
    public static func run(model: MarketModel, layouts: [HedgeLayout], settings: PathSimulationSettings, start: PathStartStates? = nil,
                           recordFan: Bool = false, scenario: StressScenario? = nil,
                           progress: (@Sendable (Double) -> Void)? = nil) throws -> (outcomes: [LayoutOutcome], elapsedSeconds: Double) {
        try run(model: model, layouts: layouts, settings: settings, start: start, recordFan: recordFan, scenario: scenario,
                replay: nil, progress: progress)
    }

    /// As above; `replay`: the paths read the history instead of being simulated (`ReplayRun`), and the adaptive
    /// books trade at its real settlements (`ReplayStepper.calendar`); `recordDaily`: keep the adaptive books' figures
    /// on path 0 every day (`LayoutOutcome.dailyValues`).
    static func run(model: MarketModel, layouts: [HedgeLayout], settings: PathSimulationSettings, start: PathStartStates?,
                    recordFan: Bool, scenario: StressScenario?, replay: ReplayStepper?, recordDaily: Bool = false,
                    progress: (@Sendable (Double) -> Void)?) throws -> (outcomes: [LayoutOutcome], elapsedSeconds: Double) {
        let engine = try PathEngine(model: model, settings: settings, start: start,
                                    scenario: try scenario?.pathScenario(model: model, settings: settings), replay: replay)
        try MemoryEstimate.hedgeRun(layouts: layouts).check(paths: engine.settings.paths)
        let horizon = engine.settings.days
        let staticLayouts = layouts.filter { $0.adaptive == nil }, adaptiveLayouts = layouts.filter { $0.adaptive != nil }
        let needsETN = staticLayouts.contains { $0.layers.contains { $0.instrument.onETN } }
        let etn = needsETN ? VIXFuturesIndexOptionApproximation(model: model) : nil
        let books = try staticLayouts.map { try StaticBook(layout: $0, model: model, horizonDays: horizon, etn: etn) }
        var adaptiveBooks = try AdaptiveBook.build(layouts: adaptiveLayouts, model: model, horizonDays: horizon, threads: engine.settings.threads)
        for b in adaptiveBooks.indices { adaptiveBooks[b].replay = replay?.calendar }
        let observer = HedgeBookObserver(books: books, model: model, paths: engine.settings.paths, horizonDays: horizon, etn: etn,
                                         threads: engine.settings.threads, uniformStart: start == nil)
        var adaptiveObserver: AdaptiveBookObserver?
        if !adaptiveBooks.isEmpty {
            let vix = VIXPricer(model: model)
            let year = PathSimulationSettings.tradingDaysPerYear
            adaptiveObserver = AdaptiveBookObserver(
                books: adaptiveBooks, model: model, paths: engine.settings.paths,
                front: VIXTable(pricer: vix, payoff: .future, years: Double(AdaptiveBook.frontDays) / year),
                second: VIXTable(pricer: vix, payoff: .future, years: Double(AdaptiveBook.secondDays) / year), uniformStart: start == nil,
                recordDays: recordDaily ? horizon : nil)
        }
        let batches = Double(engine.batchCount)
        var batchProgress: (@Sendable (Int) -> Void)?
        if let progress { batchProgress = { done in progress(Double(done) / batches) } }
        progress?(0)   // the books and their tables are built: the paths start (a progress line changes phase)
        let start = DispatchTime.now().uptimeNanoseconds
        let recorder = recordFan
            ? PathRecorder(count: PathFan.sampleSize(paths: engine.settings.paths, days: horizon), days: horizon, vix: model.vixFormula) : nil
        switch (adaptiveObserver, recorder) {
        case (nil, nil): try engine.run(observer, progress: batchProgress)
        case (nil, let r?): try engine.run(PairedObserver(first: observer, second: r), progress: batchProgress)
        case (let a?, nil): try engine.run(PairedObserver(first: observer, second: a), progress: batchProgress)
        case (let a?, let r?): try engine.run(PairedObserver(first: PairedObserver(first: observer, second: a), second: r), progress: batchProgress)
        }
        let fan = recorder.map { PathFan(spotPaths: $0.columns[0], vixPaths: $0.columns[1], count: $0.count, days: horizon) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // The observer's columns move into the outcome arrays one at a time (no second copy of them at the peak).
        let totalReturn = observer.columns.take(0)
        let layerValues = books.indices.map { b in (0..<books[b].layers.count).map { observer.columns.take(observer.firstColumn[b] + $0) } }
        let growth = exp(model.dividendYield * Double(horizon) / PathSimulationSettings.tradingDaysPerYear)
        let spxReturn = totalReturn.map { ($0 + 1) / growth - 1 }
        let vixTerminal = observer.vixPaths.take(0), vixMax = observer.vixPaths.take(1)
        let expectedGrowth = engine.start.expectedPriceGrowth(dynamics: model.dynamics(under: engine.settings.measure),
                                                              years: engine.settings.horizonYears, paths: engine.settings.paths)
        @Sendable func finish(_ outcome: inout LayoutOutcome) {
            outcome.vixTerminal = vixTerminal
            outcome.vixMax = vixMax
            outcome.fan = fan
            outcome.expectedPriceGrowth = expectedGrowth
        }
        // One worker per static book.
        var staticOutcomes = parallelMap(count: books.count, threads: engine.settings.threads) { b in
            let book = books[b]
            let scale = book.layout.portfolio.notional * book.layout.portfolio.beta
            let portfolio = totalReturn.map { $0 * scale }
            let values = layerValues[b]
            var hedge = [Double](repeating: 0, count: portfolio.count)
            for column in values { for i in 0..<hedge.count { hedge[i] += column[i] } }
            let cost = book.premiumWithCarry
            let hedged = (0..<portfolio.count).map { portfolio[$0] + hedge[$0] - cost }
            var outcome = LayoutOutcome(book: book, spxReturn: spxReturn, portfolioPnL: portfolio, layerValues: values, hedgeValue: hedge, hedgedPnL: hedged)
            finish(&outcome)
            return outcome
        }.makeIterator()
        var adaptiveOutcomes = adaptiveBooks.enumerated().map { b, book in
            var outcome = AdaptiveOutcome.outcome(book: book, model: model, observer: adaptiveObserver!, index: b,
                                                  totalReturn: totalReturn, spxReturn: spxReturn)
            if let record = adaptiveObserver!.record {
                outcome.dailyValues = (0...horizon).map { d in
                    let day = record.day(book: b, d)
                    return ReplayValuation(portfolio: day.portfolio, layers: day.slots, premiumCarried: day.premium)
                }
            }
            finish(&outcome)
            return outcome
        }.makeIterator()
        let outcomes = layouts.map { $0.adaptive == nil ? staticOutcomes.next()! : adaptiveOutcomes.next()! }
        return (outcomes, elapsed)
    }
}
