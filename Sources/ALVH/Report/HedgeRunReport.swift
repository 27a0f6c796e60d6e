import Foundation

/// The report of `alvh simulate` / `alvh compare`: every layout on the same paths.
public struct HedgeRunReport: Sendable {
    public let settings: PathSimulationSettings
    public let summaries: [LayoutSummary]
    public let elapsedSeconds: Double
    /// The engine's consistency check on the run's paths (nil without layouts).
    public let martingale: MartingaleCheck?
    /// What every output says when something is off.
    public var warnings: [String] { martingale?.warning.map { [$0] } ?? [] }
    /// What produced the run (the CLI sets it; JSON and text include it when present).
    public var provenance: Provenance?

    public init(settings: PathSimulationSettings, outcomes: [LayoutOutcome], elapsedSeconds: Double) {
        self.settings = settings
        martingale = outcomes.first.map { o in
            MartingaleCheck(priceRatios: SampleStatistics(o.spxReturn.map { $0 + 1 }, percentileLevels: []), expected: o.expectedPriceGrowth)
        }
        var shared: [Double: PnLStatistics] = [:]   // keyed by notional x beta: same paths, same unhedged book
        summaries = outcomes.map { outcome in
            let key = outcome.book.layout.portfolio.notional * outcome.book.layout.portfolio.beta
            let summary = LayoutSummary(outcome, unhedged: shared[key])
            shared[key] = summary.unhedged
            return summary
        }
        self.elapsedSeconds = elapsedSeconds
    }

    static func key(_ percent: Double) -> String { PathSummary.levelKey(percent) }

    /// Money in JSON: rounded to cents (no float noise in currency); non-finite values become `null`.
    static func moneyJSON(_ x: Double) -> JSONValue { .number(x.isFinite && abs(x) < 1e15 ? (x * 100).rounded() / 100 : x) }

    /// A P&L distribution: mean and its standard error, tail levels as an array of
    /// `{level, var, var_stderr, es, es_stderr}` (percent; VaR and ES positive losses), percentiles of the P&L.
    static func statistics(_ p: PnLStatistics) -> JSONValue {
        .object([
            ("mean", moneyJSON(p.sample.mean)),
            ("stderr", moneyJSON(p.sample.standardError)),
            ("tail", .array(p.tail.levels.map { l in
                .object([("level", .number(l.confidence * 100)), ("var", moneyJSON(l.valueAtRisk)), ("var_stderr", moneyJSON(l.valueAtRiskStandardError)),
                         ("es", moneyJSON(l.expectedShortfall)), ("es_stderr", moneyJSON(l.expectedShortfallStandardError))])
            })),
            ("percentiles", .array(p.sample.percentiles.map { .object([("level", .number($0.level)), ("value", moneyJSON($0.value))]) })),
            ("non_finite_paths", .integer(p.sample.nonFiniteCount)),
        ])
    }

    /// JSON (DESIGN section 7, issue 4): top level `paths`, `horizon_days`, `seed`, `measure`, `layouts`.
    public var json: JSONValue {
        .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("provenance", provenance?.json ?? .null),
            ("paths", .integer(settings.paths)),
            ("horizon_days", .integer(settings.days)),
            ("seed", .unsignedInteger(settings.seed)),
            ("measure", .string(settings.measure.rawValue)),
            ("scheme", .string(settings.scheme.description)),
            ("threads", .integer(settings.threads)),
            ("elapsed_seconds", .number(elapsedSeconds)),
            ("peak_memory_bytes", ProcessMemory.peakResidentBytes.map { .integer($0) } ?? .null),
            ("warnings", .array(warnings.map { .string($0) })),
            ("layouts", .array(summaries.map { s in
                .object([
                    ("name", .string(s.name)),
                    ("notional", HedgeRunReport.moneyJSON(s.notional)),
                    ("premium", HedgeRunReport.moneyJSON(s.premium)),
                    ("hedged", HedgeRunReport.statistics(s.hedged)),
                    ("unhedged", HedgeRunReport.statistics(s.unhedged)),
                    ("hedge_mean", HedgeRunReport.moneyJSON(s.hedgeMean)),
                    ("hedge_mean_stderr", HedgeRunReport.moneyJSON(s.hedgeMeanStandardError)),
                    ("payback_probability", s.premium > 0 ? .number(s.paybackProbability) : .null),
                    ("hedge_given_spx_down_10", s.hedgeGivenSPXDown10.map { HedgeRunReport.moneyJSON($0) } ?? .null),
                    ("hedge_given_spx_down_20", s.hedgeGivenSPXDown20.map { HedgeRunReport.moneyJSON($0) } ?? .null),
                    ("paths_spx_down_10", .integer(s.pathsSPXDown10)),
                    ("paths_spx_down_20", .integer(s.pathsSPXDown20)),
                    ("es_reduction_per_premium_99", s.esReductionPerPremium99.map { .number($0) } ?? .null),
                    ("layers", .array(s.layers.map { l in
                        .object([
                            ("name", .string(l.name)),
                            ("instrument", .string(l.instrument)),
                            ("lower_strike", l.lowerStrike.map { .number($0) } ?? .null),
                            ("upper_strike", l.upperStrike.map { .number($0) } ?? .null),
                            ("quantity_units", .number(l.quantity)),
                            ("premium", HedgeRunReport.moneyJSON(l.premium)),
                            ("pnl_mean", HedgeRunReport.moneyJSON(l.pnlMean)),
                            ("pnl_stderr", HedgeRunReport.moneyJSON(l.pnlStandardError)),
                            ("es_contribution_99", HedgeRunReport.moneyJSON(l.esContribution99)),
                        ])
                    })),
                ])
            })),
        ])
    }

    static func money(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        // "%.0f" prints every finite double exactly rounded, with no integer conversion (money can exceed 2^63).
        let text = String(format: "%.0f", abs(x))
        let negative = x < 0 && text != "0"
        var out = ""
        for (i, c) in text.reversed().enumerated() { if i > 0 && i % 3 == 0 { out.append(",") }; out.append(c) }
        return (negative ? "-" : "") + String(out.reversed())
    }

    /// Layouts as columns; money in currency with % of notional.
    public var text: String {
        let s = settings
        var lines = ["alvh: \(s.paths) paths, \(s.days)-day horizon, \(s.measure.rawValue), scheme \(s.scheme), seed \(s.seed); every layout on the same paths", ""]
        var rows: [[String]] = [["", ] + summaries.map(\.name)]
        func pct(_ x: Double, _ notional: Double) -> String { String(format: "%.2f %%", 100 * x / notional) }
        rows.append(["premium"] + summaries.map { "\(HedgeRunReport.money($0.premium)) (\(pct($0.premium, $0.notional)))" })
        rows.append(["mean hedged P&L"] + summaries.map { "\(HedgeRunReport.money($0.hedged.sample.mean)) +/- \(HedgeRunReport.money($0.hedged.sample.standardError))" })
        for confidence in TailRisk.defaultConfidences {
            let label = HedgeRunReport.key(confidence * 100)
            rows.append(["VaR \(label) % hedged"] + summaries.map { x in
                guard let l = x.hedged.tail.level(confidence) else { return "-" }
                return "\(HedgeRunReport.money(l.valueAtRisk)) +/- \(HedgeRunReport.money(l.valueAtRiskStandardError)) (\(pct(l.valueAtRisk, x.notional)))"
            })
            rows.append(["ES \(label) % hedged"] + summaries.map { x in
                guard let l = x.hedged.tail.level(confidence) else { return "-" }
                return "\(HedgeRunReport.money(l.expectedShortfall)) +/- \(HedgeRunReport.money(l.expectedShortfallStandardError)) (\(pct(l.expectedShortfall, x.notional)))"
            })
        }
        rows.append(["ES 99 % unhedged"] + summaries.map { x in x.unhedged.tail.level(0.99).map { HedgeRunReport.money($0.expectedShortfall) } ?? "-" })
        rows.append(["P(hedge pays back)"] + summaries.map { $0.premium > 0 ? String(format: "%.1f %%", 100 * $0.paybackProbability) : "-" })
        rows.append(["hedge value | SPX < -10 %"] + summaries.map { $0.hedgeGivenSPXDown10.map(HedgeRunReport.money) ?? "no path" })
        rows.append(["hedge value | SPX < -20 %"] + summaries.map { $0.hedgeGivenSPXDown20.map(HedgeRunReport.money) ?? "no path" })
        rows.append(["ES99 reduction / premium"] + summaries.map { $0.esReductionPerPremium99.map { String(format: "%.2f", $0) } ?? "-" })
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
        for r in rows {
            lines.append(r.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "   "))
        }
        for summary in summaries where !summary.layers.isEmpty {
            lines.append("")
            lines.append("\(summary.name): layers (P&L at the horizon, premium with carry deducted; ES99 contribution = mean layer P&L on the hedged book's worst 1 % of paths)")
            for l in summary.layers {
                var strike = l.lowerStrike.map { String(format: "K %.1f", $0) } ?? ""
                if let u = l.upperStrike { strike += String(format: "/%.1f", u) }
                lines.append("  " + [l.name.padding(toLength: 14, withPad: " ", startingAt: 0),
                                     l.instrument.padding(toLength: 16, withPad: " ", startingAt: 0),
                                     strike.padding(toLength: 14, withPad: " ", startingAt: 0),
                                     "premium " + HedgeRunReport.money(l.premium),
                                     "P&L " + HedgeRunReport.money(l.pnlMean) + " +/- " + HedgeRunReport.money(l.pnlStandardError),
                                     "ES99 contribution " + HedgeRunReport.money(l.esContribution99)].joined(separator: "  "))
            }
        }
        lines.append("")
        lines.append(String(format: "elapsed %.2f s", elapsedSeconds))
        for w in warnings { lines.append("warning: " + w) }
        if let provenance { lines.append(provenance.summaryLine) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Per-path outcomes: `path, spx_return`, then per layout `portfolio_pnl, hedge_value, hedged_pnl` and one column
    /// per layer value.
    /// A CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func csv(outcomes: [LayoutOutcome]) -> String {
        var out = ""
        writeCSV(outcomes: outcomes) { out += $0 }
        return out
    }

    /// The per-path outcomes, one row per path, streamed to `sink` (never built as one string): `path, spx_return`,
    /// then per layout its portfolio P&L, hedge value, hedged P&L and each layer's value (currency).
    public static func writeCSV(outcomes: [LayoutOutcome], to sink: TextSink) {
        writeCSV(outcomes: outcomes) { sink.write($0) }
    }

    static func writeCSV(outcomes: [LayoutOutcome], _ emit: (String) -> Void) {
        guard let first = outcomes.first else { return }
        var header = ["path", "spx_return"]
        for o in outcomes {
            let n = o.book.layout.name
            header += ["\(n).portfolio_pnl", "\(n).hedge_value", "\(n).hedged_pnl"] + o.book.layers.map { "\(n).\($0.layer.name)" }
        }
        emit(header.map(HedgeRunReport.csvField).joined(separator: ",") + "\n")
        var row = ""
        for i in 0..<first.spxReturn.count {
            row.removeAll(keepingCapacity: true)
            row += "\(i),\(first.spxReturn[i])"
            for o in outcomes {
                row += ",\(o.portfolioPnL[i]),\(o.hedgeValue[i]),\(o.hedgedPnL[i])"
                for column in o.layerValues { row += ",\(column[i])" }
            }
            row += "\n"
            emit(row)
        }
    }
}
