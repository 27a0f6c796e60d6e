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
        case etn
        /// Black on the index with the remaining log-variance as a function of `s = sqrt(v)` at the horizon (and of
        /// `s2 = sqrt(v2)` on `secondAxis` for two factors: `logVariance[j * axis.count + i]`).
        case etnCall(axis: UniformAxis, secondAxis: UniformAxis?, logVariance: [Double], discount: Double)
    }
    let layer: BookedLayer
    let method: Method

    init(layer: BookedLayer, horizonDays: Int, spx: SPXOptionPricer, vix: VIXPricer,
         etn: VIXFuturesIndexOptionApproximation?, spxTables: inout [Int: SPXOptionTable]) {
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
        case .etn: method = .etn
        case .etnCall:
            let axis = UniformAxis(lower: 0, upper: SPXOptionTable.maximumVolatility, count: 61)
            let secondAxis = vix.transform.dynamics.isTwoFactor
                ? UniformAxis(lower: 0, upper: VIXTable.maximumSecondVolatility, count: 21) : nil
            let seconds = secondAxis.map { a in (0..<a.count).map { pow(a.node($0), 2) } } ?? [0]
            let logVariance = seconds.flatMap { v2 in
                (0..<axis.count).map {
                    etn!.totalLogVariance(fromDay: horizonDays, days: remaining, initialVariance: pow(axis.node($0), 2), initialSecondVariance: v2)
                }
            }
            method = .etnCall(axis: axis, secondAxis: secondAxis, logVariance: logVariance, discount: exp(-vix.rate * tau))
        }
    }

    /// Per-unit value at the horizon of a live layer (`index`: the futures index in points, base 100).
    @inline(__always)
    func horizonValue(spot s: Double, variance v: Double, secondVariance v2: Double, index: Double) -> Double {
        switch method {
        case .settled: return .nan
        case .spxPut(let t): return t.value(.put, strike: layer.lowerStrike!, spot: s, variance: v, secondVariance: v2)
        case .spxPutSpread(let t):
            return t.value(.put, strike: layer.upperStrike!, spot: s, variance: v, secondVariance: v2)
                - t.value(.put, strike: layer.lowerStrike!, spot: s, variance: v, secondVariance: v2)
        case .vixOption(let t): return t.value(variance: v, secondVariance: v2)
        case .vixSpread(let a, let b): return a.value(variance: v, secondVariance: v2) - b.value(variance: v, secondVariance: v2)
        case .future(let t): return t.value(variance: v, secondVariance: v2) - layer.unitPrice
        case .etn: return index
        case .etnCall(let axis, let secondAxis, let logVariance, let discount):
            let (i, t) = axis.locate(Double.minimum(Double.maximum(v, 0).squareRoot(), axis.upper))
            let w = catmullRomWeights(t)
            func row(_ r: Int) -> Double {
                let b = r * axis.count + i
                return w.0 * logVariance[b - 1] + w.1 * logVariance[b] + w.2 * logVariance[b + 1] + w.3 * logVariance[b + 2]
            }
            var sigma2 = row(0)
            if let secondAxis {
                let (j, t2) = secondAxis.locate(Double.minimum(Double.maximum(v2, 0).squareRoot(), secondAxis.upper))
                let w2 = catmullRomWeights(t2)
                sigma2 = w2.0 * row(j - 1) + w2.1 * row(j) + w2.2 * row(j + 1) + w2.3 * row(j + 2)
            }
            sigma2 = max(sigma2, 0)
            return VIXFuturesIndexOptionApproximation.black(.call, level: index, strike: layer.lowerStrike!, logVariance: sigma2, discount: discount)
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
    /// The futures curve when some layout holds ETN layers: the index is then followed on every path.
    let etnCurve: VIXFuturesCurveTables?
    /// Accumulator columns: settled cash per layer, then (with ETN layers) the index level and yesterday's basket.
    let cashColumns: Int
    /// Per path: the VIX at the horizon (column 0) and its highest daily close over the horizon (column 1).
    let vixPaths: OutcomeColumns

    init(books: [StaticBook], model: MarketModel, paths: Int, horizonDays: Int, etn: VIXFuturesIndexOptionApproximation?) {
        self.books = books
        let spx = SPXOptionPricer(model: model), vixPricer = VIXPricer(model: model)
        var spxTables: [Int: SPXOptionTable] = [:]
        repricers = books.map { book in
            book.layers.map { LayerRepricer(layer: $0, horizonDays: horizonDays, spx: spx, vix: vixPricer, etn: etn, spxTables: &spxTables) }
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
        OutcomeColumns(columns: vixMaxColumn + 1, count: capacity)
    }

    /// Accumulator column of the running maximum of the VIX (after the index columns).
    var vixMaxColumn: Int { max(cashColumns, 1) + (etnCurve == nil ? 0 : 2) }

    /// Column of the index level in the accumulator (and the previous basket after it).
    var indexColumn: Int { max(cashColumns, 1) }

    func begin(_ acc: inout OutcomeColumns, block: PathBlock) {
        etnCurve?.startIndex(level: acc[indexColumn], previous: acc[indexColumn + 1], block: block)
        let peak = acc[vixMaxColumn]
        for i in 0..<block.count { peak[i] = vix.vix(variance: block.variance[i], secondVariance: block.secondVariance[i]) }
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
                    cash[i] = layer.quantity * layer.payoff(spot: s, vix: vixLevel, index: index) * carry
                }
            }
        }
    }

    func end(_ acc: inout OutcomeColumns, block: PathBlock) {
        let first = block.firstPath
        let growth = exp(dividendYield * Double(horizonDays) / PathSimulationSettings.tradingDaysPerYear)
        for i in 0..<block.count {
            let s = exp(block.logSpot[i]), v = block.variance[i], v2 = block.secondVariance[i]
            let index = etnCurve == nil ? Double.nan : BookedLayer.indexBase * acc[indexColumn][i]
            columns[0][first + i] = s * growth / spot - 1          // SPX total return; each book scales it
            vixPaths[0][first + i] = vix.vix(variance: v, secondVariance: v2)
            vixPaths[1][first + i] = acc[vixMaxColumn][i]
            for (b, book) in books.enumerated() {
                for l in 0..<book.layers.count {
                    let column = firstColumn[b] + l
                    let repricer = repricers[b][l]
                    if case .settled = repricer.method {
                        columns[column][first + i] = acc[column - 1][i]
                    } else {
                        columns[column][first + i] = repricer.layer.quantity * repricer.horizonValue(spot: s, variance: v, secondVariance: v2, index: index)
                    }
                }
            }
        }
    }
}
