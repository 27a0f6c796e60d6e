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
    /// `E[S_H / S_0] = e^{(mu - q) H}` under the run's measure: what the martingale check compares the paths with.
    public var expectedPriceGrowth: Double = .nan
    /// The model VIX at the horizon and its highest daily close on each path (shared by every layout of the run).
    public var vixTerminal: [Double] = []
    public var vixMax: [Double] = []
    /// Daily SPX and VIX quantiles across the run's first paths (shared by every layout), when the run was asked for them.
    public var fan: PathFan?

    /// A layer's P&L on every path: its value at the horizon less its premium with carry.
    public func layerPnL(_ layer: Int) -> [Double] {
        let cost = book.layers[layer].premium * book.carry
        return layerValues[layer].map { $0 - cost }
    }
}

/// Static books of several layouts on the same paths (common random numbers: one engine run for all).
public enum HedgeSimulation {
    /// - Parameter recordFan: also keep the daily SPX and VIX of the first `PathFan.sampleSize` paths and return their
    ///   daily quantiles in every outcome's `fan` (for the report's fan charts; it does not change any path).
    public static func run(model: MarketModel, layouts: [HedgeLayout], settings: PathSimulationSettings, recordFan: Bool = false,
                           progress: (@Sendable (Double) -> Void)? = nil) throws -> (outcomes: [LayoutOutcome], elapsedSeconds: Double) {
        // The rules are read and checked, but the daily book that runs them is not built yet: never run an adaptive
        // layout as if it were static.
        if let adaptive = layouts.first(where: { $0.adaptive != nil }) {
            throw ConfigError.invalid(file: adaptive.source, keyPath: "adaptive",
                                      reason: "the daily adaptive book is not available in this version; remove the adaptive section to run '\(adaptive.name)' as a static book.")
        }
        let engine = try PathEngine(model: model, settings: settings)
        try MemoryEstimate.hedgeRun(layouts: layouts).check(paths: engine.settings.paths)
        let needsETN = layouts.contains { $0.layers.contains { $0.instrument.onETN } }
        let etn = needsETN ? VIXFuturesIndexOptionApproximation(model: model) : nil
        var books: [StaticBook] = []
        for layout in layouts { books.append(try StaticBook(layout: layout, model: model, horizonDays: engine.settings.days, etn: etn)) }
        let observer = HedgeBookObserver(books: books, model: model, paths: engine.settings.paths, horizonDays: engine.settings.days, etn: etn)
        let batches = Double(engine.batchCount)
        var batchProgress: (@Sendable (Int) -> Void)?
        if let progress { batchProgress = { done in progress(Double(done) / batches) } }
        let start = DispatchTime.now().uptimeNanoseconds
        var fan: PathFan?
        if recordFan {
            let days = engine.settings.days, sample = PathFan.sampleSize(paths: engine.settings.paths, days: days)
            let recorder = PathRecorder(count: sample, days: days, vix: model.vixFormula)
            try engine.run(PairedObserver(first: observer, second: recorder), progress: batchProgress)
            fan = PathFan(spotPaths: recorder.columns[0], vixPaths: recorder.columns[1], count: sample, days: days)
        } else {
            try engine.run(observer, progress: batchProgress)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let totalReturn = observer.columns.array(0)
        let growth = exp(model.dividendYield * Double(engine.settings.days) / PathSimulationSettings.tradingDaysPerYear)
        let spxReturn = totalReturn.map { ($0 + 1) / growth - 1 }
        let vixTerminal = observer.vixPaths.array(0), vixMax = observer.vixPaths.array(1)
        let outcomes = books.enumerated().map { b, book in
            let scale = book.layout.portfolio.notional * book.layout.portfolio.beta
            let portfolio = totalReturn.map { $0 * scale }
            let values = (0..<book.layers.count).map { observer.columns.array(observer.firstColumn[b] + $0) }
            var hedge = [Double](repeating: 0, count: portfolio.count)
            for column in values { for i in 0..<hedge.count { hedge[i] += column[i] } }
            let cost = book.premium * book.carry
            let hedged = (0..<portfolio.count).map { portfolio[$0] + hedge[$0] - cost }
            var outcome = LayoutOutcome(book: book, spxReturn: spxReturn, portfolioPnL: portfolio, layerValues: values, hedgeValue: hedge, hedgedPnL: hedged)
            outcome.vixTerminal = vixTerminal
            outcome.vixMax = vixMax
            outcome.fan = fan
            outcome.expectedPriceGrowth = exp((model.dynamics(under: engine.settings.measure).totalReturnDrift - model.dividendYield)
                                              * engine.settings.horizonYears)
            return outcome
        }
        return (outcomes, elapsed)
    }
}
