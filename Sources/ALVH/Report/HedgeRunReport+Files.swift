import Foundation

extension HedgeRunReport {
    /// Twelve distinct colours for layouts (D3's category 10 without its grey, which the portfolio uses, then three
    /// darker hues); the portfolio alone is always grey.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
                          "#393b79", "#ad494a", "#637939"]
    static let portfolioColour = "#555555"

    /// A layout's colour, the same in every chart of a report: the palette in the order the layouts appear in the run
    /// (the first layout gets the first colour, and so on), so two layouts of one run never share a colour unless the
    /// run has more layouts than the palette has colours (then it starts again). `layouts` are the run's layout names
    /// in order.
    static func colour(of layout: String, in layouts: [String]) -> String {
        palette[(layouts.firstIndex(of: layout) ?? 0) % palette.count]
    }

    /// The run's layout names in order, for `colour(of:in:)`.
    var layoutNames: [String] { summaries.map(\.name) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Round axis ticks: a step of 1, 2 or 5 times a power of ten giving about `count` ticks over `[lo, hi]`.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let power = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        var out: [Double] = []
        var x = (lo / step).rounded(.up) * step
        while x <= hi + 1e-9 * step { out.append(abs(x) < 1e-12 * step ? 0 : x); x += step }
        return out
    }

    static func svgOpen(width: Int, height: Int, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"60\" y=\"18\" font-size=\"14\">\(title)</text>\n"
    }

    /// The books of a run as series: the portfolio alone (grey) and each hedged layout, P&L in % of notional.
    static func series(_ outcomes: [LayoutOutcome]) -> [(name: String, colour: String, values: [Double])] {
        guard let first = outcomes.first else { return [] }
        let notional = first.book.layout.portfolio.notional
        var out = [(name: "portfolio alone", colour: portfolioColour, values: first.portfolioPnL.map { 100 * $0 / notional })]
        for o in outcomes where !o.book.layers.isEmpty {
            out.append((o.book.layout.name + " (hedged)", colour(of: o.book.layout.name, in: outcomes.map(\.book.layout.name)), o.hedgedPnL.map { 100 * $0 / o.book.layout.portfolio.notional }))
        }
        return out
    }

    /// Histogram overlay (SVG) of the P&L at the horizon, % of notional: the portfolio alone and each hedged layout,
    /// 100 bins over the whole range of the losses (nothing of the left tail is cut; gains beyond the 99.9th
    /// percentile are not drawn but count in the shares), y axis as the share of paths per bin, round ticks, labelled
    /// zero line.
    public static func histogramSVG(outcomes: [LayoutOutcome]) -> String {
        let books = series(outcomes)
        var all = books.flatMap(\.values).filter(\.isFinite)
        guard all.count > 1 else { return "" }
        all.sort()
        var lo = all.first!, hi = SampleStatistics.quantile(sorted: all, 0.999)
        if !(hi > lo) { lo -= 0.5; hi += 0.5 }   // every P&L the same: a unit-wide range around it
        let bins = 100, width = 900.0, height = 380.0, left = 60.0, right = 20.0, bottom = 44.0, top = 30.0
        let step = (hi - lo) / Double(bins)
        let densities = books.map { book -> [Double] in
            var counts = [Double](repeating: 0, count: bins)
            var n = 0.0
            for x in book.values where x.isFinite {
                n += 1
                let b = Swift.max(((x - lo) / step).rounded(.down), 0)
                if b < Double(bins) { counts[Int(b)] += 1 }
            }
            return counts.map { 100 * $0 / Swift.max(n, 1) }
        }
        // Headroom: the y axis ends at the first round tick above the highest bin (at least 5 % above it).
        let highest = Swift.max(densities.flatMap { $0 }.max() ?? 1, 1e-12)
        let yTicks = ticks(0, highest * 1.05, count: 4)
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : highest
        let peak = ((highest * 1.05) / yStep).rounded(.up) * yStep
        func px(_ x: Double) -> Double { left + (x - lo) / (hi - lo) * (width - left - right) }
        func py(_ y: Double) -> Double { top + (1 - y / peak) * (height - top - bottom) }
        var svg = svgOpen(width: Int(width), height: Int(height), title: "P&amp;L at the horizon, % of notional")
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"black\"/>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"black\"/>\n"
        for x in ticks(lo, hi) {
            svg += "<text x=\"\(String(format: "%.1f", px(x)))\" y=\"\(Int(height - bottom + 16))\" text-anchor=\"middle\">\(String(format: "%g", x))</text>\n"
        }
        for y in ticks(0, peak, count: 4) {
            svg += "<line x1=\"\(left - 4)\" y1=\"\(String(format: "%.1f", py(y)))\" x2=\"\(left)\" y2=\"\(String(format: "%.1f", py(y)))\" stroke=\"black\"/>"
            svg += "<text x=\"\(Int(left) - 6)\" y=\"\(String(format: "%.1f", py(y) + 4))\" text-anchor=\"end\">\(String(format: "%g", y))</text>\n"
        }
        svg += "<text x=\"\(Int(width / 2))\" y=\"\(Int(height - 8))\" text-anchor=\"middle\">P&amp;L, % of notional (gains right, losses left)</text>\n"
        svg += "<text x=\"14\" y=\"\(Int(height / 2))\" transform=\"rotate(-90 14 \(Int(height / 2)))\" text-anchor=\"middle\">% of paths per bin</text>\n"
        if lo < 0 && hi > 0 {
            svg += "<line x1=\"\(String(format: "%.1f", px(0)))\" y1=\"\(top)\" x2=\"\(String(format: "%.1f", px(0)))\" y2=\"\(height - bottom)\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n"
            svg += "<text x=\"\(String(format: "%.1f", px(0) + 4))\" y=\"\(Int(height - bottom) - 6)\" fill=\"#666666\">0 (break-even)</text>\n"
        }
        for (i, book) in books.enumerated() {
            let points = densities[i].enumerated().map { b, d in String(format: "%.1f,%.1f", px(lo + (Double(b) + 0.5) * step), py(d)) }
            svg += "<polyline fill=\"none\" stroke=\"\(book.colour)\" stroke-width=\"1.8\" points=\"\(points.joined(separator: " "))\"/>\n"
            // Legend top left: the left tail is low there.
            svg += "<rect x=\"\(Int(left) + 12)\" y=\"\(Int(top) + 16 * i)\" width=\"12\" height=\"3\" fill=\"\(book.colour)\"/>"
            svg += "<text x=\"\(Int(left) + 30)\" y=\"\(Int(top) + 16 * i + 5)\">\(escape(book.name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Loss-exceedance curves (SVG): for each book, `P(loss > x)` against the loss `x` in % of notional, the
    /// probability on a log axis from 1 down to `1/n`, so the whole tail shows; VaR 99 (circle) and ES 99 (square)
    /// marked on each curve.
    public func lossExceedanceSVG(outcomes: [LayoutOutcome]) -> String {
        let books = HedgeRunReport.series(outcomes)
        let losses = books.map { book in book.values.filter(\.isFinite).map { -$0 }.sorted() }
        guard let n = losses.first?.count, n > 1 else { return "" }
        let all = losses.flatMap { $0 }
        var lo = Swift.max(all.min()!, 0), hi = all.max()!
        if !(hi > lo) { lo -= 0.5; hi += 0.5 }
        let width = 900.0, height = 380.0, left = 60.0, right = 20.0, bottom = 44.0, top = 30.0
        // The axis goes a little below 1/n, the smallest non-zero share, so each curve ends at its worst path (share
        // 1/n) above the bottom edge instead of running along it.
        let minLog = -log10(Double(n)), floorLog = minLog - 0.25
        func px(_ x: Double) -> Double { left + (x - lo) / (hi - lo) * (width - left - right) }
        func py(_ p: Double) -> Double { top + (log10(Swift.max(p, 1 / Double(n))) / floorLog) * (height - top - bottom) }
        var svg = HedgeRunReport.svgOpen(width: Int(width), height: Int(height), title: "Loss exceedance: share of paths losing more than x (log scale)")
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"black\"/>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"black\"/>\n"
        for x in HedgeRunReport.ticks(lo, hi) {
            svg += "<text x=\"\(String(format: "%.1f", px(x)))\" y=\"\(Int(height - bottom + 16))\" text-anchor=\"middle\">\(String(format: "%g", x))</text>\n"
        }
        var decade = 0
        while Double(decade) >= minLog - 1e-9 {
            let p = pow(10, Double(decade))
            svg += "<text x=\"\(Int(left) - 6)\" y=\"\(String(format: "%.1f", py(p) + 4))\" text-anchor=\"end\">\(String(format: "%g", 100 * p)) %</text>\n"
            svg += "<line x1=\"\(left)\" y1=\"\(String(format: "%.1f", py(p)))\" x2=\"\(width - right)\" y2=\"\(String(format: "%.1f", py(p)))\" stroke=\"#eeeeee\"/>\n"
            decade -= 1
        }
        svg += "<text x=\"\(Int(width / 2))\" y=\"\(Int(height - 8))\" text-anchor=\"middle\">loss, % of notional</text>\n"
        let statistics = [summaries.first?.unhedged] + summaries.filter { !$0.layers.isEmpty }.map { Optional($0.hedged) }
        for (i, book) in books.enumerated() {
            let sorted = losses[i]
            // About 400 points, denser in the tail: ranks spaced evenly in log-probability.
            var ranks = Set<Int>()
            // The share is a step function: P(loss > x) = (n - r - 1)/n from the r-th smallest loss to the next; the
            // last step (share 1/n) ends at the worst loss, where the curve stops.
            for k in 0...400 { ranks.insert(Swift.min(n - 2, Int((Double(n) * (1 - pow(10, minLog * Double(k) / 400))).rounded(.down)))) }
            var points = ranks.sorted().compactMap { r -> String? in
                let x = sorted[r]
                guard x >= lo else { return nil }
                return String(format: "%.1f,%.1f", px(x), py(Double(n - r - 1) / Double(n)))
            }
            if sorted[n - 1] >= lo { points.append(String(format: "%.1f,%.1f", px(sorted[n - 1]), py(1 / Double(n)))) }
            svg += "<polyline fill=\"none\" stroke=\"\(book.colour)\" stroke-width=\"1.8\" points=\"\(points.joined(separator: " "))\"/>\n"
            if i < statistics.count, let stats = statistics[i], let level = stats.tail.level(0.99), let notional = summaries.first?.notional {
                let v = 100 * level.valueAtRisk / notional, e = 100 * level.expectedShortfall / notional
                svg += "<circle cx=\"\(String(format: "%.1f", px(v)))\" cy=\"\(String(format: "%.1f", py(0.01)))\" r=\"4\" fill=\"\(book.colour)\"/>"
                svg += "<rect x=\"\(String(format: "%.1f", px(e) - 4))\" y=\"\(String(format: "%.1f", py(0.01) - 4))\" width=\"8\" height=\"8\" fill=\"none\" stroke=\"\(book.colour)\"/>\n"
            }
            svg += "<rect x=\"\(Int(width) - 300)\" y=\"\(Int(top) + 16 * i)\" width=\"12\" height=\"3\" fill=\"\(book.colour)\"/>"
            svg += "<text x=\"\(Int(width) - 282)\" y=\"\(Int(top) + 16 * i + 5)\">\(HedgeRunReport.escape(book.name))</text>\n"
        }
        svg += "<text x=\"\(Int(width) - 300)\" y=\"\(Int(top) + 16 * books.count + 10)\" fill=\"#666666\">circle: VaR 99, square: ES 99</text>\n"
        return svg + "</svg>\n"
    }

    /// Per-layer ES contribution at 99 % (SVG bars with one-standard-error whiskers, % of notional): an x axis with
    /// round ticks and grid lines; each value label sits beyond the end of its bar and of its whisker.
    public func esContributionSVG() -> String {
        let rows = summaries.flatMap { s in
            s.layers.map { (s.name, $0.name, 100 * $0.esContribution99 / s.notional, 100 * $0.esContribution99StandardError / s.notional) }
        }
        let rowHeight = 18, top = 30, axis = 36
        let height = top + rowHeight * Swift.max(rows.count, 1) + axis, width = 900
        let ends = rows.flatMap { r -> [Double] in
            let value = r.2.isFinite ? r.2 : 0, se = r.3.isFinite ? r.3 : 0
            return [value - se, value + se]
        }
        var lo = Swift.min(ends.min() ?? 0, 0), hi = Swift.max(ends.max() ?? 0, 0)
        if !(hi > lo) { lo -= 0.5; hi += 0.5 }
        let axisTicks = HedgeRunReport.ticks(lo, hi, count: 6)
        let step = axisTicks.count > 1 ? axisTicks[1] - axisTicks[0] : hi - lo
        lo = Swift.min(lo, (lo / step).rounded(.down) * step); hi = Swift.max(hi, (hi / step).rounded(.up) * step)
        // Names on the left, then the plot, with room on both sides for the value labels.
        let plotLeft = 330.0, plotRight = Double(width) - 70, labelRoom = 62.0
        func px(_ x: Double) -> Double { plotLeft + labelRoom + (x - lo) / (hi - lo) * (plotRight - plotLeft - 2 * labelRoom) }
        let bottom = top + rowHeight * Swift.max(rows.count, 1)
        var svg = HedgeRunReport.svgOpen(width: width, height: height, title: "ES 99 contribution per layer: mean layer P&amp;L on the hedged book's worst 1 % of paths, % of notional")
        for x in HedgeRunReport.ticks(lo, hi, count: 6) {
            let xs = String(format: "%.1f", px(x))
            svg += "<line x1=\"\(xs)\" y1=\"\(top - 4)\" x2=\"\(xs)\" y2=\"\(bottom)\" stroke=\"\(x == 0 ? "black" : "#eeeeee")\"/>"
            svg += "<line x1=\"\(xs)\" y1=\"\(bottom)\" x2=\"\(xs)\" y2=\"\(bottom + 4)\" stroke=\"black\"/>"
            svg += "<text x=\"\(xs)\" y=\"\(bottom + 16)\" text-anchor=\"middle\">\(String(format: "%g", x))</text>\n"
        }
        svg += "<line x1=\"\(String(format: "%.1f", px(lo)))\" y1=\"\(bottom)\" x2=\"\(String(format: "%.1f", px(hi)))\" y2=\"\(bottom)\" stroke=\"black\"/>\n"
        svg += "<text x=\"\(String(format: "%.1f", (px(lo) + px(hi)) / 2))\" y=\"\(height - 4)\" text-anchor=\"middle\">ES 99 contribution, % of notional (negative: the layer loses on the worst paths)</text>\n"
        for (i, row) in rows.enumerated() {
            let y = top + rowHeight * i
            let value = row.2.isFinite ? row.2 : 0, se = row.3.isFinite ? row.3 : 0
            let a = px(Swift.min(value, 0)), b = px(Swift.max(value, 0))
            let colour = HedgeRunReport.colour(of: row.0, in: layoutNames)
            svg += "<text x=\"10\" y=\"\(y + 11)\">\(HedgeRunReport.escape(row.0 + " / " + row.1))</text>"
            svg += "<rect x=\"\(String(format: "%.1f", a))\" y=\"\(y + 2)\" width=\"\(String(format: "%.1f", b - a))\" height=\"12\" fill=\"\(colour)\"/>"
            if row.3.isFinite {
                let l = String(format: "%.1f", px(value - se)), r = String(format: "%.1f", px(value + se))
                svg += "<line x1=\"\(l)\" y1=\"\(y + 8)\" x2=\"\(r)\" y2=\"\(y + 8)\" stroke=\"black\"/>"
                svg += "<line x1=\"\(l)\" y1=\"\(y + 4)\" x2=\"\(l)\" y2=\"\(y + 12)\" stroke=\"black\"/><line x1=\"\(r)\" y1=\"\(y + 4)\" x2=\"\(r)\" y2=\"\(y + 12)\" stroke=\"black\"/>"
            }
            // The label beyond whichever ends farther out, the bar or its whisker.
            let label = row.2.isFinite ? String(format: "%.2f %%", value) : "-"
            if value >= 0 {
                svg += "<text x=\"\(String(format: "%.1f", Swift.max(b, px(value + se)) + 5))\" y=\"\(y + 12)\">\(label)</text>\n"
            } else {
                svg += "<text x=\"\(String(format: "%.1f", Swift.min(a, px(value - se)) - 5))\" y=\"\(y + 12)\" text-anchor=\"end\">\(label)</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// Hedge value at the horizon against the SPX return, one dot per path (the first 2,000 paths), coloured by the
    /// terminal VIX (blue below 15, through yellow, red above 40; the key is drawn on the chart), one panel per hedged
    /// layout with its axis titles; both ranges are padded so every dot lies inside its panel.
    public func payoffScatterSVG(outcomes: [LayoutOutcome]) -> String {
        let hedged = outcomes.filter { !$0.book.layers.isEmpty }
        guard let first = outcomes.first, !hedged.isEmpty, first.vixTerminal.count == first.spxReturn.count else { return "" }
        let n = Swift.min(2000, first.spxReturn.count)
        let panelWidth = 440.0, panelHeight = 300.0, left = 70.0, right = 24.0, bottom = 52.0, top = 40.0, keyHeight = 46.0
        let width = Int(panelWidth) * Swift.min(hedged.count, 2), height = Int(panelHeight) * ((hedged.count + 1) / 2) + Int(keyHeight)
        var svg = HedgeRunReport.svgOpen(width: width, height: height,
                                         title: "Hedge value at the horizon against SPX return, first \(n) paths; colour: VIX at the horizon")
        func colour(_ vix: Double) -> String {
            let t = Swift.min(Swift.max((vix - 15) / 25, 0), 1)
            let r = Int(255 * Swift.min(1, 2 * t)), g = Int(255 * Swift.min(1, 2 - 2 * t) * 0.85), b = Int(255 * Swift.max(0, 1 - 2 * t))
            return String(format: "#%02x%02x%02x", r, g, b)
        }
        // The colour key: the VIX scale from 15 (and below) to 40 (and above).
        let keyLeft = 70.0, keyWidth = 300.0, keyTop = 30.0
        for k in 0..<50 {
            let vix = 15 + 25 * (Double(k) + 0.5) / 50
            svg += "<rect x=\"\(String(format: "%.1f", keyLeft + keyWidth * Double(k) / 50))\" y=\"\(keyTop)\" width=\"\(String(format: "%.1f", keyWidth / 50 + 0.5))\" height=\"8\" fill=\"\(colour(vix))\"/>"
        }
        for vix in [15.0, 20, 25, 30, 35, 40] {
            let x = String(format: "%.1f", keyLeft + keyWidth * (vix - 15) / 25)
            svg += "<text x=\"\(x)\" y=\"\(keyTop + 20)\" text-anchor=\"middle\" font-size=\"10\">\(vix == 15 ? "&lt;= 15" : vix == 40 ? "&gt;= 40" : String(format: "%g", vix))</text>"
        }
        svg += "<text x=\"\(keyLeft + keyWidth + 12)\" y=\"\(keyTop + 8)\">VIX at the horizon</text>\n"
        let xs = (0..<n).map { 100 * first.spxReturn[$0] }.filter(\.isFinite)
        var xlo = xs.min() ?? -1, xhi = Swift.max(xs.max() ?? 1, (xs.min() ?? -1) + 1e-9)
        let xPad = 0.04 * (xhi - xlo)
        xlo -= xPad; xhi += xPad
        for (k, o) in hedged.enumerated() {
            let ox = Double(k % 2) * panelWidth, oy = keyHeight + Double(k / 2) * panelHeight
            let notional = o.book.layout.portfolio.notional
            let ys = (0..<n).map { 100 * o.hedgeValue[$0] / notional }
            let finiteYs = ys.filter(\.isFinite)
            var ylo = Swift.min(finiteYs.min() ?? 0, 0), yhi = Swift.max(finiteYs.max() ?? 1, ylo + 1e-9)
            yhi += 0.05 * (yhi - ylo)
            if ylo < 0 { ylo -= 0.05 * (yhi - ylo) }
            func px(_ x: Double) -> Double { ox + left + (x - xlo) / (xhi - xlo) * (panelWidth - left - right) }
            func py(_ y: Double) -> Double { oy + top + (1 - (y - ylo) / (yhi - ylo)) * (panelHeight - top - bottom) }
            let base = oy + panelHeight - bottom
            svg += "<text x=\"\(Int(ox + left))\" y=\"\(Int(oy + top - 8))\" font-weight=\"bold\">\(HedgeRunReport.escape(o.book.layout.name))</text>\n"
            svg += "<line x1=\"\(ox + left)\" y1=\"\(base)\" x2=\"\(ox + panelWidth - right)\" y2=\"\(base)\" stroke=\"black\"/>"
            svg += "<line x1=\"\(ox + left)\" y1=\"\(oy + top)\" x2=\"\(ox + left)\" y2=\"\(base)\" stroke=\"black\"/>\n"
            for x in HedgeRunReport.ticks(xlo, xhi, count: 5) {
                svg += "<text x=\"\(String(format: "%.1f", px(x)))\" y=\"\(String(format: "%.1f", base + 16))\" text-anchor=\"middle\">\(String(format: "%g", x))</text>"
            }
            for y in HedgeRunReport.ticks(ylo, yhi, count: 4) {
                svg += "<text x=\"\(Int(ox + left) - 6)\" y=\"\(String(format: "%.1f", py(y) + 4))\" text-anchor=\"end\">\(String(format: "%g", y))</text>"
                if y == 0 && ylo < 0 {
                    svg += "<line x1=\"\(ox + left)\" y1=\"\(String(format: "%.1f", py(0)))\" x2=\"\(ox + panelWidth - right)\" y2=\"\(String(format: "%.1f", py(0)))\" stroke=\"#999999\"/>"
                }
            }
            let midX = Int(ox + left + (panelWidth - left - right) / 2), midY = Int(oy + top + (panelHeight - top - bottom) / 2)
            svg += "<text x=\"\(midX)\" y=\"\(Int(base + 34))\" text-anchor=\"middle\">SPX return over the horizon, %</text>"
            svg += "<text x=\"\(Int(ox + 16))\" y=\"\(midY)\" transform=\"rotate(-90 \(Int(ox + 16)) \(midY))\" text-anchor=\"middle\">hedge value, % of notional</text>\n"
            for i in 0..<n where xs.indices.contains(i) && ys[i].isFinite && first.vixTerminal[i].isFinite {
                svg += "<circle cx=\"\(String(format: "%.1f", px(100 * first.spxReturn[i])))\" cy=\"\(String(format: "%.1f", py(ys[i])))\" r=\"1.6\" fill=\"\(colour(first.vixTerminal[i]))\"/>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n"
    }

    /// Box plots of each layer's P&L at the horizon (% of notional): 5th-95th percentile whiskers, quartile box, median.
    public func layerBoxPlotSVG(outcomes: [LayoutOutcome]) -> String {
        var rows: [(String, String, [Double])] = []
        for o in outcomes where !o.book.layers.isEmpty {
            let notional = o.book.layout.portfolio.notional
            for l in o.book.layers.indices {
                let sorted = o.layerPnL(l).filter(\.isFinite).map { 100 * $0 / notional }.sorted()
                guard !sorted.isEmpty else { continue }
                rows.append((o.book.layout.name, o.book.layers[l].layer.name, [5.0, 25, 50, 75, 95].map { SampleStatistics.quantile(sorted: sorted, $0 / 100) }))
            }
        }
        guard !rows.isEmpty else { return "" }
        let width = 900, height = 60 + 18 * rows.count, left = 260.0, right = 30.0
        let lo = Swift.min(rows.map { $0.2[0] }.min()!, 0), hi = Swift.max(rows.map { $0.2[4] }.max()!, lo + 1e-9)
        func px(_ x: Double) -> Double { left + (x - lo) / (hi - lo) * (Double(width) - left - right) }
        var svg = HedgeRunReport.svgOpen(width: width, height: height, title: "Layer P&amp;L at the horizon, % of notional: 5-25-50-75-95th percentiles")
        svg += "<line x1=\"\(String(format: "%.1f", px(0)))\" y1=\"26\" x2=\"\(String(format: "%.1f", px(0)))\" y2=\"\(height - 26)\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n"
        for x in HedgeRunReport.ticks(lo, hi, count: 6) {
            svg += "<text x=\"\(String(format: "%.1f", px(x)))\" y=\"\(height - 10)\" text-anchor=\"middle\">\(String(format: "%g", x))</text>"
        }
        svg += "\n"
        for (i, row) in rows.enumerated() {
            let y = 34.0 + 18 * Double(i), q = row.2, c = HedgeRunReport.colour(of: row.0, in: layoutNames)
            svg += "<text x=\"10\" y=\"\(Int(y) + 10)\">\(HedgeRunReport.escape(row.0 + " / " + row.1))</text>"
            svg += "<line x1=\"\(String(format: "%.1f", px(q[0])))\" y1=\"\(y + 6)\" x2=\"\(String(format: "%.1f", px(q[4])))\" y2=\"\(y + 6)\" stroke=\"\(c)\"/>"
            svg += "<rect x=\"\(String(format: "%.1f", px(q[1])))\" y=\"\(y)\" width=\"\(String(format: "%.1f", Swift.max(px(q[3]) - px(q[1]), 1)))\" height=\"12\" fill=\"white\" stroke=\"\(c)\"/>"
            svg += "<line x1=\"\(String(format: "%.1f", px(q[2])))\" y1=\"\(y)\" x2=\"\(String(format: "%.1f", px(q[2])))\" y2=\"\(y + 12)\" stroke=\"black\" stroke-width=\"2\"/>\n"
        }
        return svg + "</svg>\n"
    }

    /// Each layer's life from t0 to its expiry against the horizon (trading days): a layer whose bar ends before the
    /// horizon line settles on the path; one that crosses it is repriced at the horizon.
    public func layerTimelineSVG(outcomes: [LayoutOutcome]) -> String {
        let layers = outcomes.filter { !$0.book.layers.isEmpty }.flatMap { o in o.book.layers.map { (o.book.layout.name, $0.layer.name, $0.layer.expiryDays) } }
        guard !layers.isEmpty else { return "" }
        let width = 900, height = 60 + 16 * layers.count, left = 260.0, right = 30.0
        let horizon = Double(settings.days), end = Swift.max(Double(layers.map(\.2).max()!), horizon) * 1.05
        func px(_ d: Double) -> Double { left + d / end * (Double(width) - left - right) }
        var svg = HedgeRunReport.svgOpen(width: width, height: height, title: "Layer timeline: from t0 to expiry, trading days; dashed: the horizon")
        for (i, l) in layers.enumerated() {
            let y = 32.0 + 16 * Double(i)
            svg += "<text x=\"10\" y=\"\(Int(y) + 10)\">\(HedgeRunReport.escape(l.0 + " / " + l.1))</text>"
            svg += "<rect x=\"\(px(0))\" y=\"\(y + 2)\" width=\"\(String(format: "%.1f", px(Double(l.2)) - px(0)))\" height=\"10\" fill=\"\(HedgeRunReport.colour(of: l.0, in: layoutNames))\"/>\n"
        }
        svg += "<line x1=\"\(String(format: "%.1f", px(horizon)))\" y1=\"26\" x2=\"\(String(format: "%.1f", px(horizon)))\" y2=\"\(height - 22)\" stroke=\"black\" stroke-dasharray=\"5 3\"/>"
        for d in HedgeRunReport.ticks(0, end, count: 6) {
            svg += "<text x=\"\(String(format: "%.1f", px(d)))\" y=\"\(height - 8)\" text-anchor=\"middle\">\(String(format: "%g", d))</text>"
        }
        return svg + "\n</svg>\n"
    }

    static func cell(_ s: String, numeric: Bool = true) -> String { numeric ? "<td class=\"n\">\(escape(s))</td>" : "<td>\(escape(s))</td>" }

    /// The summary as an HTML table (copyable into a spreadsheet): every book, every tail level, VaR and ES with
    /// their standard errors in currency and % of notional.
    var summaryTableHTML: String {
        var rows = "<tr><th>book</th><th>level</th><th>VaR</th><th>VaR stderr</th><th>ES</th><th>ES stderr</th><th>ES, % of notional</th></tr>\n"
        var books: [(String, PnLStatistics, Double)] = []
        if let first = summaries.first { books.append(("portfolio alone", first.unhedged, first.notional)) }
        for s in summaries where !s.layers.isEmpty { books.append((s.name + " (hedged)", s.hedged, s.notional)) }
        for (name, stats, notional) in books {
            for l in stats.tail.levels {
                rows += "<tr>" + HedgeRunReport.cell(name, numeric: false) + HedgeRunReport.cell(HedgeRunReport.key(l.confidence * 100) + " %")
                    + HedgeRunReport.cell(HedgeRunReport.money(l.valueAtRisk)) + HedgeRunReport.cell(HedgeRunReport.money(l.valueAtRiskStandardError))
                    + HedgeRunReport.cell(HedgeRunReport.money(l.expectedShortfall)) + HedgeRunReport.cell(HedgeRunReport.money(l.expectedShortfallStandardError))
                    + HedgeRunReport.cell(String(format: "%.2f", 100 * l.expectedShortfall / notional)) + "</tr>\n"
            }
        }
        return "<table id=\"summary-table\">\n\(rows)</table>\n"
    }

    /// Layers with group subtotals and the portfolio line, per hedged layout.
    var layersTableHTML: String {
        var rows = "<tr><th>layout</th><th>group</th><th>layer</th><th>instrument</th><th>strike</th><th>premium</th><th>mean P&amp;L</th><th>stderr</th><th>ES 99 contribution</th></tr>\n"
        for s in summaries where !s.layers.isEmpty {
            for line in s.layerTableLines {
                let texts = [s.name, line.kind == .layer ? line.group!.rawValue : (line.group?.rawValue ?? ""),
                             line.kind == .subtotal ? "subtotal" : line.name, line.instrument]
                let numbers = [line.strike, line.premium.map(HedgeRunReport.money) ?? "", line.pnlMean.map(HedgeRunReport.money) ?? "",
                               line.pnlStandardError.map(HedgeRunReport.money) ?? "", HedgeRunReport.money(line.esContribution99)]
                rows += (line.kind == .layer ? "<tr>" : "<tr class=\"sub\">") + texts.map { HedgeRunReport.cell($0, numeric: false) }.joined()
                    + numbers.map { HedgeRunReport.cell($0) }.joined() + "</tr>\n"
            }
        }
        return "<table id=\"layers-table\">\n\(rows)</table>\n"
    }

    /// What the adaptive books did through time: one row per adaptive layout (empty without any).
    var adaptiveTableHTML: String {
        let books = summaries.compactMap { s in s.adaptive.map { (s.name, $0) } }
        guard !books.isEmpty else { return "<p id=\"adaptive\">No adaptive layout in this run.</p>\n" }
        var rows = "<tr><th>layout</th><th>premium paid</th><th>premium, % a year</th><th>cost, % a year</th><th>max drawdown mean / p95 / p99, %</th>"
            + "<th>portfolio alone, %</th><th>rolls</th><th>take-profits</th><th>days by regime</th><th>hedge P&amp;L, worst 5 % SPX drawdowns</th><th>break-even SPX return</th><th>paid back: share of paths, SPX return then (median)</th></tr>\n"
        for (name, a) in books {
            let cells = [HedgeRunReport.money(a.meanPremiumPaid), String(format: "%.2f", a.premiumPerYearPercent),
                         String(format: "%.2f (%.2f)", a.annualisedCostPercent, a.annualisedCostStandardError),
                         String(format: "%.2f / %.2f / %.2f", a.drawdown.mean, a.drawdown.p95, a.drawdown.p99),
                         String(format: "%.2f / %.2f / %.2f", a.unhedgedDrawdown.mean, a.unhedgedDrawdown.p95, a.unhedgedDrawdown.p99),
                         String(format: "%.1f", a.meanRolls), String(format: "%.2f", a.meanTakeProfits),
                         a.regimeOccupancy.map { String(format: "%@ %.0f %%", $0.name, 100 * $0.share) }.joined(separator: ", "),
                         a.worstDrawdownWindows.first.map { HedgeRunReport.money($0.hedgePnL) } ?? "",
                         a.breakEvenSPXReturn.map { String(format: "%.0f %%", 100 * $0) } ?? "none",
                         a.paybackSPXReturnQuantiles.count == 5
                            ? String(format: "%.1f %%, %.1f %%", 100 * a.paybackShare, 100 * a.paybackSPXReturnQuantiles[2].spxReturn) : "none"]
            rows += "<tr>" + HedgeRunReport.cell(name, numeric: false) + cells.map { HedgeRunReport.cell($0) }.joined() + "</tr>\n"
        }
        return "<table id=\"adaptive-table\">\n\(rows)</table>\n<p>Risk figures mark live positions at bid (liquidation); the JSON's accounting line at mid.</p>\n"
    }

    /// Inputs and provenance: what produced the report.
    var inputsHTML: String {
        var out = "<ul id=\"inputs\">\n<li>\(settings.paths) paths, \(settings.days)-trading-day horizon, \(settings.measure.rawValue) measure, scheme \(settings.scheme), seed \(settings.seed)</li>\n"
        if let p = provenance {
            let m = p.market
            out += "<li>alvh \(Provenance.alvhVersion) (commit \(Provenance.gitCommit ?? "unknown")), \(p.timestampText); command: <code>\(HedgeRunReport.escape(p.commandLineText))</code></li>\n"
            out += "<li>market \(HedgeRunReport.escape(m.source)): SPX \(String(format: "%.2f", m.spot)), VIX \(String(format: "%.2f", m.initialVIX))"
                + (m.isTwoFactor ? String(format: ", VIX3M %.2f", m.initialVIX3M) : "")
                + String(format: ", rate %.4f, dividend yield %.4f, %d variance factor%@", m.rate, m.dividendYield, m.riskNeutral.factors.count, m.isTwoFactor ? "s" : "") + "</li>\n"
            for w in p.warnings { out += "<li>warning: \(HedgeRunReport.escape(w))</li>\n" }
        }
        for s in summaries {
            out += "<li>layout \(HedgeRunReport.escape(s.name)): notional \(HedgeRunReport.money(s.notional)), premium \(HedgeRunReport.money(s.premium)), \(s.layers.count) layers</li>\n"
        }
        return out + "</ul>\n<h3>Model parameters (effective, per measure)</h3>\n" + modelParametersHTML
            + "<h3>Layers as booked at t0</h3>\n" + bookedLayersHTML
    }

    /// A self-contained HTML page (no scripts, fonts or network): inputs and provenance, the summary and layer tables,
    /// the loss-exceedance curve, the histogram, the ES contributions, and definitions of every figure. Well-formed
    /// XML, so a test can parse it.
    public func html(outcomes: [LayoutOutcome]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"/><title>alvh report</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:1200px} table{border-collapse:collapse;margin:1em 0} td,th{border:1px solid #ccc;padding:2px 8px} td.n{text-align:right} tr.sub td{font-weight:bold;background:#f4f4f4} code{font-size:12px}</style>
        </head><body>
        <h1>alvh: hedge layouts on the same paths</h1>
        <h2 id="inputs-heading">Inputs and provenance</h2>
        \(inputsHTML)
        <h2>Tail risk (positive = loss; currency, with Monte Carlo standard errors)</h2>
        \(summaryTableHTML)
        <h2>Loss exceedance</h2>
        <div id="loss-exceedance">\(lossExceedanceSVG(outcomes: outcomes))</div>
        <h2>P&amp;L distributions</h2>
        <div id="histogram">\(HedgeRunReport.histogramSVG(outcomes: outcomes))</div>
        <h2>SPX and VIX paths</h2>
        <div id="spx-fan">\(outcomes.first?.fan?.spxSVG ?? "")</div>
        <div id="vix-fan">\(outcomes.first?.fan?.vixSVG ?? "")</div>
        <h2>Hedge payoff against the SPX</h2>
        <div id="payoff-scatter">\(payoffScatterSVG(outcomes: outcomes))</div>
        <h2>Where the tail protection comes from</h2>
        \(layersTableHTML)
        <div id="es-contribution">\(esContributionSVG())</div>
        <h2>Layer P&amp;L distributions</h2>
        <div id="layer-boxplots">\(layerBoxPlotSVG(outcomes: outcomes))</div>
        <h2>Layer timeline</h2>
        <div id="layer-timeline">\(layerTimelineSVG(outcomes: outcomes))</div>
        <h2>Adaptive books through time</h2>
        \(adaptiveTableHTML)
        <h2>Definitions</h2>
        <dl id="definitions">
        <dt>VaR a</dt><dd>The loss exceeded on (100 - a) % of paths, as a positive number (a negative VaR is a gain); standard error from the binomial law of the order statistics.</dd>
        <dt>ES a</dt><dd>The mean loss on the worst (100 - a) % of paths (Acerbi and Tasche 2002), positive; asymptotic standard error.</dd>
        <dt>portfolio alone</dt><dd>notional x beta x SPX total return over the horizon, without any hedge, on the same paths.</dd>
        <dt>hedged book</dt><dd>portfolio P&amp;L + the layers' value at the horizon - the premium with carry at the risk-free rate.</dd>
        <dt>adaptive book</dt><dd>layers as slots that reopen on their calendars, sized by the day's regime and signals; every premium, sale and settlement carried to the horizon at the risk-free rate; live positions at bid. Max drawdown: the largest fall of the hedged book's equity (portfolio P&amp;L + cash + positions at bid) from its running high, % of notional. Cost a year: minus the mean hedge P&amp;L over the horizon in years.</dd>
        <dt>mean P&amp;L of a layer</dt><dd>its value at the horizon less its premium with carry; negative means the layer costs on average.</dd>
        <dt>P(payback)</dt><dd>the share of paths on which the hedge's value at the horizon is at least its premium with carry (the hedge pays for itself); a probability in %, none for the unhedged book.</dd>
        <dt>ES99 cut/prem</dt><dd>(ES 99 of the portfolio alone - ES 99 of the hedged book) / premium paid: currency of tail loss removed per unit of premium; higher is better, dimensionless.</dd>
        <dt>at SPX -10 % / -20 %</dt><dd>the mean hedge value at the horizon (currency, before premium) on the paths where the SPX price return over the horizon is below -10 % / -20 %; "no path" when none falls that far.</dd>
        <dt>ES 99 contribution</dt><dd>a layer's mean P&amp;L on the hedged book's worst 1 % of paths; with the portfolio line the contributions add up to the hedged book's mean P&amp;L there (about -ES 99).</dd>
        <dt>fan charts</dt><dd>quantiles across paths of the SPX level and the model VIX at each day's close, from the run's first paths (their number is in the title); bands 25-75, 5-95 and 1-99 %, line the median.</dd>
        <dt>units</dt><dd>money in currency units (the layouts' notional currency; no currency is named); charts in % of notional; days are trading days (252 a year).</dd>
        </dl>
        <pre>\(HedgeRunReport.escape(text))</pre>
        </body></html>

        """
    }

    public static let reportFileNames = ["summary.json", "risk.csv", "layers.csv", "pnl_histogram.svg", "loss_exceedance.svg",
                                         "es_contribution.svg", "spx_fan.svg", "vix_fan.svg", "report.html"]

    /// The files of `--report DIR`.
    public func reportFiles(outcomes: [LayoutOutcome]) -> [(name: String, content: () -> String)] {
        [("summary.json", { self.json.serialized() }),
         ("risk.csv", { self.riskCSV }),
         ("layers.csv", { self.layersCSV(outcomes: outcomes) }),
         ("pnl_histogram.svg", { HedgeRunReport.histogramSVG(outcomes: outcomes) }),
         ("loss_exceedance.svg", { self.lossExceedanceSVG(outcomes: outcomes) }),
         ("es_contribution.svg", { self.esContributionSVG() }),
         ("spx_fan.svg", { outcomes.first?.fan?.spxSVG ?? "" }),
         ("vix_fan.svg", { outcomes.first?.fan?.vixSVG ?? "" }),
         ("report.html", { self.html(outcomes: outcomes) })]
    }
}
