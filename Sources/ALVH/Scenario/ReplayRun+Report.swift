import Foundation

/// `alvh replay` outputs: the terminal table, JSON (`replay`), the long CSV and the report page (chart + tables).
///
/// With windows: per layout the distribution over windows of the P&L at the window's end (mean, sd, percentiles, VaR
/// and ES at 95 and 99 % as positive losses, the worst windows with their start dates). Windows overlap (a window
/// starts every `step` days), so they are not independent draws: no standard errors are given. Without windows: the
/// one window's figures on its last day and its daily series (portfolio, each layer, premium with carry, hedged P&L;
/// an adaptive layout's layers are its slots) in the CSV, the JSON and the chart.
public struct ReplayReport: Sendable {
    public let result: ReplayResult
    public let provenance: Provenance

    /// Per layout, its figures over the windows (computed once; the text, JSON and page read them).
    let figures: [LayoutFigures]

    public init(result: ReplayResult, provenance: Provenance) {
        self.result = result
        self.provenance = provenance
        figures = Self.figures(result)
    }

    /// The figures of one layout over the windows (currency).
    struct LayoutFigures {
        let name: String
        let notional: Double
        let sample: SampleStatistics
        let tail: TailRisk
        let hedge: SampleStatistics
        let premium: SampleStatistics
        let unhedged: TailRisk
        /// The worst windows: start date and hedged P&L, worst first (at most 5).
        let worst: [(start: TradingDate, pnl: Double)]
        /// Largest fall of the hedged P&L from its running high over the one window's series (no windows).
        let seriesDrawdown: Double?
    }

    static let confidences = [0.95, 0.99]

    static func figures(_ result: ReplayResult) -> [LayoutFigures] {
        result.outcomes.map { o in
            let order = o.hedged.indices.sorted { o.hedged[$0] < o.hedged[$1] || (o.hedged[$0] == o.hedged[$1] && $0 < $1) }
            var drawdown: Double?
            if let series = o.series {
                var peak = -Double.infinity, worst = 0.0
                for v in series {
                    peak = max(peak, v.hedged)
                    worst = max(worst, peak - v.hedged)
                }
                drawdown = worst
            }
            return LayoutFigures(name: o.layout.name, notional: o.layout.portfolio.notional, sample: SampleStatistics(o.hedged),
                                 tail: TailRisk(pnl: o.hedged, confidences: Self.confidences), hedge: SampleStatistics(o.hedge),
                                 premium: SampleStatistics(o.premiumCarried), unhedged: TailRisk(pnl: o.portfolio, confidences: Self.confidences),
                                 worst: order.prefix(5).map { (result.starts[$0], o.hedged[$0]) }, seriesDrawdown: drawdown)
        }
    }

    // MARK: text

    public var text: String {
        var lines = provenance.summaryLine.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.append("")
        lines += result.history.notes
        lines.append("factors: " + result.history.filterSummary)
        lines.append("")
        let r = result
        if r.windowed {
            lines += TextLayout.wrap("alvh replay: \(r.starts.count) windows of \(r.windowDays) trading days, one starting every \(r.step) "
                + "day(s) from \(r.starts.first!) to \(r.starts.last!); \(r.leftOut.count) left out")
        } else {
            lines += TextLayout.wrap("alvh replay: one window \(r.starts[0]) .. \(r.ends[0]) (\(r.windowDays) trading days)")
        }
        lines += leftOutLines.map { "  " + $0 }
        for o in r.outcomes {
            for (l, count) in o.unbookedWindows.enumerated() where count > 0 {
                lines.append("  \(o.layout.name): layer '\(o.layout.layers[l].name)' not bought in \(count) window(s): model price below the pricers' accuracy on the first day")
            }
        }
        lines.append("")
        let f = figures
        func pct(_ x: Double, _ notional: Double) -> String { x.isFinite ? String(format: "%.2f", 100 * x / notional) : "-" }
        if r.windowed {
            lines += TextLayout.wrap("hedged P&L at the window's end over the windows, % of notional: mean and sd, VaR and ES as positive "
                + "losses (overlapping windows, so no standard errors); payoff: the layers' value before premium; worst window: "
                + "its start date and hedged P&L")
            var table: [[String]] = [["layout", "mean", "sd", "VaR 95", "ES 95", "VaR 99", "ES 99", "payoff", "premium", "worst window"]]
            for x in f {
                let n = x.notional
                let worst = x.worst.first.map { "\($0.start) (\(pct($0.pnl, n)))" } ?? "-"
                table.append([x.name, pct(x.sample.mean, n), pct(x.sample.standardDeviation, n),
                              pct(x.tail.level(0.95)?.valueAtRisk ?? .nan, n), pct(x.tail.level(0.95)?.expectedShortfall ?? .nan, n),
                              pct(x.tail.level(0.99)?.valueAtRisk ?? .nan, n), pct(x.tail.level(0.99)?.expectedShortfall ?? .nan, n),
                              pct(x.hedge.mean, n), pct(x.premium.mean, n), worst])
            }
            lines += TextLayout.table(table)
        } else {
            lines += TextLayout.wrap("% of notional on \(r.ends[0]); premium carried at r; max drawdown of the hedged P&L over the days")
            var table: [[String]] = [["layout", "portfolio", "hedge value", "premium", "hedged", "max drawdown"]]
            for (x, o) in zip(f, r.outcomes) {
                let n = x.notional
                table.append([x.name, pct(o.portfolio[0], n), pct(o.hedge[0], n), pct(o.premiumCarried[0], n), pct(o.hedged[0], n),
                              x.seriesDrawdown.map { pct($0, n) } ?? "-"])
            }
            lines += TextLayout.table(table)
        }
        lines += TextLayout.wrap("static layouts: bought on each window's first day at Q model prices on that day's state; SPX options "
            + "settle on the SPX close, VIX options on the SOQ on a monthly expiry (else the VIX close); VIX future layers trade the "
            + "listed contract at its real settlements; live options marked by the exact pricers at each day's state; ETN layers hold "
            + "the futures index rebuilt from the settlements (ETN calls: Black on its level, the model's remaining variance). Adaptive "
            + "layouts: their daily book on the history's states, the same settlements and real futures, options marked from their "
            + "tables; regimes and relative strikes read the model's curve at the day's state. Q parameters: the market's, fixed over "
            + "the history.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Left-out windows grouped by reason, with their count and first start dates (`CalendarGap`'s form).
    var leftOutLines: [String] {
        var order: [String] = [], byReason: [String: [TradingDate]] = [:]
        for (start, reason) in result.leftOut {
            if byReason[reason] == nil { order.append(reason) }
            byReason[reason, default: []].append(start)
        }
        return order.map { CalendarGap(series: "window starts", reason: "left out: \($0)", dates: byReason[$0]!).description }
    }

    // MARK: JSON

    public var json: JSONValue {
        let r = result
        func number(_ x: Double) -> JSONValue { x.isFinite ? HedgeRunReport.moneyJSON(x) : .null }
        let seriesDates = r.seriesDates.map { JSONValue.string($0.description) }
        return .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("provenance", provenance.json),
            ("settings", .object([("window_days", .integer(r.windowDays)), ("step", .integer(r.step)), ("windowed", .bool(r.windowed)),
                                  ("factors", .integer(r.history.factorCount))])),
            ("windows", .integer(r.starts.count)),
            ("first_start", .string(r.starts.first!.description)),
            ("last_start", .string(r.starts.last!.description)),
            ("left_out", .array(r.leftOut.map { .object([("start", .string($0.start.description)), ("reason", .string($0.reason))]) })),
            ("layouts", .array(zip(figures, r.outcomes).map { x, o in
                var fields: [(String, JSONValue)] = [
                    ("layout", .string(x.name)), ("kind", .string(o.layout.adaptive == nil ? "static" : "adaptive")),
                    ("notional", HedgeRunReport.moneyJSON(x.notional)),
                    ("hedged_pnl_mean", number(x.sample.mean)), ("hedged_pnl_sd", number(x.sample.standardDeviation)),
                    ("hedge_value_mean", number(x.hedge.mean)), ("premium_carried_mean", number(x.premium.mean)),
                ]
                for c in Self.confidences {
                    let tag = String(format: "%.0f", c * 100)
                    fields.append(("var_\(tag)", number(x.tail.level(c)?.valueAtRisk ?? .nan)))
                    fields.append(("es_\(tag)", number(x.tail.level(c)?.expectedShortfall ?? .nan)))
                    fields.append(("unhedged_es_\(tag)", number(x.unhedged.level(c)?.expectedShortfall ?? .nan)))
                }
                fields.append(("unbooked_windows", .array(o.unbookedWindows.enumerated().filter { $0.element > 0 }.map {
                    .object([("layer", .string(o.layout.layers[$0.offset].name)), ("windows", .integer($0.element))])
                })))
                fields.append(("worst_windows", .array(x.worst.map { .object([("start", .string($0.start.description)), ("hedged_pnl", number($0.pnl))]) })))
                if let series = o.series {
                    fields.append(("max_drawdown", number(x.seriesDrawdown ?? .nan)))
                    fields.append(("series", .object([
                        ("dates", .array(seriesDates)),
                        ("portfolio_pnl", .array(series.map { number($0.portfolio) })),
                        ("premium_carried", .array(series.map { number($0.premiumCarried) })),
                        ("hedged_pnl", .array(series.map { number($0.hedged) })),
                        ("layers", .array(o.layout.layers.indices.map { l in
                            .object([("name", .string(o.layout.layers[l].name)), ("value", .array(series.map { number($0.layers[l]) }))])
                        })),
                    ])))
                }
                return .object(fields)
            })),
        ])
    }

    // MARK: CSV

    /// Long form. With windows: `start,end,layout,metric,value` per window and layout (portfolio_pnl, hedge_value,
    /// premium_carried, hedged_pnl). Without: `date,day,layout,series,value` per day (the same four and `layer:NAME`).
    public var csv: String {
        let r = result
        if r.windowed {
            var out = "start,end,layout,metric,value\n"
            for o in r.outcomes {
                let name = HedgeRunReport.csvField(o.layout.name)
                for w in r.starts.indices {
                    for (metric, values) in [("portfolio_pnl", o.portfolio), ("hedge_value", o.hedge), ("premium_carried", o.premiumCarried), ("hedged_pnl", o.hedged)] {
                        out += "\(r.starts[w]),\(r.ends[w]),\(name),\(metric),\(HedgeRunReport.csvNumber(values[w], cents: true))\n"
                    }
                }
            }
            return out
        }
        var out = "date,day,layout,series,value\n"
        for o in r.outcomes {
            let name = HedgeRunReport.csvField(o.layout.name)
            guard let series = o.series else { preconditionFailure("one window records every layout's days") }
            for (d, v) in series.enumerated() {
                let date = r.seriesDates[d]
                var rows = [("portfolio_pnl", v.portfolio), ("hedge_value", v.hedge), ("premium_carried", v.premiumCarried), ("hedged_pnl", v.hedged)]
                rows += o.layout.layers.indices.map { ("layer:" + o.layout.layers[$0].name, v.layers[$0]) }
                for (metric, value) in rows {
                    out += "\(date),\(d),\(name),\(HedgeRunReport.csvField(metric)),\(HedgeRunReport.csvNumber(value, cents: true))\n"
                }
            }
        }
        return out
    }

    // MARK: chart and page

    /// The P&L (% of notional) per layout: at each window's end, placed at the window's start date, with windows; by
    /// day without. Date ticks on the first trading day of each month (spans up to 2 years) or year; the unhedged
    /// layout drawn first and in grey so the hedged ones stay visible.
    public var chartSVG: String {
        let width = 900.0, height = 340.0, left = 70.0, right = 160.0, top = 40.0, bottom = 40.0
        let r = result
        let curves: [(String, [Double])] = r.outcomes.compactMap { o in
            let n = o.layout.portfolio.notional
            if r.windowed { return (o.layout.name, o.hedged.map { 100 * $0 / n }) }
            return o.series.map { s in (o.layout.name, s.map { 100 * $0.hedged / n }) }
        }.sorted { a, b in a.0 == "unhedged" && b.0 != "unhedged" }
        let labels = r.windowed ? r.starts : r.seriesDates
        let all = curves.flatMap(\.1).filter(\.isFinite)
        let lo = min(all.min() ?? -1, 0), hi = max(all.max() ?? 1, 0)
        let span = hi > lo ? hi - lo : 1
        let count = max(labels.count - 1, 1)
        func px(_ k: Int) -> Double { left + Double(k) / Double(count) * (width - left - right) }
        func py(_ y: Double) -> Double { top + (1 - (y - lo) / span) * (height - top - bottom) }
        let title = r.windowed
            ? "P&L at the window's end (% of notional), each window at its start date (\(r.windowDays) trading days later)"
            : "P&L by day (% of notional), \(r.starts[0]) .. \(r.ends[0])"
        var out = HedgeRunReport.svgOpen(width: Int(width), height: Int(height), title: HedgeRunReport.escape(title))
        for t in HedgeRunReport.ticks(lo, hi, count: 10) where t >= lo && t <= hi {
            out += "<line x1=\"\(left)\" y1=\"\(py(t))\" x2=\"\(width - right)\" y2=\"\(py(t))\" stroke=\"\(t == 0 ? "#999" : "#e4e4e4")\"/>\n"
            out += "<text x=\"\(left - 5)\" y=\"\(py(t) + 4)\" font-size=\"10\" text-anchor=\"end\">\(String(format: "%.0f %%", t))</text>\n"
        }
        out += "<text x=\"15\" y=\"\((top + height - bottom) / 2)\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 15 \((top + height - bottom) / 2))\">% of notional</text>\n"
        // Date ticks: the first label of each month (short spans) or of each year, thinned to at most 12.
        let monthly = labels.count <= 2 * 252
        var marks: [Int] = []
        for k in labels.indices where k == 0 || (monthly ? labels[k].month != labels[k - 1].month : labels[k].year != labels[k - 1].year) {
            marks.append(k)
        }
        let every = max(1, (marks.count + 11) / 12)
        for (n, k) in marks.enumerated() where n % every == 0 {
            let d = labels[k], text = monthly ? String(format: "%04d-%02d", d.year, d.month) : "\(d.year)"
            out += "<line x1=\"\(px(k))\" y1=\"\(height - bottom)\" x2=\"\(px(k))\" y2=\"\(height - bottom + 4)\" stroke=\"#999\"/>\n"
            out += "<text x=\"\(px(k))\" y=\"\(height - bottom + 16)\" font-size=\"10\" text-anchor=\"middle\">\(text)</text>\n"
        }
        let names = curves.map(\.0)
        for (k, (name, values)) in curves.enumerated() {
            let colour = name == "unhedged" ? "#999999" : HedgeRunReport.colour(of: name, in: names)
            let points = values.enumerated().filter { $0.element.isFinite }
                .map { String(format: "%.1f,%.1f", px($0.offset), py($0.element)) }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(r.windowed ? 0.8 : 1.3)\" points=\"\(points)\"><title>\(HedgeRunReport.escape(name))</title></polyline>\n"
            out += "<text x=\"\(width - right + 8)\" y=\"\(top + 14 * Double(k + 1))\" font-size=\"11\" fill=\"\(colour)\">\(HedgeRunReport.escape(name))</text>\n"
        }
        return out + "</svg>\n"
    }

    public var html: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"/><title>alvh replay</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:1200px} code{font-size:12px} pre{white-space:pre-wrap}</style>
        </head><body>
        <h1>alvh: hedge layouts through the real history</h1>
        <div id="chart">\(chartSVG)</div>
        <h2>Tables and run details</h2>
        <pre>\(HedgeRunReport.escape(text))</pre>
        </body></html>

        """
    }

    public static let reportFileNames = ["replay.json", "replay.csv", "replay.svg", "report.html"]

    public func reportFiles() -> [(name: String, content: () -> String)] {
        [("replay.json", { self.json.serialized() }), ("replay.csv", { self.csv }), ("replay.svg", { self.chartSVG }), ("report.html", { self.html })]
    }
}
