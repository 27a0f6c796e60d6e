import Foundation

extension PathFan {
    /// The SPX fan chart: index level by trading day, bands 1-99, 5-95 and 25-75 % and the median.
    public var spxSVG: String { Self.fanSVG(spx, title: "SPX level by trading day: median and 25-75, 5-95, 1-99 % bands (\(sampledPaths) paths)") }

    /// The VIX fan chart: model VIX by trading day, same bands.
    public var vixSVG: String { Self.fanSVG(vix, title: "Model VIX by trading day: median and 25-75, 5-95, 1-99 % bands (\(sampledPaths) paths)") }

    /// `quantiles[level][day]` with `levels` 1, 5, 25, 50, 75, 95, 99 %: three nested bands and the median line.
    static func fanSVG(_ quantiles: [[Double]], title: String) -> String {
        let days = quantiles[0].count - 1
        let finite = quantiles.flatMap { $0 }.filter(\.isFinite)
        guard days >= 1, var lo = finite.min(), var hi = finite.max() else { return "" }
        if !(hi > lo) { lo -= 0.5; hi += 0.5 }
        // Widen to whole tick steps so both ends carry a label.
        let rough = HedgeRunReport.ticks(lo, hi, count: 5)
        if rough.count > 1 {
            let step = rough[1] - rough[0]
            lo = (lo / step).rounded(.down) * step
            hi = (hi / step).rounded(.up) * step
        }
        let width = 900.0, height = 340.0, left = 64.0, right = 20.0, top = 30.0, bottom = 40.0
        func px(_ d: Int) -> Double { left + Double(d) / Double(days) * (width - left - right) }
        func py(_ y: Double) -> Double { top + (1 - (y - lo) / (hi - lo)) * (height - top - bottom) }
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        var svg = HedgeRunReport.svgOpen(width: Int(width), height: Int(height), title: title)
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"black\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"black\"/>\n"
        for y in HedgeRunReport.ticks(lo, hi, count: 5) {
            svg += "<text x=\"\(left - 6)\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(String(format: "%g", y))</text>"
            svg += "<line x1=\"\(left)\" y1=\"\(f(py(y)))\" x2=\"\(width - right)\" y2=\"\(f(py(y)))\" stroke=\"#eeeeee\"/>"
        }
        for d in HedgeRunReport.ticks(0, Double(days), count: 6) where d == d.rounded() {
            svg += "<text x=\"\(f(px(Int(d))))\" y=\"\(Int(height - bottom + 16))\" text-anchor=\"middle\">\(Int(d))</text>"
        }
        svg += "<text x=\"\(f((left + width - right) / 2))\" y=\"\(Int(height - 6))\" text-anchor=\"middle\">trading days from t0</text>\n"
        // Bands from the outside in: (lower level, upper level, fill).
        for (lower, upper, fill) in [(0, 6, "#dbe5f1"), (1, 5, "#a9c3e3"), (2, 4, "#6b97cf")] {
            let up = (0...days).filter { quantiles[upper][$0].isFinite }.map { "\(f(px($0))),\(f(py(quantiles[upper][$0])))" }
            let down = (0...days).reversed().filter { quantiles[lower][$0].isFinite }.map { "\(f(px($0))),\(f(py(quantiles[lower][$0])))" }
            svg += "<polygon points=\"\((up + down).joined(separator: " "))\" fill=\"\(fill)\" stroke=\"none\"/>\n"
        }
        let median = (0...days).filter { quantiles[3][$0].isFinite }.map { "\(f(px($0))),\(f(py(quantiles[3][$0])))" }
        svg += "<polyline points=\"\(median.joined(separator: " "))\" fill=\"none\" stroke=\"#1b3a66\" stroke-width=\"2\"/>\n"
        return svg + "</svg>\n"
    }
}
