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

    init(history: ReplayHistory, model: MarketModel) {
        self.history = history
        self.model = model
        pricers = InstrumentPricers(spx: SPXOptionPricer(model: model), vix: VIXPricer(model: model), etn: nil)
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
            if !layout.budget.acceptTinyPrices && b.layer.weight > 0 && !(b.unitPrice >= b.instrument.priceAccuracy) {
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
            var quantity = b.layer.weight * budget / contract.settle
            if layout.budget.integerContracts {
                let m = HedgeInstrument.vixFuture.contractMultiplier
                quantity = (quantity / m).rounded(.down) * m
            }
            layers.append(BookedLayer(layer: b.layer, instrument: .vixFuture, unitPrice: contract.settle, halfSpread: b.halfSpread, quantity: quantity))
            contracts.append(contract.contractMonth)
        }
        let book = StaticBook(layout: layout, layers: layers, horizonDays: days, rate: model.rate, spot: dayModel.spot)
        return Booking(book: book, start: start, contracts: contracts, unbooked: unbooked)
    }

    /// The book's figures on day `d` of its window (currency, in day-`d` money).
    struct Valuation: Sendable, Equatable {
        let portfolio: Double
        let layers: [Double]
        let premiumCarried: Double
        var hedge: Double { layers.reduce(0, +) }
        var hedged: Double { portfolio + hedge - premiumCarried }
    }

    /// - Throws: `WindowGap` when a held VIX future has no settlement on a day it is read.
    func value(_ booking: Booking, day d: Int) throws(WindowGap) -> Valuation {
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
                    v = layer.instrument.payoff(spot: history.spot[settle], vix: history.vixSettlement(day: settle), index: .nan)
                }
                values.append(layer.quantity * (v - layer.entryLevel) * exp(model.rate * Double(d - e) / year))
            } else if let month = booking.contracts[l] {
                guard let f = history.settlement(contractMonth: month, day: k) else {
                    throw WindowGap(reason: "no settlement of the VIX future held by '\(layer.layer.name)' on \(history.dates[k])")
                }
                values.append(layer.quantity * (f - layer.entryLevel))
            } else {
                let mark = layer.instrument.modelPrice(spot: history.spot[k], variance: history.variance[k],
                                                       secondVariance: history.factorCount == 2 ? history.secondVariance[k] : 0,
                                                       index: .nan, days: e - d, pricers: pricers)
                values.append(layer.quantity * mark)
            }
        }
        return Valuation(portfolio: portfolio, layers: values, premiumCarried: book.premium * exp(model.rate * Double(d) / year))
    }
}
