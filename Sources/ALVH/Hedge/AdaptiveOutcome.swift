import Foundation

/// Per-path figures of an adaptive book on the run's paths (currency unless stated). Layer values in `LayoutOutcome`
/// are at bid (liquidation basis): proceeds of every sale and settlement carried to the horizon at r, plus the live
/// position at bid on the horizon day.
public struct AdaptiveOutcome: Sendable {
    public let rules: AdaptiveRules
    public let horizonDays: Int
    /// Per layer and path: premiums and trading costs paid, carried to the horizon at r, and not carried.
    public let layerCosts: [[Double]]
    public let layerPaid: [[Double]]
    /// Their sums over layers.
    public let premiumCarried: [Double]
    public let premiumPaid: [Double]
    /// The hedge's value at the horizon with live positions at mid (accounting basis).
    public let accountingHedgeValue: [Double]
    /// Value traded at mid (every purchase and sale), rolls, take-profit sales.
    public let turnover: [Double]
    public let rolls: [Double]
    public let takeProfits: [Double]
    /// Largest fall of the hedged book's equity (portfolio P&L + cash + positions at bid) from its running high, and
    /// of the portfolio alone (currency).
    public let drawdown: [Double]
    public let unhedgedDrawdown: [Double]
    /// Days after t0 in each regime (`rules.regimes` order).
    public let regimeDays: [[Double]]
    /// The SPX's largest fall from its running high over the horizon (a fraction).
    public let spotDrawdown: [Double]
    /// Per path, the first trading day after t0 on which the hedge's P&L (positions at bid, premiums and proceeds
    /// carried at r) is above zero, 0 when it never is; and the SPX price return since t0 on that day (0 when never).
    public let paybackDay: [Double]
    public let paybackSPXReturn: [Double]

    public var meanPremiumPaid: Double { premiumPaid.reduce(0, +) / Double(max(premiumPaid.count, 1)) }

    /// The per-path figures the outcome files carry for an adaptive layout: name (an identifier), unit, meaning, values.
    public var perPathColumns: [(name: String, unit: String, description: String, values: [Double])] {
        let money = "currency of the layout"
        return [("premium_paid", money, "premiums and trading costs paid over the horizon, not carried", premiumPaid),
                ("max_drawdown", money, "largest fall of the hedged book's equity (positions at bid) from its running high", drawdown),
                ("unhedged_max_drawdown", money, "largest fall of the portfolio alone from its running high", unhedgedDrawdown),
                ("turnover", money, "value traded at mid, purchases and sales", turnover),
                ("rolls", "count", "positions closed at a roll", rolls),
                ("take_profits", "count", "positions sold by the take-profit rule", takeProfits)]
            + zip(rules.regimes, regimeDays).map { regime, days in
                ("days_" + HedgeRunReport.identifier(regime.name), "trading days", "days after t0 in regime '\(regime.name)'", days)
            }
    }

    /// Reads a book's columns after the run and assembles its `LayoutOutcome`: hedge value = sum of the layers' values
    /// at bid; hedged P&L = portfolio P&L + hedge value - premiums with carry. The book's columns move into the
    /// outcome (`OutcomeColumns.take`): call it once per book.
    static func outcome(book: AdaptiveBook, model: MarketModel, observer: AdaptiveBookObserver, index b: Int,
                        totalReturn: [Double], spxReturn: [Double]) -> LayoutOutcome {
        let c = observer.columns[b], columns = observer.outcomes
        let n = totalReturn.count
        let values = book.slots.map { columns.take(c.value($0.index)) }
        let costs = book.slots.map { columns.take(c.cost($0.index)) }
        let paid = book.slots.map { columns.take(c.paid($0.index)) }
        var hedge = [Double](repeating: 0, count: n), carried = hedge, spent = hedge
        for l in book.slots.indices {
            for i in 0..<n {
                hedge[i] += values[l][i]
                carried[i] += costs[l][i]
                spent[i] += paid[l][i]
            }
        }
        let portfolio = totalReturn.map { $0 * book.notional * book.beta }
        let hedged = (0..<n).map { portfolio[$0] + hedge[$0] - carried[$0] }
        var outcome = LayoutOutcome(book: book.dayZeroBooking(model: model), spxReturn: spxReturn, portfolioPnL: portfolio,
                                    layerValues: values, hedgeValue: hedge, hedgedPnL: hedged)
        outcome.adaptive = AdaptiveOutcome(
            rules: book.rules, horizonDays: book.horizonDays, layerCosts: costs, layerPaid: paid, premiumCarried: carried, premiumPaid: spent,
            accountingHedgeValue: columns.take(c.accounting), turnover: columns.take(c.turnover), rolls: columns.take(c.rolls),
            takeProfits: columns.take(c.takeProfits), drawdown: columns.take(c.drawdown), unhedgedDrawdown: columns.take(c.unhedgedDrawdown),
            regimeDays: (0..<c.regimeCount).map { columns.take(c.regimeDays($0)) }, spotDrawdown: observer.spotDrawdown.array(0),
            paybackDay: columns.take(c.paybackDay), paybackSPXReturn: columns.take(c.paybackSPXReturn))
        return outcome
    }
}

extension AdaptiveBook {
    /// Day 0 as a static booking (strikes, exact prices, quantities in the t0 regime before any signal), for the
    /// reports' layer tables and the provenance.
    func dayZeroBooking(model: MarketModel) -> StaticBook {
        let vix0 = model.initialVIX
        let pricer = VIXPricer(model: model), year = PathSimulationSettings.tradingDaysPerYear
        let futures = [AdaptiveBook.frontDays, AdaptiveBook.secondDays].map {
            pricer.futurePrice(variance: model.initialVariance, secondVariance: model.initialSecondVariance, years: Double($0) / year)
        }
        let regime = rules.regimes[rules.regime(vix: vix0, front: futures[0], slope: futures[1] / futures[0] - 1)]
        let layers = slots.map { slot -> BookedLayer in
            let z = slot.dayZero ?? SlotOpening(lower: 0, upper: 0, mid: 0)
            let instrument = Instrument(kind: slot.instrument, lower: slot.instrument.hasStrike ? z.lower : nil,
                                        upper: slot.instrument.isSpread ? z.upper : nil)
            let halfSpread = slot.halfSpread + slot.halfSpreadPerVIXPoint * vix0
            let allotment = rules.budgetPerYear * notional * Double(slot.life) / PathSimulationSettings.tradingDaysPerYear
                * (regime.weights[slot.layer.group] ?? 0) * slot.layer.weight * regime.budgetScale
            let perUnit = slot.instrument == .vixFuture ? z.mid : z.mid + halfSpread
            let quantity = perUnit > 0 ? allotment / perUnit : 0
            return BookedLayer(layer: slot.layer, instrument: instrument, unitPrice: z.mid, halfSpread: halfSpread, quantity: quantity)
        }
        return StaticBook(layout: layout, layers: layers, horizonDays: horizonDays, rate: rate, spot: spot)
    }
}
