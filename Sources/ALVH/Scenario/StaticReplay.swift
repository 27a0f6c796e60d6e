import Foundation

/// A static layout through one window of the history: bought at the window's first day at the model's Q prices on
/// that day's state (strikes resolved on it), held, and valued day by day on the real closes.
///
/// On day `d` of a window starting on history day `s` (`k = s + d`), per layer with expiry `e` trading days:
///
///     settled (e <= d):  q (payoff on day s+e - entry) e^{r (d - e)/252}     SPX options: the SPX close that day;
///                        VIX options and futures: the SOQ when a monthly contract expires that day, else the VIX close
///     VIX future (e > d): q (F_k - F_s)  with F the real settlement of the listed contract held (the nearest expiry on
///                        or after day s+e: `ReplayHistory.futureContract`), bought at its real settlement F_s
///     option (e > d):     q x Instrument.modelPrice(S_k, v1_k, v2_k, e - d days)   (the exact pricers, not tables)
///     portfolio P&L = notional x beta x (S_k e^{q d/252} / S_s - 1);  hedged = portfolio + layers - premium e^{r d/252}
///
/// the same arithmetic as `HedgeBookObserver` at horizon `d`, with exact marks, so a one-path engine run on the
/// replay stepper agrees with it to the tables' accuracy (tested).
struct StaticReplay: Sendable {
    let history: ReplayHistory
    let model: MarketModel
    let pricers: InstrumentPricers

    /// `etn`: build the futures index option approximation (some layout holds ETN layers).
    init(history: ReplayHistory, model: MarketModel, etn: Bool = false) {
        self.history = history
        self.model = model
        pricers = InstrumentPricers(spx: SPXOptionPricer(model: model), vix: VIXPricer(model: model),
                                    etn: etn ? VIXFuturesIndexOptionApproximation(model: model) : nil)
    }

    /// A layout booked on one window's first day, with the real contract of each VIX future layer.
    struct Booking: Sendable {
        let book: StaticBook
        let start: Int
        /// Per layer: the contract month a VIX future layer holds (nil for other layers).
        let contracts: [Int?]
        /// Layers not bought: their model price on the day is below what the pricers resolve (a far out-of-the-money
        /// option at a state where the model gives it next to nothing); their budget share stays unspent.
        let unbooked: [Int]
    }

    /// Why a window cannot be replayed for a layout (it is then left out and listed).
    struct WindowGap: Error, Sendable { let reason: String }

    /// Books `layout` on history day `start` for a window of `days` trading days. A layer whose model price is below
    /// the pricers' accuracy that day is not bought (`Booking.unbooked`) unless the layout accepts tiny prices: across
    /// thousands of windows some states price a far out-of-the-money option at next to nothing, and refusing the
    /// whole replay for it (as a single run does) would hide every other window.
    /// - Throws: `ConfigError` for a layout that cannot be booked on the day's state (a spread whose strikes cross),
    ///   `WindowGap` when a VIX future layer has no listed contract or settlement.
    func book(_ layout: HedgeLayout, start: Int, days: Int) throws -> Booking {
        let dayModel = history.model(model, atDay: start)
        var accepting = layout
        accepting.budget.acceptTinyPrices = true
        let base = try StaticBook(layout: accepting, model: dayModel, horizonDays: days, etn: nil, pricers: pricers)
        let budget = layout.budget.premium * layout.portfolio.notional
        var layers: [BookedLayer] = [], contracts: [Int?] = [], unbooked: [Int] = []
        for (l, b) in base.layers.enumerated() {
            if b.layer.instrument.onETN && history.indexLevel(from: start, to: start) == nil {
                throw WindowGap(reason: "no level of the rebuilt VIX futures index on the first day (layer '\(b.layer.name)')")
            }
            if !layout.budget.acceptTinyPrices && b.isBelowPriceAccuracy {
                layers.append(BookedLayer(layer: b.layer, instrument: b.instrument, unitPrice: b.unitPrice, halfSpread: b.halfSpread, quantity: 0))
                contracts.append(nil)
                unbooked.append(l)
                continue
            }
            guard b.layer.instrument == .vixFuture else {
                layers.append(b)
                contracts.append(nil)
                continue
            }
            guard let contract = history.futureContract(boughtOn: start, heldDays: b.layer.expiryDays) else {
                throw WindowGap(reason: "no listed VIX future expiring on or after day \(b.layer.expiryDays) of the window (layer '\(b.layer.name)')")
            }
            let quantity = BookedLayer.units(layer: b.layer, budget: budget, perUnit: contract.settle,
                                             integerContracts: layout.budget.integerContracts)
            layers.append(BookedLayer(layer: b.layer, instrument: .vixFuture, unitPrice: contract.settle, halfSpread: b.halfSpread, quantity: quantity))
            contracts.append(contract.contractMonth)
        }
        let book = StaticBook(layout: layout, layers: layers, horizonDays: days, rate: model.rate, spot: dayModel.spot)
        return Booking(book: book, start: start, contracts: contracts, unbooked: unbooked)
    }

    /// - Throws: `WindowGap` when a held VIX future has no settlement on a day it is read.
    func value(_ booking: Booking, day d: Int) throws(WindowGap) -> ReplayValuation {
        let s = booking.start, k = s + d, book = booking.book, year = PathSimulationSettings.tradingDaysPerYear
        let portfolio = book.layout.portfolio.notional * book.layout.portfolio.beta
            * (history.spot[k] * exp(model.dividendYield * Double(d) / year) / history.spot[s] - 1)
        var values: [Double] = []
        for (l, layer) in book.layers.enumerated() {
            let e = layer.layer.expiryDays
            if layer.quantity == 0 {
                values.append(0)
            } else if e <= d {
                let settle = s + e
                let v: Double
                if let month = booking.contracts[l] {
                    guard let f = history.settlement(contractMonth: month, day: settle) else {
                        throw WindowGap(reason: "no settlement of the VIX future held by '\(layer.layer.name)' on \(history.dates[settle])")
                    }
                    v = f
                } else {
                    v = layer.instrument.payoff(spot: history.spot[settle], vix: history.vixSettlement(day: settle),
                                                index: try indexLevel(layer, start: s, day: settle))
                }
                values.append(layer.quantity * (v - layer.entryLevel) * exp(model.rate * Double(d - e) / year))
            } else if let month = booking.contracts[l] {
                guard let f = history.settlement(contractMonth: month, day: k) else {
                    throw WindowGap(reason: "no settlement of the VIX future held by '\(layer.layer.name)' on \(history.dates[k])")
                }
                values.append(layer.quantity * (f - layer.entryLevel))
            } else {
                values.append(layer.quantity * (try liveMark(layer.instrument, layer: layer, start: s, day: d, remaining: e - d)))
            }
        }
        return ReplayValuation(portfolio: portfolio, layers: values, premiumCarried: book.premium * exp(model.rate * Double(d) / year))
    }

    /// The index level for an ETN layer on history day `k` of a window from `start` (NaN for other layers, which do
    /// not read it).
    func indexLevel(_ layer: BookedLayer, start: Int, day k: Int) throws(WindowGap) -> Double {
        guard layer.layer.instrument.onETN else { return .nan }
        guard let level = history.indexLevel(from: start, to: k) else {
            throw WindowGap(reason: "the rebuilt VIX futures index does not chain from \(history.dates[start]) to \(history.dates[k]) (layer '\(layer.layer.name)')")
        }
        return level
    }

    /// Per-unit value of a live option or ETN position on day `d` of the window, `remaining` trading days before
    /// its expiry: the exact pricers at the day's state; the ETN at the rebuilt index's level; the ETN call by
    /// Black on that level with the approximation's remaining log-variance from the day's state (its roll phase is
    /// the model schedule's on day `d`, not the real calendar's: an approximation, stated in the report).
    func liveMark(_ instrument: Instrument, layer: BookedLayer, start s: Int, day d: Int, remaining: Int) throws(WindowGap) -> Double {
        let k = s + d, v = history.variance[k], v2 = history.secondVariance[k]
        switch instrument {
        case .etn:
            return try indexLevel(layer, start: s, day: k)
        case .etnCall(let strike):
            guard let etn = pricers.etn else { preconditionFailure("ETN layers need the approximation: ReplayRun builds it") }
            let logVariance = max(etn.totalLogVariance(fromDay: d, days: remaining, initialVariance: v, initialSecondVariance: v2), 0)
            let discount = exp(-model.rate * Double(remaining) / PathSimulationSettings.tradingDaysPerYear)
            return VIXFuturesIndexOptionApproximation.black(.call, level: try indexLevel(layer, start: s, day: k), strike: strike,
                                                            logVariance: logVariance, discount: discount)
        default:
            return instrument.modelPrice(spot: history.spot[k], variance: v, secondVariance: v2, index: .nan, days: remaining, pricers: pricers)
        }
    }
}
