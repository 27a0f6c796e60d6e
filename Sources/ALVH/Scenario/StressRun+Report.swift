import Foundation

/// `alvh stress` outputs: the terminal table (scenario x layout), JSON (`stress` in docs/schema/alvh-output.schema.json),
/// the long CSV (`scenario, layout, metric, value, stderr`) and the report page.
public struct StressReport: Sendable {
    public let run: StressRun
    public let provenance: Provenance

    public init(run: StressRun, provenance: Provenance) {
        self.run = run
        self.provenance = provenance
    }

    /// The metrics of one layout under one scenario, in the CSV's and JSON's order: name, value, standard error
    /// (currency; nil where there is none).
    static func metrics(_ l: StressRun.LayoutResult) -> [(name: String, value: Double, stderr: Double?)] {
        let tail = l.hedged.tail.level(0.99)
        var out: [(String, Double, Double?)] = [
            ("premium", l.premium, nil),
            ("hedged_pnl_mean", l.hedged.sample.mean, l.hedged.sample.standardError),
            ("var_99", tail?.valueAtRisk ?? .nan, tail?.valueAtRiskStandardError),
            ("es_99", tail?.expectedShortfall ?? .nan, tail?.expectedShortfallStandardError),
            ("hedge_payoff_mean", l.hedgePayoff.mean, l.hedgePayoff.standardError),
            ("hedge_pnl_mean", l.hedgePnLMean, l.hedgePnLStandardError),
            ("worst_path", l.worstPath, nil),
        ]
        if let d = l.maxDrawdown { out.append(("max_drawdown_mean", d.mean, d.standardError)) }
        return out
    }

    // MARK: text

    public var text: String {
        let s = run.settings
        var lines = provenance.summaryLine.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.append("")
        lines += TextLayout.wrap("alvh stress: \(run.results.count) scenarios x \(run.results.first?.layouts.count ?? 0) layouts, "
            + "\(s.paths) paths each, \(s.measure.rawValue), scheme \(s.scheme), seed \(s.seed); every layout on the same paths "
            + "within a scenario; the books bought at the scenario's t0 and held to its horizon")
        lines.append("")
        var central: [[String]] = [["scenario", "days", "start VIX", "SPX dd central", "recorded", "VIX peak central", "recorded",
                                    "mean VIX max (MC)"]]
        for r in run.results {
            let c = r.central, rec = r.scenario.recorded
            central.append([r.scenario.name, "\(r.scenario.horizonDays)", String(format: "%.2f", Self.startVIX(r)),
                            String(format: "%.1f %%", c.recordedWindowDrawdownPercent),
                            rec?.spxDrawdownPercent.map { String(format: "%.1f %%", $0) } ?? "-",
                            String(format: "%.2f", c.vixPeak), rec?.vixPeak.map { String(format: "%.2f", $0) } ?? "-",
                            String(format: "%.1f (%.1f)", r.vixMax.mean, r.vixMax.standardError)])
        }
        lines += TextLayout.table(central)
        lines += TextLayout.wrap("central path: every random draw zero, the scenario's shocks and windows; SPX drawdown from the "
            + "prior high, through the recorded figure's day")
        lines.append("")
        lines += TextLayout.wrap("% of notional, positive = loss for VaR/ES; (standard errors)")
        var table: [[String]] = [["scenario / layout", "hedged mean", "VaR 99", "ES 99", "hedge payoff", "worst path", "max dd"]]
        func pct(_ x: Double, _ notional: Double) -> String { x.isFinite ? String(format: "%.2f", 100 * x / notional) : "-" }
        func pctSE(_ x: Double, _ se: Double?, _ notional: Double) -> String {
            pct(x, notional) + (se.map { $0.isFinite ? String(format: " (%.2f)", 100 * $0 / notional) : " (-)" } ?? "")
        }
        for r in run.results {
            for l in r.layouts {
                let m = Dictionary(Self.metrics(l).map { ($0.name, ($0.value, $0.stderr)) }, uniquingKeysWith: { a, _ in a })
                func cell(_ key: String) -> String { m[key].map { pctSE($0.0, $0.1, l.notional) } ?? "-" }
                table.append(["\(r.scenario.name) / \(l.name)", cell("hedged_pnl_mean"), cell("var_99"), cell("es_99"),
                              cell("hedge_payoff_mean"), m["worst_path"].map { pct($0.0, l.notional) } ?? "-",
                              m["max_drawdown_mean"].map { pctSE($0.0, $0.1, l.notional) } ?? "-"])
            }
        }
        lines += TextLayout.table(table)
        lines += TextLayout.wrap("hedge payoff: mean value of the layers at the horizon before premium; worst path: the lowest "
            + "hedged P&L; max dd: mean largest fall of the hedged book (adaptive layouts only: static books are marked at the "
            + "horizon only)")
        lines.append(String(format: "elapsed: %.2f s for %d scenarios (books, tables and paths)", run.elapsedSeconds, run.results.count))
        return lines.joined(separator: "\n") + "\n"
    }

    static func startVIX(_ r: StressRun.ScenarioResult) -> Double { r.central.vix.first ?? .nan }

    // MARK: JSON

    public var json: JSONValue {
        let s = run.settings
        func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        func optional(_ x: Double?) -> JSONValue { x.map(number) ?? .null }
        return .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("provenance", provenance.json),
            ("settings", .object([("paths", .integer(s.paths)), ("seed", .unsignedInteger(s.seed)), ("scheme", .string("\(s.scheme)")),
                                  ("measure", .string(s.measure.rawValue))])),
            ("elapsed_seconds", .number(run.elapsedSeconds)),
            ("scenarios", .array(run.results.map { r in
                let c = r.central, rec = r.scenario.recorded
                return .object([
                    ("name", .string(r.scenario.name)),
                    ("source", .string(r.scenario.source)),
                    ("description", .string(r.scenario.description)),
                    ("horizon_days", .integer(r.scenario.horizonDays)),
                    ("start_vix", number(Self.startVIX(r))),
                    ("spx_below_high_pct", .number(r.scenario.priorDrawdownPercent)),
                    ("shocks", .integer(r.scenario.shocks.count)),
                    ("override_windows", .integer(r.scenario.overrides.count)),
                    ("central_path", .object([
                        ("spx_max_drawdown_pct", number(c.maxDrawdownPercent)),
                        ("spx_drawdown_to_recorded_day_pct", number(c.recordedWindowDrawdownPercent)),
                        ("vix_peak", number(c.vixPeak)),
                        ("vix_peak_day", .integer(c.vixPeakDay)),
                    ])),
                    ("recorded", .object([
                        ("spx_drawdown_pct", optional(rec?.spxDrawdownPercent)),
                        ("drawdown_day", rec?.drawdownDay.map { .integer($0) } ?? .null),
                        ("vix_peak", optional(rec?.vixPeak)),
                    ])),
                    ("monte_carlo", .object([
                        ("spx_return_mean_pct", number(r.spxReturnMeanPercent.mean)),
                        ("spx_return_mean_pct_stderr", number(r.spxReturnMeanPercent.standardError)),
                        ("vix_max_mean", number(r.vixMax.mean)),
                        ("vix_max_mean_stderr", number(r.vixMax.standardError)),
                    ])),
                    ("layouts", .array(r.layouts.map { l in
                        .object([("layout", .string(l.name)), ("notional", HedgeRunReport.moneyJSON(l.notional))]
                            + Self.metrics(l).flatMap { m -> [(String, JSONValue)] in
                                [(m.name, m.value.isFinite ? HedgeRunReport.moneyJSON(m.value) : .null)]
                                    + (m.stderr.map { [(m.name + "_stderr", $0.isFinite ? HedgeRunReport.moneyJSON($0) : .null)] } ?? [])
                            })
                    })),
                ])
            })),
        ])
    }

    // MARK: CSV

    /// Long form: one row per (scenario, layout, metric); money in currency with cents, `stderr` empty where none.
    public var csv: String {
        var out = "scenario,layout,metric,value,stderr\n"
        for r in run.results {
            for l in r.layouts {
                for m in Self.metrics(l) {
                    out += [HedgeRunReport.csvField(r.scenario.name), HedgeRunReport.csvField(l.name), m.name,
                            HedgeRunReport.csvNumber(m.value, cents: true), m.stderr.map { HedgeRunReport.csvNumber($0, cents: true) } ?? ""]
                        .joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    // MARK: report page

    /// The central paths of every scenario, SPX (relative to t0) and VIX, one panel each, as an SVG.
    public var centralPathsSVG: String {
        let width = 900.0, height = 300.0, left = 50.0, right = 20.0, top = 25.0, bottom = 30.0
        let panel = (width - left - right) / 2 - 20
        let maxDays = Double(run.results.map(\.scenario.horizonDays).max() ?? 1)
        let vixHigh = max(run.results.flatMap(\.central.vix).max() ?? 50, 10) * 1.05
        let spxLow = min(run.results.flatMap(\.central.spx).min() ?? 0.5, 0.95) * 0.95, spxHigh = max(run.results.flatMap(\.central.spx).max() ?? 1, 1.0) * 1.02
        var out = HedgeRunReport.svgOpen(width: Int(width), height: Int(height), title: "Central paths: SPX (t0 = 100) and VIX by trading day")
        let names = run.results.map(\.scenario.name)
        for (p, (label, lo, hi)) in [("SPX, t0 = 100", spxLow * 100, spxHigh * 100), ("VIX", 0.0, vixHigh)].enumerated() {
            let ox = left + Double(p) * (panel + 40)
            func px(_ d: Double) -> Double { ox + d / maxDays * panel }
            func py(_ y: Double) -> Double { top + (1 - (y - lo) / (hi - lo)) * (height - top - bottom) }
            out += "<text x=\"\(ox)\" y=\"15\" font-size=\"12\">\(label)</text>\n"
            out += "<line x1=\"\(ox)\" y1=\"\(py(lo))\" x2=\"\(ox + panel)\" y2=\"\(py(lo))\" stroke=\"#999\"/>\n"
            for t in HedgeRunReport.ticks(lo, hi, count: 5) where t >= lo && t <= hi {
                out += "<text x=\"\(ox - 5)\" y=\"\(py(t) + 4)\" font-size=\"10\" text-anchor=\"end\">\(String(format: "%.0f", t))</text>\n"
            }
            for (k, r) in run.results.enumerated() {
                let values = p == 0 ? r.central.spx.map { $0 * 100 } : r.central.vix
                let points = values.enumerated().map { String(format: "%.1f,%.1f", px(Double($0.offset)), py($0.element)) }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(HedgeRunReport.colour(of: r.scenario.name, in: names))\" stroke-width=\"1.5\" points=\"\(points)\"><title>\(HedgeRunReport.escape(r.scenario.name))</title></polyline>\n"
                if p == 1 {
                    out += "<text x=\"\(width - right - 5)\" y=\"\(top + 12 * Double(k + 1))\" font-size=\"10\" text-anchor=\"end\" fill=\"\(HedgeRunReport.colour(of: r.scenario.name, in: names))\">\(HedgeRunReport.escape(r.scenario.name))</text>\n"
                }
            }
        }
        return out + "</svg>\n"
    }

    /// A self-contained XHTML page: the tables, the central paths, the definitions and the provenance.
    public var html: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"/><title>alvh stress</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:1200px} code{font-size:12px}</style>
        </head><body>
        <h1>alvh: hedge layouts under stress scenarios</h1>
        <h2>Central paths</h2>
        <div id="central-paths">\(centralPathsSVG)</div>
        <h2>Scenario x layout</h2>
        <pre>\(HedgeRunReport.escape(text))</pre>
        <h2>Definitions</h2>
        <dl id="definitions">
        <dt>scenario</dt><dd>shocks on given trading days (SPX jump in %, VIX to a level or by points, turned into factor variances by the market's Q VIX formula, the fast factor taking the move) and real-world parameter windows, applied on every path on top of its own random draws.</dd>
        <dt>central path</dt><dd>the path with every random draw zero: the drifts of the model, the shocks and the windows.</dd>
        <dt>hedged mean, VaR 99, ES 99</dt><dd>of the hedged book's P&amp;L at the scenario's horizon, % of notional; VaR and ES positive losses, with Monte Carlo standard errors.</dd>
        <dt>hedge payoff</dt><dd>the mean value of the layers at the horizon (settlements carried), before premium.</dd>
        </dl>
        </body></html>

        """
    }

    public static let reportFileNames = ["stress.json", "stress.csv", "central_paths.svg", "report.html"]

    /// The files of `--report DIR`.
    public func reportFiles() -> [(name: String, content: () -> String)] {
        [("stress.json", { self.json.serialized() }), ("stress.csv", { self.csv }), ("central_paths.svg", { self.centralPathsSVG }),
         ("report.html", { self.html })]
    }
}
