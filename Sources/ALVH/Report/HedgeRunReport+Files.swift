import Foundation

extension HedgeRunReport {
    static let palette = ["#555555", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Histogram overlay (SVG): the unhedged P&L and each layout's hedged P&L, 80 bins on the 0.1 %-99.9 % range of all
    /// of them, as densities (share of paths per bin), x in % of notional.
    public static func histogramSVG(outcomes: [LayoutOutcome]) -> String {
        guard let first = outcomes.first else { return "" }
        let notional = first.book.layout.portfolio.notional
        var series: [(String, [Double])] = [("unhedged", first.portfolioPnL.map { 100 * $0 / notional })]
        for o in outcomes where !o.book.layers.isEmpty {
            series.append((o.book.layout.name + " (hedged)", o.hedgedPnL.map { 100 * $0 / o.book.layout.portfolio.notional }))
        }
        var all = series.flatMap { $0.1 }.filter(\.isFinite)
        guard all.count > 1 else { return "" }
        all.sort()
        var lo = SampleStatistics.quantile(sorted: all, 0.001), hi = SampleStatistics.quantile(sorted: all, 0.999)
        if !(hi > lo) {
            // Every P&L the same (no hedge and beta 0, one path): a range one unit wide around it.
            lo -= 0.5
            hi += 0.5
        }
        let bins = 80, width = 760.0, height = 360.0, left = 60.0, bottom = 40.0, top = 30.0
        let step = (hi - lo) / Double(bins)
        let densities = series.map { _, values -> [Double] in
            var counts = [Double](repeating: 0, count: bins)
            var n = 0.0
            for x in values where x.isFinite {
                n += 1
                let b = ((x - lo) / step).rounded(.down)
                if b >= 0 && b < Double(bins) { counts[Int(b)] += 1 }
            }
            return counts.map { $0 / max(n, 1) }
        }
        let peak = max(densities.flatMap { $0 }.max() ?? 1, 1e-12)
        func px(_ x: Double) -> Double { left + (x - lo) / (hi - lo) * (width - left - 20) }
        func py(_ y: Double) -> Double { top + (1 - y / peak) * (height - top - bottom) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(Int(left))\" y=\"18\" font-size=\"14\">P&amp;L at the horizon, % of notional (share of paths per bin)</text>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 20)\" y2=\"\(height - bottom)\" stroke=\"black\"/>\n"
        for k in 0...4 {
            let x = lo + (hi - lo) * Double(k) / 4
            svg += "<text x=\"\(String(format: "%.1f", px(x)))\" y=\"\(Int(height - bottom + 16))\" text-anchor=\"middle\">\(String(format: "%.1f %%", x))</text>\n"
        }
        if lo < 0 && hi > 0 {
            svg += "<line x1=\"\(String(format: "%.1f", px(0)))\" y1=\"\(top)\" x2=\"\(String(format: "%.1f", px(0)))\" y2=\"\(height - bottom)\" stroke=\"#bbbbbb\" stroke-dasharray=\"4 3\"/>\n"
        }
        for (i, (name, _)) in series.enumerated() {
            let colour = palette[i % palette.count]
            let points = densities[i].enumerated().map { b, d in String(format: "%.1f,%.1f", px(lo + (Double(b) + 0.5) * step), py(d)) }
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\" points=\"\(points.joined(separator: " "))\"/>\n"
            svg += "<rect x=\"\(Int(left) + 10)\" y=\"\(Int(top) + 16 * i)\" width=\"12\" height=\"3\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(Int(left) + 28)\" y=\"\(Int(top) + 16 * i + 5)\">\(escape(name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Per-layer ES contribution at 99 % (SVG bars, % of notional), one group per hedged layout.
    public func esContributionSVG() -> String {
        let rows = summaries.flatMap { s in s.layers.map { (s.name, $0.name, 100 * $0.esContribution99 / s.notional) } }
        let height = 40 + 18 * max(rows.count, 1), width = 760
        let largest = max(rows.map { abs($0.2) }.filter(\.isFinite).max() ?? 1, 1e-9)
        let zero = 400.0, scale = 280.0 / largest
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"10\" y=\"18\" font-size=\"14\">ES 99 % contribution per layer: mean layer P&amp;L on the hedged book's worst 1 % of paths, % of notional</text>\n"
        svg += "<line x1=\"\(zero)\" y1=\"26\" x2=\"\(zero)\" y2=\"\(height - 4)\" stroke=\"black\"/>\n"
        // Colours as in the histogram: unhedged first, then hedged layouts in order.
        let layoutNames = summaries.filter { !$0.layers.isEmpty }.map(\.name)
        for (i, row) in rows.enumerated() {
            let y = 30 + 18 * i
            let value = row.2.isFinite ? row.2 : 0
            let w = abs(value) * scale
            let x = value >= 0 ? zero : zero - w
            let colour = HedgeRunReport.palette[(1 + (layoutNames.firstIndex(of: row.0) ?? 0)) % HedgeRunReport.palette.count]
            svg += "<text x=\"10\" y=\"\(y + 11)\">\(HedgeRunReport.escape(row.0 + " / " + row.1))</text>"
            svg += "<rect x=\"\(String(format: "%.1f", x))\" y=\"\(y + 2)\" width=\"\(String(format: "%.1f", w))\" height=\"12\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(String(format: "%.1f", value >= 0 ? zero + w + 4 : zero + 4))\" y=\"\(y + 11)\">\(String(format: "%.2f %%", value))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A self-contained HTML page: the summary table and both charts inline (no external files, scripts or fonts).
    public func html(outcomes: [LayoutOutcome]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>alvh report</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:1100px} pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:12px}</style>
        </head><body>
        <h1>alvh: hedge layouts on the same paths</h1>
        <p>\(settings.paths) paths, \(settings.days)-day horizon, \(settings.measure.rawValue) measure, scheme \(settings.scheme), seed \(settings.seed).
        VaR and ES are positive losses with Monte Carlo standard errors.</p>
        <h2>Summary</h2>
        <pre>\(HedgeRunReport.escape(text))</pre>
        <h2>P&amp;L distributions</h2>
        \(HedgeRunReport.histogramSVG(outcomes: outcomes))
        <h2>Where the tail protection comes from</h2>
        \(esContributionSVG())
        </body></html>

        """
    }

    public static let reportFileNames = ["summary.json", "risk.csv", "layers.csv", "pnl_histogram.svg", "es_contribution.svg", "report.html"]

    /// The files of `--report DIR`: `summary.json`, `pnl_histogram.svg`, `es_contribution.svg`, `report.html`.
    public func reportFiles(outcomes: [LayoutOutcome]) -> [(name: String, content: () -> String)] {
        [("summary.json", { self.json.serialized() }),
         ("risk.csv", { self.riskCSV }),
         ("layers.csv", { self.layersCSV(outcomes: outcomes) }),
         ("pnl_histogram.svg", { HedgeRunReport.histogramSVG(outcomes: outcomes) }),
         ("es_contribution.svg", { self.esContributionSVG() }),
         ("report.html", { self.html(outcomes: outcomes) })]
    }
}
