import Foundation

/// Values every layout's book on every path (common random numbers: one path set for all layouts).
///
/// Per-path outputs, preallocated: column 0 the portfolio P&L (shared by all layouts), then for each layout one
/// column per layer holding the layer's value at the horizon in currency (settlement carried at `r`, or repriced).
struct HedgeBookObserver: PathObserver {
    let books: [StaticBook]
    /// Per book and layer, the mark at the horizon of a layer still alive then (nil: it settles on the path first).
    let horizonMarks: [[InstrumentMark?]]
    let vix: VIXFormula
    let columns: OutcomeColumns
    let firstColumn: [Int]          // per book, the column of its first layer
    let horizonDays: Int
    let dividendYield: Double
    let spot: Double
    let rate: Double
    /// The futures curve when some layout holds ETN layers: the index is then followed on every path.
    let etnCurve: VIXFuturesCurveTables?
    /// Accumulator columns: settled cash per layer, then (with ETN layers) the index level and yesterday's basket.
    let cashColumns: Int
    /// Per path: the VIX at the horizon (column 0) and its highest daily close over the horizon (column 1).
    let vixPaths: OutcomeColumns

    /// Whether every path starts at the market's spot (else each path's SPX return is measured from its own start).
    let uniformStart: Bool

    /// `threads`: workers for the horizon marks' tables (the marks do not depend on it).
    init(books: [StaticBook], model: MarketModel, paths: Int, horizonDays: Int, etn: VIXFuturesIndexOptionApproximation?, threads: Int = 1,
         uniformStart: Bool = true) {
        self.uniformStart = uniformStart
        self.books = books
        let tables = PriceTableStore(pricers: InstrumentPricers(spx: SPXOptionPricer(model: model), vix: VIXPricer(model: model), etn: etn))
        let pairs = books.indices.flatMap { b in books[b].layers.indices.map { (b, $0) } }
        let marks = parallelMap(count: pairs.count, threads: threads) { k -> InstrumentMark? in
            let layer = books[pairs[k].0].layers[pairs[k].1]
            let remaining = layer.layer.expiryDays - horizonDays
            return remaining > 0 ? InstrumentMark(instrument: layer.instrument, remainingDays: remaining, fromDay: horizonDays,
                                                  pricers: tables.pricers, tables: tables) : nil
        }
        var offset = 0
        horizonMarks = books.map { book in
            defer { offset += book.layers.count }
            return Array(marks[offset..<(offset + book.layers.count)])
        }
        etnCurve = etn?.curve
        vix = model.vixFormula
        var next = 1, first: [Int] = []
        for book in books { first.append(next); next += book.layers.count }
        firstColumn = first
        columns = OutcomeColumns(columns: next, count: paths)
        cashColumns = next - 1
        vixPaths = OutcomeColumns(columns: 2, count: paths)
        self.horizonDays = horizonDays
        dividendYield = model.dividendYield
        spot = model.spot
        rate = model.rate
    }

    /// Per worker: settled cash per (layer, path of the block), columns as in `columns` less the portfolio one.
    typealias Accumulator = OutcomeColumns

    func makeAccumulator(capacity: Int) -> OutcomeColumns {
        OutcomeColumns(columns: startSpotColumn + 1, count: capacity)
    }

    /// Accumulator column of each path's SPX at t0.
    var startSpotColumn: Int { vixMaxColumn + 1 }

    /// Accumulator column of the running maximum of the VIX (after the index columns).
    var vixMaxColumn: Int { max(cashColumns, 1) + (etnCurve == nil ? 0 : 2) }

    /// Column of the index level in the accumulator (and the previous basket after it).
    var indexColumn: Int { max(cashColumns, 1) }

    func begin(_ acc: inout OutcomeColumns, block: PathBlock) {
        etnCurve?.startIndex(level: acc[indexColumn], previous: acc[indexColumn + 1], block: block)
        let peak = acc[vixMaxColumn], start = acc[startSpotColumn]
        for i in 0..<block.count {
            peak[i] = vix.vix(variance: block.variance[i], secondVariance: block.secondVariance[i])
            start[i] = uniformStart ? spot : exp(block.logSpot[i])
        }
    }

    func observe(_ acc: inout OutcomeColumns, block: PathBlock, day: Int) {
        // The index first: a layer settling today sees today's level.
        etnCurve?.advanceIndex(level: acc[indexColumn], previous: acc[indexColumn + 1], block: block, day: day)
        let peak = acc[vixMaxColumn], v = block.variance, v2 = block.secondVariance
        for i in 0..<block.count { peak[i] = Swift.max(peak[i], vix.vix(variance: v[i], secondVariance: v2[i])) }
        for (b, book) in books.enumerated() {
            for (l, layer) in book.layers.enumerated() where layer.layer.expiryDays == day && day <= horizonDays {
                let carry = exp(rate * Double(horizonDays - day) / PathSimulationSettings.tradingDaysPerYear)
                let cash = acc[firstColumn[b] + l - 1]
                for i in 0..<block.count {
                    let s = exp(block.logSpot[i]), vixLevel = vix.vix(variance: block.variance[i], secondVariance: block.secondVariance[i])
                    let index = etnCurve == nil ? Double.nan : BookedLayer.indexBase * acc[indexColumn][i]
                    cash[i] = layer.quantity * (layer.instrument.payoff(spot: s, vix: vixLevel, index: index) - layer.entryLevel) * carry
                }
            }
        }
    }

    func end(_ acc: inout OutcomeColumns, block: PathBlock) {
        let first = block.firstPath, n = block.count
        let growth = exp(dividendYield * Double(horizonDays) / PathSimulationSettings.tradingDaysPerYear)
        // The horizon state of each path once, then layer by layer over the block with the layer's mark and
        // quantity read once (read per path, the book and the mark were copied with retain/release every time).
        var spots = [Double](repeating: 0, count: n), indexes = [Double](repeating: .nan, count: n)
        for i in 0..<n {
            let s = exp(block.logSpot[i]), v = block.variance[i], v2 = block.secondVariance[i]
            spots[i] = s
            if etnCurve != nil { indexes[i] = BookedLayer.indexBase * acc[indexColumn][i] }
            columns[0][first + i] = s * growth / acc[startSpotColumn][i] - 1          // SPX total return; each book scales it
            vixPaths[0][first + i] = vix.vix(variance: v, secondVariance: v2)
            vixPaths[1][first + i] = acc[vixMaxColumn][i]
        }
        for b in books.indices {
            let layers = books[b].layers
            for l in layers.indices {
                let column = firstColumn[b] + l
                if let mark = horizonMarks[b][l] {
                    let quantity = layers[l].quantity, entry = layers[l].entryLevel
                    for i in 0..<n {
                        let value = mark.value(spot: spots[i], variance: block.variance[i], secondVariance: block.secondVariance[i], index: indexes[i])
                        columns[column][first + i] = quantity * (value - entry)
                    }
                } else {
                    for i in 0..<n { columns[column][first + i] = acc[column - 1][i] }
                }
            }
        }
    }
}
