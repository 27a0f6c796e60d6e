import Foundation

extension AdaptiveSummary {
    /// The `adaptive` object of a layout in the run's JSON (money in currency rounded to cents, `*_pct` in % of notional).
    var json: JSONValue {
        .object([
            ("mark_basis", .string("bid for risk figures; mid for accounting_mean_hedged_pnl")),
            ("years", .number(years)),
            ("premium_paid_mean", HedgeRunReport.moneyJSON(meanPremiumPaid)),
            ("premium_per_year_pct", .number(premiumPerYearPercent)),
            ("annualised_cost_pct", .number(annualisedCostPercent)),
            ("annualised_cost_pct_stderr", .number(annualisedCostStandardError)),
            ("accounting_mean_hedged_pnl", HedgeRunReport.moneyJSON(accountingMeanHedgedPnL)),
            ("max_drawdown_pct", .object([("mean", .number(drawdown.mean)), ("p95", .number(drawdown.p95)), ("p99", .number(drawdown.p99))])),
            ("unhedged_max_drawdown_pct", .object([("mean", .number(unhedgedDrawdown.mean)), ("p95", .number(unhedgedDrawdown.p95)),
                                                   ("p99", .number(unhedgedDrawdown.p99))])),
            ("turnover_mean", HedgeRunReport.moneyJSON(meanTurnover)),
            ("rolls_mean", .number(meanRolls)),
            ("take_profits_mean", .number(meanTakeProfits)),
            ("regime_occupancy", .array(regimeOccupancy.map { .object([("regime", .string($0.name)), ("share", .number($0.share))]) })),
            ("worst_spx_drawdown_windows", .array(worstDrawdownWindows.map { w in
                .object([("share", .number(w.share)), ("paths", .integer(w.paths)), ("spx_drawdown", .number(w.spxDrawdown)),
                         ("hedge_pnl_mean", HedgeRunReport.moneyJSON(w.hedgePnL))])
            })),
            ("break_even_spx_return", breakEvenSPXReturn.map { .number($0) } ?? .null),
            ("payback", .object([
                ("share_of_paths", .number(paybackShare)),
                ("median_day", paybackMedianDay.map { .number($0) } ?? .null),
                ("spx_return_quantiles", .array(paybackSPXReturnQuantiles.map {
                    .object([("level", .number($0.level)), ("spx_return", .number($0.spxReturn))])
                })),
            ])),
        ])
    }

    /// The terminal lines of one adaptive layout (each within 100 columns for names up to 40 characters).
    func textLines(name: String) -> [String] {
        var lines = ["\(name): adaptive book over \(String(format: "%.2f", years)) years (risk at bid, accounting at mid)"]
        lines.append(String(format: "  premium paid %@ (%.2f %% of notional a year); hedge cost %.2f %% a year (%.2f)",
                            HedgeRunReport.money(meanPremiumPaid), premiumPerYearPercent, annualisedCostPercent, annualisedCostStandardError))
        lines.append("  mean hedged P&L with positions at mid (accounting): " + HedgeRunReport.money(accountingMeanHedgedPnL))
        lines.append(String(format: "  max drawdown, %% of notional: hedged mean %.2f, p95 %.2f, p99 %.2f", drawdown.mean, drawdown.p95, drawdown.p99))
        lines.append(String(format: "                                portfolio alone %.2f, %.2f, %.2f", unhedgedDrawdown.mean, unhedgedDrawdown.p95, unhedgedDrawdown.p99))
        lines.append(String(format: "  per path: turnover %@, rolls %.1f, take-profits %.2f", HedgeRunReport.money(meanTurnover), meanRolls, meanTakeProfits))
        var regimes = "  days by regime:"
        for r in regimeOccupancy {
            let item = String(format: " %@ %.0f %%", r.name, 100 * r.share)
            if regimes.count + item.count + 1 > 100 {
                lines.append(regimes + ",")
                regimes = "   "
            } else if !regimes.hasSuffix(":") {
                regimes += ","
            }
            regimes += item
        }
        lines.append(regimes)
        lines.append("  hedge P&L on the paths where the SPX fell most:")
        for w in worstDrawdownWindows {
            lines.append(String(format: "    worst %.0f %% of paths (mean SPX drawdown %.1f %%): %@", 100 * w.share, 100 * w.spxDrawdown,
                                HedgeRunReport.money(w.hedgePnL)))
        }
        lines.append("  break-even: " + (breakEvenSPXReturn.map { String(format: "the hedge pays for itself on average below an SPX return of %.0f %%", 100 * $0) }
                                         ?? "no SPX return of the run at which the hedge pays for itself on average"))
        if let median = paybackMedianDay, paybackSPXReturnQuantiles.count == 5 {
            let q = paybackSPXReturnQuantiles.map { String(format: "%.1f", 100 * $0.spxReturn) }
            lines.append(String(format: "  paid back on %.1f %% of paths (median day %.0f); SPX return then, %%: p5 %@, p25 %@, median %@,",
                                100 * paybackShare, median, q[0], q[1], q[2]))
            lines.append("    p75 \(q[3]), p95 \(q[4])")
        } else {
            lines.append("  paid back on no path: the hedge's P&L (bid, premiums carried) never rose above zero")
        }
        return lines
    }
}

extension AdaptiveRules {
    /// The rules as read, for the provenance of every output.
    var provenanceJSON: JSONValue {
        // Band ends as numbers; an unbounded end is null.
        func end(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        func band(_ b: Band) -> JSONValue { .array([end(b.lower), end(b.upper)]) }
        func shift(_ s: WeightShift?) -> JSONValue {
            s.map { .object([("from", .string($0.from.rawValue)), ("to", .string($0.to.rawValue)), ("fraction", .number($0.fraction))]) } ?? .null
        }
        return .object([
            ("budget_per_year", .number(budgetPerYear)),
            ("roll_days", .object(LayerGroup.allCases.compactMap { g in rollDays[g].map { (g.rawValue, .integer($0)) } })),
            ("take_profit", takeProfit.map { .object([("multiple", .number($0.multiple)), ("redeploy_to", .string($0.redeployTo.rawValue))]) } ?? .null),
            ("regime_level", .string(levelSource.rawValue)),
            ("regimes", .array(regimes.map { r in
                .object([("name", .string(r.name)), ("level", band(r.vix)), ("slope", band(r.slope)),
                         ("weights", .object(LayerGroup.allCases.map { ($0.rawValue, .number(r.weights[$0] ?? 0)) })),
                         ("budget_scale", .number(r.budgetScale))])
            })),
            ("macd", macd.map { m in .object([("fast", .integer(m.parameters.fast)), ("slow", .integer(m.parameters.slow)),
                                              ("signal", .integer(m.parameters.signal)), ("shift", shift(m.shift))]) } ?? .null),
            ("rsi", rsi.map { s in .object([("period", .integer(s.parameters.period)), ("oversold", .number(s.parameters.oversold)),
                                            ("overbought", .number(s.parameters.overbought)), ("when_oversold", shift(s.whenOversold)),
                                            ("when_overbought", shift(s.whenOverbought))]) } ?? .null),
            ("half_spread_per_vix_point", .object(HedgeInstrument.allCases.compactMap { i in costs.halfSpreadPerVIXPoint[i].map { (i.rawValue, .number($0)) } })),
        ])
    }
}
