import Foundation

/// The report of `alvh simulate` / `alvh compare`: every layout on the same paths.
public struct HedgeRunReport: Sendable {
    public let settings: PathSimulationSettings
    public let summaries: [LayoutSummary]
    public let elapsedSeconds: Double
    /// The engine's consistency check on the run's paths (nil without layouts).
    public let martingale: MartingaleCheck?
    /// The market's warnings that apply to this run (Feller for the measure and scheme in use); the CLI sets them.
    public var marketWarnings: [String] = []
    /// What every output (text, JSON, summary.json, report, provenance) says when something is off: the market's
    /// warnings, a failed martingale check, tail levels resting on fewer than 100 paths.
    public var warnings: [String] { marketWarnings + (martingale?.warning.map { [$0] } ?? []) + smallSampleWarnings }
    /// What produced the run (the CLI sets it; JSON and text include it when present).
    public var provenance: Provenance?
    /// The wall time of the command up to the summary (loading, tables, paths, statistics), as the user waits for
    /// it; the CLI sets it. `elapsedSeconds` is the paths and books alone.
    public var wallSeconds: Double?

    public init(settings: PathSimulationSettings, outcomes: [LayoutOutcome], elapsedSeconds: Double) {
        self.settings = settings
        // The heavy statistics in one parallel pass: the unhedged book's once per notional x beta (same paths, same
        // book), every layout's hedged P&L, the martingale check's price ratios; then each layout's summary on its own
        // worker. Every job depends only on its inputs, so the result does not depend on the threads; one pass (not
        // unhedged first, then the layouts) keeps every worker busy while the slowest job runs.
        let keys = outcomes.map { $0.book.layout.portfolio.notional * $0.book.layout.portfolio.beta }
        let firsts = keys.indices.filter { keys.firstIndex(of: keys[$0]) == $0 }
        enum Job { case unhedged(Int), hedged(Int), priceRatios }
        let jobs = firsts.map(Job.unhedged) + outcomes.indices.map(Job.hedged) + (outcomes.isEmpty ? [] : [.priceRatios])
        enum JobStatistics { case pnl(PnLStatistics), sample(SampleStatistics) }
        let results = parallelMap(count: jobs.count, threads: settings.threads) { j -> JobStatistics in
            switch jobs[j] {
            case .unhedged(let o): .pnl(PnLStatistics(outcomes[o].portfolioPnL))
            case .hedged(let o): .pnl(PnLStatistics(outcomes[o].hedgedPnL))
            case .priceRatios: .sample(SampleStatistics(outcomes[0].spxReturn.map { $0 + 1 }, percentileLevels: []))
            }
        }
        let pnl = jobs.indices.map { j -> PnLStatistics? in
            if case .pnl(let p) = results[j] { p } else { nil }
        }
        let shared = Dictionary(uniqueKeysWithValues: firsts.indices.compactMap { i in pnl[i].map { (keys[firsts[i]], $0) } })
        summaries = parallelMap(count: outcomes.count, threads: settings.threads) { o in
            guard let hedged = pnl[firsts.count + o], let unhedged = shared[keys[o]] else {
                preconditionFailure("every layout has its hedged job and its notional x beta's unhedged one")
            }
            return LayoutSummary(outcomes[o], hedged: hedged, unhedged: unhedged)
        }
        if case .sample(let ratios)? = results.last, let first = outcomes.first {
            martingale = MartingaleCheck(priceRatios: ratios, expected: first.expectedPriceGrowth)
        } else {
            martingale = nil
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
                    ("adaptive", s.adaptive?.json ?? .null),
                    ("layers", .array(s.layers.map { l in
                        .object([
                            ("name", .string(l.name)),
                            ("instrument", .string(l.instrument)),
                            ("lower_strike", l.lowerStrike.map { .number($0) } ?? .null),
                            ("upper_strike", l.upperStrike.map { .number($0) } ?? .null),
                            ("quantity_units", .number(l.quantity)),
                            ("contracts", .number(l.contracts)),
                            ("premium", HedgeRunReport.moneyJSON(l.premium)),
                            ("pnl_mean", HedgeRunReport.moneyJSON(l.pnlMean)),
                            ("pnl_stderr", HedgeRunReport.moneyJSON(l.pnlStandardError)),
                            ("es_contribution_99", HedgeRunReport.moneyJSON(l.esContribution99)),
                            ("es_contribution_99_stderr", HedgeRunReport.moneyJSON(l.esContribution99StandardError)),
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

    /// The terminal summary: layouts as rows, so it reads at 100 columns for any number of layouts; nothing truncated.
    /// Table 1: tail risk in % of notional (positive = loss) with one standard error; table 2: what the hedge costs and
    /// pays, in currency; then each hedged layout's layers with group subtotals and the portfolio line, which add up to
    /// the mean hedged P&L on the book's worst 1 % of paths.
    public var text: String {
        let s = settings
        var lines = TextLayout.wrap("alvh: \(s.paths) paths, \(s.days)-day horizon, \(s.measure.rawValue), scheme \(s.scheme), seed \(s.seed); every layout on the same paths")
        let books = Dictionary(summaries.map { ($0.notional, 0) }, uniquingKeysWith: { a, _ in a }).keys.sorted()
        lines += TextLayout.wrap("money in currency units (no currency named); notional "
                                 + books.map(HedgeRunReport.money).joined(separator: ", ") + "; % of notional; (standard errors)")
        lines.append("")
        func table(_ rows: [[String]]) { lines += TextLayout.table(rows) }
        // 1. Tail risk of each book; the unhedged portfolio first (the same paths for every layout).
        let levels: [(String, Double, Bool)] = [("VaR 95", 0.95, false), ("ES 95", 0.95, true), ("VaR 99", 0.99, false),
                                                ("ES 99", 0.99, true), ("ES 99.9", 0.999, true)]
        func cell(_ stats: PnLStatistics, _ notional: Double, _ confidence: Double, _ es: Bool) -> String {
            guard let l = stats.tail.level(confidence) else { return "-" }
            let value = es ? l.expectedShortfall : l.valueAtRisk, se = es ? l.expectedShortfallStandardError : l.valueAtRiskStandardError
            guard value.isFinite else { return "-" }
            return String(format: "%.2f ", 100 * value / notional) + (se.isFinite ? String(format: "(%.2f)", 100 * se / notional) : "(-)")
        }
        var risk: [[String]] = [["loss, % of notional"] + levels.map(\.0)]
        var seen = Set<Double>()
        for x in summaries where !seen.contains(x.notional * 1) {
            seen.insert(x.notional)
            risk.append(["portfolio alone" + (books.count > 1 ? " (\(HedgeRunReport.money(x.notional)))" : "")]
                        + levels.map { cell(x.unhedged, x.notional, $0.1, $0.2) })
        }
        for x in summaries where !x.layers.isEmpty {
            risk.append([x.name + " (hedged)"] + levels.map { cell(x.hedged, x.notional, $0.1, $0.2) })
        }
        table(risk)
        lines.append("")
        // 2. Cost and payoff of each hedge.
        var cost: [[String]] = [["hedge", "premium", "mean hedge P&L", "P(payback)", "at SPX -10%", "at SPX -20%", "ES99 cut/prem"]]
        for x in summaries where !x.layers.isEmpty {
            cost.append([x.name,
                         HedgeRunReport.money(x.premium),
                         HedgeRunReport.money(x.hedgeMean) + " (" + HedgeRunReport.money(x.hedgeMeanStandardError) + ")",
                         String(format: "%.1f %%", 100 * x.paybackProbability),
                         x.hedgeGivenSPXDown10.map(HedgeRunReport.money) ?? "no path",
                         x.hedgeGivenSPXDown20.map(HedgeRunReport.money) ?? "no path",
                         x.esReductionPerPremium99.map { String(format: "%.2f", $0) } ?? "-"])
        }
        if cost.count > 1 {
            table(cost)
            lines.append("mean hedge P&L: value at the horizon less premium with carry (the expected cost when negative);")
            lines.append("at SPX -10%/-20%: mean hedge value on paths where SPX fell that much;")
            lines.append("ES99 cut/prem: ES 99 of the portfolio alone less ES 99 hedged, per unit of premium")
        }
        // 3. Layers, group subtotals and the portfolio line on the book's worst 1 % of paths.
        for x in summaries where !x.layers.isEmpty {
            lines.append("")
            lines += TextLayout.wrap("\(x.name): layers (ES99 contrib.: mean P&L on the hedged book's worst 1 %, \(x.tailPaths99) paths)")
            var rows: [[String]] = [["layer", "group", "instrument", "strike", "premium", "mean P&L", "ES99 contrib."]]
            for line in x.layerTableLines {
                var pnl = line.pnlMean.map(HedgeRunReport.money) ?? ""
                if let se = line.pnlStandardError { pnl += " (" + HedgeRunReport.money(se) + ")" }
                rows.append([line.kind == .subtotal ? "  " + line.name : line.name, line.kind == .layer ? line.group!.rawValue : "",
                             line.instrument, line.strike, line.premium.map(HedgeRunReport.money) ?? "", pnl,
                             HedgeRunReport.money(line.esContribution99)])
            }
            table(rows)
        }
        // 4. What the adaptive books did through time.
        for x in summaries {
            guard let a = x.adaptive else { continue }
            lines.append("")
            lines += a.textLines(name: x.name).flatMap { TextLayout.wrapLine($0) }
        }
        lines.append("")
        lines.append(wallSeconds.map { String(format: "elapsed: paths and books %.2f s of %.2f s wall time (market, tables, paths, statistics)", elapsedSeconds, $0) }
                     ?? String(format: "elapsed: paths and books %.2f s", elapsedSeconds))
        for w in warnings { lines += TextLayout.wrap(w, prefix: "warning: ") }
        if let provenance { lines.append(provenance.summaryLine) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A tail level estimated from fewer than 100 paths is noisy whatever its standard error says.
    var smallSampleWarnings: [String] {
        let n = summaries.first?.hedged.tail.count ?? 0
        let thin = TailRisk.defaultConfidences.filter { Double(n) * (1 - $0) < 100 }
        guard !thin.isEmpty else { return [] }
        return ["\(thin.map { HedgeRunReport.key($0 * 100) + " %" }.joined(separator: ", ")) tail figures rest on fewer than 100 of the \(n) paths; use more --paths."]
    }

    /// `risk.csv`: one row per (book, measure, level): `layout, book, measure, level, value, stderr, pct_of_notional`
    /// (book `hedged` or `portfolio`, measure `var` or `es`; values positive losses in currency).
    public var riskCSV: String {
        var out = "layout,book,measure,level,value,stderr,pct_of_notional\n"
        for s in summaries {
            for (book, stats) in [("hedged", s.hedged), ("portfolio", s.unhedged)] {
                for l in stats.tail.levels {
                    for (measure, value, se) in [("var", l.valueAtRisk, l.valueAtRiskStandardError), ("es", l.expectedShortfall, l.expectedShortfallStandardError)] {
                        out += [HedgeRunReport.csvField(s.name), book, measure, HedgeRunReport.key(l.confidence * 100),
                                HedgeRunReport.csvNumber(value, cents: true), HedgeRunReport.csvNumber(se, cents: true),
                                HedgeRunReport.csvNumber(100 * value / s.notional, cents: false)].joined(separator: ",") + "\n"
                    }
                }
            }
        }
        return out
    }

    /// `layers.csv`: one row per booked layer with its t0 terms and its P&L statistics.
    public func layersCSV(outcomes: [LayoutOutcome]) -> String {
        var out = "layout,group,layer,instrument,expiry_days,lower_strike,upper_strike,contracts,t0_price,premium,pnl_mean,pnl_stderr,es99_contribution,es99_contribution_stderr\n"
        for (s, o) in zip(summaries, outcomes) {
            for (l, b) in zip(s.layers, o.book.layers) {
                out += [HedgeRunReport.csvField(s.name), l.group.rawValue, HedgeRunReport.csvField(l.name), l.instrument,
                        "\(b.layer.expiryDays)", l.lowerStrike.map { "\($0)" } ?? "", l.upperStrike.map { "\($0)" } ?? "",
                        "\(b.quantity / b.layer.instrument.contractMultiplier)", "\(b.unitPrice)",
                        HedgeRunReport.csvNumber(l.premium, cents: true), HedgeRunReport.csvNumber(l.pnlMean, cents: true),
                        HedgeRunReport.csvNumber(l.pnlStandardError, cents: true), HedgeRunReport.csvNumber(l.esContribution99, cents: true),
                        HedgeRunReport.csvNumber(l.esContribution99StandardError, cents: true)].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// A number for the tidy CSVs: empty when not finite (pandas reads NaN), money rounded to cents.
    static func csvNumber(_ x: Double, cents: Bool) -> String {
        guard x.isFinite else { return "" }
        return cents ? String(format: "%.2f", x) : "\(x)"
    }
}
