import Foundation

/// How a live layer is valued at the horizon (per unit), from tables built once per run.
struct LayerRepricer: Sendable {
    enum Method: Sendable {
        case settled                                  // expires on or before the horizon
        case spxPut(SPXOptionTable)
        case spxPutSpread(SPXOptionTable)
        case vixOption(VIXTable)
        case vixSpread(VIXTable, VIXTable)
        case future(VIXTable)
    }
    let layer: BookedLayer
    let method: Method

    init(layer: BookedLayer, horizonDays: Int, spx: SPXOptionPricer, vix: VIXPricer, spxTables: inout [Int: SPXOptionTable]) {
        self.layer = layer
        let remaining = layer.layer.expiryDays - horizonDays
        guard remaining > 0 else { method = .settled; return }
        let tau = Double(remaining) / PathSimulationSettings.tradingDaysPerYear
        func spxTable() -> SPXOptionTable {
            if let t = spxTables[remaining] { return t }
            let t = SPXOptionTable(pricer: spx, years: tau)
            spxTables[remaining] = t
            return t
        }
        switch layer.layer.instrument {
        case .spxPut: method = .spxPut(spxTable())
        case .spxPutSpread: method = .spxPutSpread(spxTable())
        case .vixCall: method = .vixOption(VIXTable(pricer: vix, payoff: .option(.call, strike: layer.lowerStrike!), years: tau))
        case .vixCallSpread:
            method = .vixSpread(VIXTable(pricer: vix, payoff: .option(.call, strike: layer.lowerStrike!), years: tau),
                                VIXTable(pricer: vix, payoff: .option(.call, strike: layer.upperStrike!), years: tau))
        case .vixFuture: method = .future(VIXTable(pricer: vix, payoff: .future, years: tau))
        case .etn, .etnCall: method = .settled
        }
    }

    /// Per-unit value at the horizon of a live layer.
    @inline(__always)
    func horizonValue(spot s: Double, variance v: Double) -> Double {
        switch method {
        case .settled: return .nan
        case .spxPut(let t): return t.value(.put, strike: layer.lowerStrike!, spot: s, variance: v)
        case .spxPutSpread(let t):
            return t.value(.put, strike: layer.upperStrike!, spot: s, variance: v) - t.value(.put, strike: layer.lowerStrike!, spot: s, variance: v)
        case .vixOption(let t): return t.value(variance: v)
        case .vixSpread(let a, let b): return a.value(variance: v) - b.value(variance: v)
        case .future(let t): return t.value(variance: v) - layer.unitPrice
        }
    }
}

/// Values every layout's book on every path (common random numbers: one path set for all layouts).
///
/// Per-path outputs, preallocated: column 0 the portfolio P&L (shared by all layouts), then for each layout one
/// column per layer holding the layer's value at the horizon in currency (settlement carried at `r`, or repriced).
struct HedgeBookObserver: PathObserver {
    let books: [StaticBook]
    let repricers: [[LayerRepricer]]
    let vix: VIXFormula
    let columns: OutcomeColumns
    let firstColumn: [Int]          // per book, the column of its first layer
    let horizonDays: Int
    let dividendYield: Double
    let spot: Double
    let rate: Double

    init(books: [StaticBook], model: MarketModel, paths: Int, horizonDays: Int) {
        self.books = books
        let spx = SPXOptionPricer(model: model), vixPricer = VIXPricer(model: model)
        var spxTables: [Int: SPXOptionTable] = [:]
        repricers = books.map { book in
            book.layers.map { LayerRepricer(layer: $0, horizonDays: horizonDays, spx: spx, vix: vixPricer, spxTables: &spxTables) }
        }
        vix = model.vixFormula
        var next = 1, first: [Int] = []
        for book in books { first.append(next); next += book.layers.count }
        firstColumn = first
        columns = OutcomeColumns(columns: next, count: paths)
        self.horizonDays = horizonDays
        dividendYield = model.dividendYield
        spot = model.spot
        rate = model.rate
    }

    /// Per worker: settled cash per (layer, path of the block), columns as in `columns` less the portfolio one.
    typealias Accumulator = OutcomeColumns

    func makeAccumulator(capacity: Int) -> OutcomeColumns { OutcomeColumns(columns: max(columns.columnCount - 1, 1), count: capacity) }

    func begin(_ acc: inout OutcomeColumns, block: PathBlock) {}

    func observe(_ acc: inout OutcomeColumns, block: PathBlock, day: Int) {
        for (b, book) in books.enumerated() {
            for (l, layer) in book.layers.enumerated() where layer.layer.expiryDays == day && day <= horizonDays {
                let carry = exp(rate * Double(horizonDays - day) / PathSimulationSettings.tradingDaysPerYear)
                let cash = acc[firstColumn[b] + l - 1]
                for i in 0..<block.count {
                    let s = exp(block.logSpot[i]), vixLevel = vix.vix(variance: block.variance[i])
                    cash[i] = layer.quantity * layer.payoff(spot: s, vix: vixLevel) * carry
                }
            }
        }
    }

    func end(_ acc: inout OutcomeColumns, block: PathBlock) {
        let first = block.firstPath
        let growth = exp(dividendYield * Double(horizonDays) / PathSimulationSettings.tradingDaysPerYear)
        for i in 0..<block.count {
            let s = exp(block.logSpot[i]), v = block.variance[i]
            columns[0][first + i] = s * growth / spot - 1          // SPX total return; each book scales it
            for (b, book) in books.enumerated() {
                for l in 0..<book.layers.count {
                    let column = firstColumn[b] + l
                    let repricer = repricers[b][l]
                    if case .settled = repricer.method {
                        columns[column][first + i] = acc[column - 1][i]
                    } else {
                        columns[column][first + i] = repricer.layer.quantity * repricer.horizonValue(spot: s, variance: v)
                    }
                }
            }
        }
    }
}
