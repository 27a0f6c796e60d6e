import Dispatch
import Foundation

extension AdaptiveBook {
    /// Constant maturities of the market view's futures curve: the 1- and 2-month futures (21 and 42 trading days)
    /// whose ratio is the curve slope the regimes read.
    static let frontDays = 21
    static let secondDays = 42

    /// Resolves adaptive layouts against `model` for a run of `horizonDays` and builds every table their calendars
    /// need, once, shared across slots and layouts, on `threads` cores.
    /// - Throws: `ConfigError` naming the layout file and layer for what the daily book cannot hold.
    static func build(layouts: [HedgeLayout], model: MarketModel, horizonDays: Int, threads: Int) throws(ConfigError) -> [AdaptiveBook] {
        guard !layouts.isEmpty else { return [] }   // no daily book: no tables (the market view's futures included)
        let holdsETN = layouts.contains { $0.layers.contains { $0.instrument.onETN } }
        let pricers = InstrumentPricers(spx: SPXOptionPricer(model: model), vix: VIXPricer(model: model),
                                        etn: holdsETN ? VIXFuturesIndexOptionApproximation(model: model) : nil)
        for layout in layouts { try checkHoldable(layout) }
        // What the calendars need: SPX tables, futures tables and VIX option surfaces by remaining life.
        var spxDays: Set<Int> = [], futureDays: Set<Int> = [frontDays, secondDays]
        var surfaceStrikes: [Int: Set<Double>] = [:], ladderDays: Set<Int> = []
        var lowestLadderStrike = VIXStrikeLadder.highest
        var etnCallKeys: Set<IndexLogVarianceTable.Key> = []
        let v0 = model.initialVariance, v20 = model.initialSecondVariance
        for layout in layouts {
            let rules = layout.adaptive!
            for layer in layout.layers {
                let roll = rules.rollDays[layer.group] ?? 0
                let lives = AdaptiveBook.grid(layer: layer, roll: roll, horizon: horizonDays).nodes
                switch layer.instrument {
                case .spxPut, .spxPutSpread: spxDays.formUnion(lives)
                case .vixFuture: futureDays.formUnion(lives)
                case .vixCall, .vixCallSpread:
                    var absolute: [Double] = []
                    var relative = false
                    for rule in [layer.strike, layer.upperStrike] {
                        if case .absolute(let k)? = rule { absolute.append(k) } else if rule != nil { relative = true }
                    }
                    for r in lives { surfaceStrikes[r, default: []].formUnion(absolute) }
                    if relative {
                        ladderDays.formUnion(lives)
                        futureDays.insert(layer.expiryDays)
                        // The lowest strike the rule can give: at the lowest future of its tenor (the zero state).
                        let floorFuture = pricers.vix.futurePrice(variance: 0, secondVariance: 0, years: Double(layer.expiryDays) / 252)
                        for rule in [layer.strike, layer.upperStrike] {
                            if let rule, let k = AdaptiveBook.strike(rule, underlying: floorFuture) {
                                lowestLadderStrike = min(lowestLadderStrike, max(1, Int(k.rounded(.down)) - 1))
                            }
                        }
                    }
                case .etn: break
                case .etnCall:
                    etnCallKeys.formUnion(ETNCallMarks.keys(tenor: layer.expiryDays, life: layer.expiryDays - roll, horizon: horizonDays,
                                                            schedule: pricers.etn!.curve.schedule))
                }
                if layer.instrument.onSPX, case .delta? = layer.strike { spxDays.insert(layer.expiryDays) }
            }
        }
        let ladder = ladderDays.isEmpty ? nil : VIXStrikeLadder(lowest: lowestLadderStrike)
        // A surface's columns: the ladder first (so a path's ladder index is its column everywhere), then fixed strikes.
        var surfaceColumns: [Int: [Double]] = [:]
        for r in ladderDays.union(surfaceStrikes.keys) {
            let fixed = (surfaceStrikes[r] ?? []).sorted()
            surfaceColumns[r] = (ladderDays.contains(r) ? ladder!.strikes : []) + fixed
        }
        let t0 = Date()
        let tables = PriceTableSet.build(spxDays: spxDays, futureDays: futureDays, surfaces: surfaceColumns,
                                         pricers: pricers, threads: threads)
        let etnCalls = etnCallKeys.isEmpty ? nil
            : ETNCallMarks(tables: IndexLogVarianceTable.tables(pricers.etn!, requests: etnCallKeys, threads: threads),
                           schedule: pricers.etn!.curve.schedule, rate: model.rate)

        // Lives between two nodes: a blended table of their own, shared by the slots with the same bracket, built on
        // `threads` cores (each blend is what its constructor gives alone: the result does not depend on the count).
        struct BlendKey: Hashable, Sendable {
            let life: Int, lower: Int, upper: Int, weight: Double, kind: Int
            /// The blend a layer's life `r` between the nodes of `bracket` reads (kind: SPX 0, VIX futures 1, VIX options 2).
            init(_ layer: HedgeLayer, life r: Int, bracket b: (lower: Int, upper: Int, weight: Double)) {
                (life, lower, upper, weight) = (r, b.lower, b.upper, b.weight)
                kind = layer.instrument.onSPX ? 0 : layer.instrument == .vixFuture ? 1 : 2
            }
        }
        var blendKeys: [BlendKey] = [], seen: Set<BlendKey> = []
        for layout in layouts {
            let rules = layout.adaptive!
            for layer in layout.layers where !layer.instrument.onETN {
                let grid = AdaptiveBook.grid(layer: layer, roll: rules.rollDays[layer.group] ?? 0, horizon: horizonDays)
                for (r, b) in grid.brackets.sorted(by: { $0.key < $1.key }) {
                    let key = BlendKey(layer, life: r, bracket: b)
                    if seen.insert(key).inserted { blendKeys.append(key) }
                }
            }
        }
        enum Blend: Sendable { case spx(SPXOptionTable), future(VIXTable), surface(VIXOptionSurface) }
        let keys = blendKeys
        let blends = parallelMap(count: blendKeys.count, threads: threads) { i -> Blend in
            let key = keys[i], years = Double(key.life) / PathSimulationSettings.tradingDaysPerYear
            switch key.kind {
            case 0: return .spx(SPXOptionTable(blending: tables.spx[key.lower]!, tables.spx[key.upper]!, weight: key.weight, years: years))
            case 1: return .future(VIXTable(blending: tables.futures[key.lower]!, tables.futures[key.upper]!, weight: key.weight, years: years))
            default:
                return .surface(VIXOptionSurface(blending: tables.surfaces[key.lower]!, tables.surfaces[key.upper]!, weight: key.weight, years: years))
            }
        }
        let blended = Dictionary(uniqueKeysWithValues: zip(blendKeys, blends))
        if ProcessInfo.processInfo.environment["ALVH_TIMING"] != nil {
            FileHandle.standardError.write("tables: spx \(spxDays.count) futures \(futureDays.count) surfaces \(surfaceColumns.count) (\(surfaceColumns.values.map(\.count).reduce(0, +)) strikes), \(blendKeys.count) blends in \(Date().timeIntervalSince(t0)) s\n".data(using: .utf8)!)
        }
        return try layouts.map { layout throws(ConfigError) in
            let rules = layout.adaptive!
            var slots: [AdaptiveSlot] = []
            for (index, layer) in layout.layers.enumerated() {
                let roll = rules.rollDays[layer.group] ?? 0
                let grid = AdaptiveBook.grid(layer: layer, roll: roll, horizon: horizonDays)
                let lives = grid.nodes
                var marks = [SlotMark?](repeating: nil, count: layer.expiryDays + 1)
                if layer.instrument.onETN {   // no blending: the index, or a table for every phase and life
                    for r in AdaptiveSlot.lives(tenor: layer.expiryDays, life: layer.expiryDays - roll, horizon: horizonDays) {
                        marks[r] = layer.instrument == .etn ? .etn : .etnCall(etnCalls!)
                    }
                }
                func strikeColumns(_ surface: VIXOptionSurface) -> (Int?, Int?) {
                    func column(_ rule: StrikeRule?) -> Int? {
                        guard case .absolute(let k)? = rule else { return nil }
                        return surface.strikes.lastIndex(of: k)
                    }
                    return (column(layer.strike), column(layer.upperStrike))
                }
                for r in lives {
                    switch layer.instrument {
                    case .spxPut, .spxPutSpread: marks[r] = .spx(tables.spx[r]!)
                    case .vixFuture: marks[r] = .future(tables.futures[r]!)
                    case .vixCall, .vixCallSpread:
                        let surface = tables.surfaces[r]!, (l, u) = strikeColumns(surface)
                        marks[r] = .vixOption(surface, lowerColumn: l, upperColumn: u)
                    case .etn, .etnCall: break
                    }
                }
                for (r, b) in grid.brackets where !layer.instrument.onETN {
                    switch blended[BlendKey(layer, life: r, bracket: b)]! {
                    case .spx(let t): marks[r] = .spx(t)
                    case .future(let t): marks[r] = .future(t)
                    case .surface(let surface):
                        let (l, u) = strikeColumns(surface)
                        marks[r] = .vixOption(surface, lowerColumn: l, upperColumn: u)
                    }
                }
                // Day 0 at the market's own state, priced exactly (as the static book).
                let tau = Double(layer.expiryDays) / PathSimulationSettings.tradingDaysPerYear
                let future = pricers.vix.futurePrice(variance: v0, secondVariance: v20, years: tau)
                let underlying = layer.instrument.onSPX ? model.spot : layer.instrument.onETN ? BookedLayer.indexBase : future
                var lower = 0.0, upper = 0.0
                if let rule = layer.strike {
                    if case .delta(let target) = rule {
                        lower = BookedLayer.putStrike(delta: target, pricer: pricers.spx, spot: model.spot, variance: v0, secondVariance: v20, years: tau)
                    } else {
                        lower = AdaptiveBook.strike(rule, underlying: underlying)!
                    }
                }
                if let rule = layer.upperStrike {
                    upper = AdaptiveBook.strike(rule, underlying: underlying) ?? 0
                }
                if let ladder, layer.instrument == .vixCall || layer.instrument == .vixCallSpread {
                    if AdaptiveBook.isSetOnPath(layer.strike) { lower = ladder.listed(lower).strike }
                    if AdaptiveBook.isSetOnPath(layer.upperStrike) { upper = ladder.listed(upper).strike }
                }
                if layer.instrument.isSpread && !(upper > lower) {
                    throw .invalid(file: layout.source, keyPath: "layers[\(index)].upper_strike",
                                   reason: String(format: "resolves to %.2f at t0, not above the lower strike %.2f.", upper, lower))
                }
                let instrument = Instrument(kind: layer.instrument, lower: layer.instrument.hasStrike ? lower : nil,
                                            upper: layer.instrument.isSpread ? upper : nil)
                let mid = instrument.modelPrice(spot: model.spot, variance: v0, secondVariance: v20, index: BookedLayer.indexBase,
                                                days: layer.expiryDays, pricers: pricers)
                if layer.instrument != .vixFuture && !(mid >= instrument.priceAccuracy) && !layout.budget.acceptTinyPrices {
                    throw .invalid(file: layout.source, keyPath: "layers[\(index)]",
                                   reason: "layer '\(layer.name)' has a model price of \(String(format: "%.3g", mid)) per unit at t0, below the "
                                       + "pricer's accuracy \(String(format: "%.1g", instrument.priceAccuracy)); move its strike or expiry, or set "
                                       + "budget.accept_tiny_prices: true to book it anyway.")
                }
                let relativeVIX = (layer.instrument == .vixCall || layer.instrument == .vixCallSpread)
                    && (AdaptiveBook.isSetOnPath(layer.strike) || AdaptiveBook.isSetOnPath(layer.upperStrike))
                slots.append(AdaptiveSlot(index: index, layer: layer, rollDays: roll,
                                          halfSpread: layout.budget.halfSpreads[layer.instrument] ?? 0,
                                          halfSpreadPerVIXPoint: rules.costs.halfSpreadPerVIXPoint[layer.instrument] ?? 0,
                                          marks: marks, dayZero: SlotOpening(lower: lower, upper: upper, mid: mid),
                                          matchingFuture: relativeVIX ? tables.futures[layer.expiryDays] : nil,
                                          tenorTable: layer.instrument.onSPX ? tables.spx[layer.expiryDays] : nil))
            }
            return AdaptiveBook(layout: layout, rules: rules, slots: slots, horizonDays: horizonDays, rate: model.rate,
                                spot: model.spot, dividendYield: model.dividendYield, ladder: ladder)
        }
    }

    /// What the daily book cannot hold, refused with the layer's key path: delta strike rules on VIX and ETN options.
    static func checkHoldable(_ layout: HedgeLayout) throws(ConfigError) {
        for (i, layer) in layout.layers.enumerated() where !layer.instrument.onSPX {
            if case .delta = layer.strike {
                throw .invalid(file: layout.source, keyPath: "layers[\(i)].strike", reason: "a delta strike rule applies to SPX options only.")
            }
        }
    }

    /// The maturity grid of a layer's calendar: its opening tenor and roll life are traded at, so they are nodes.
    static func grid(layer: HedgeLayer, roll: Int, horizon: Int) -> MaturityGrid {
        MaturityGrid(lives: AdaptiveSlot.lives(tenor: layer.expiryDays, life: layer.expiryDays - roll, horizon: horizon),
                     exact: [layer.expiryDays, roll])
    }

    /// Whether a strike rule depends on the day's market (everything but an absolute strike).
    static func isSetOnPath(_ rule: StrikeRule?) -> Bool {
        guard let rule else { return false }
        if case .absolute = rule { return false }
        return true
    }

    /// A strike from its rule over the level it is set against, `underlying`: the SPX for SPX options, the index
    /// (points, base 100 at t0) for ETN calls, the matching VIX future for VIX options (the layout parser allows the
    /// "over future" rules on VIX options only); nil for a delta rule (solved against the model separately).
    @inline(__always)
    static func strike(_ rule: StrikeRule, underlying: Double) -> Double? {
        switch rule {
        case .absolute(let k): return k
        case .moneyness(let m): return m * underlying
        case .pointsOverFuture(let p): return underlying + p
        case .percentOverFuture(let p): return underlying * (1 + p / 100)
        case .delta: return nil
        }
    }
}

extension PriceTableSet {
    /// The tables of one run, by remaining trading days.
    struct Built: Sendable {
        var spx: [Int: SPXOptionTable] = [:]
        var futures: [Int: VIXTable] = [:]
        var surfaces: [Int: VIXOptionSurface] = [:]
    }

    /// Builds SPX tables, VIX futures tables and VIX option surfaces for the given remaining lives on `threads`
    /// cores (largest first); each table is what its single-threaded constructor gives, so the result does not
    /// depend on the thread count.
    static func build(spxDays: Set<Int>, futureDays: Set<Int>, surfaces: [Int: [Double]], pricers: InstrumentPricers,
                      threads: Int) -> Built {
        enum Job: Sendable { case spx(Int), future(Int), surface(Int, [Double]) }
        enum Table: Sendable { case spx(SPXOptionTable), future(VIXTable), surface(VIXOptionSurface) }
        let jobs: [Job] = spxDays.sorted().map { .spx($0) } + surfaces.keys.sorted().map { .surface($0, surfaces[$0]!) }
            + futureDays.sorted().map { .future($0) }
        let year = PathSimulationSettings.tradingDaysPerYear
        let tables = parallelMap(count: jobs.count, threads: threads) { j -> Table in
            switch jobs[j] {
            case .spx(let d): .spx(SPXOptionTable(pricer: pricers.spx, years: Double(d) / year))
            case .future(let d): .future(VIXTable(pricer: pricers.vix, payoff: .future, years: Double(d) / year))
            case .surface(let d, let strikes): .surface(VIXOptionSurface(pricer: pricers.vix, strikes: strikes, years: Double(d) / year))
            }
        }
        var built = Built()
        for (job, table) in zip(jobs, tables) {
            switch (job, table) {
            case (.spx(let d), .spx(let t)): built.spx[d] = t
            case (.future(let d), .future(let t)): built.futures[d] = t
            case (.surface(let d, _), .surface(let t)): built.surfaces[d] = t
            default: preconditionFailure("every job builds its own kind of table")
            }
        }
        return built
    }
}
