import Foundation

/// Line edits of a market YAML's text that keep its comments: what the calibrations use to write their results into
/// the market they started from.
enum MarketYAMLEdit {
    /// The lines of `text` without its top-level `real_world:` block (that line and the indented or blank lines after
    /// it), trailing blank lines removed.
    static func linesWithoutRealWorld(_ text: String) -> [Substring] {
        var kept: [Substring] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("real_world:") { inBlock = true; continue }
            if inBlock {
                if line.isEmpty || line.first == " " || line.first == "\t" { continue }
                inBlock = false
            }
            kept.append(line)
        }
        while let last = kept.last, last.trimmingCharacters(in: .whitespaces).isEmpty { kept.removeLast() }
        return kept
    }

    /// Rewrites the flow-mapping lines of the top-level `variance_factors:` list (`  - {kappa: .., sigma: .., ...}`):
    /// `edit(i)` gives the new text of some fields of entry `i` (by key; other fields kept) and the comment that
    /// replaces the line's old one (the old comment follows as "before: ..."), or `nil` to leave the entry alone.
    /// - Returns: how many entries were seen.
    @discardableResult
    static func rewriteFactorLines(_ lines: inout [Substring], _ edit: (Int) -> (fields: [String: String], comment: String)?) -> Int {
        var item = 0, inFactors = false
        for (n, line) in lines.enumerated() {
            if line.hasPrefix("variance_factors:") { inFactors = true; continue }
            guard inFactors else { continue }
            if !(line.first == " " || line.isEmpty) { inFactors = false; continue }
            guard line.drop(while: { $0 == " " }).hasPrefix("- {"), let open = line.firstIndex(of: "{"),
                  let close = line.firstIndex(of: "}") else { continue }
            defer { item += 1 }
            guard let (values, comment) = edit(item) else { continue }
            var fields = line[line.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for (k, field) in fields.enumerated() {
                let key = String(field.prefix { $0 != ":" })
                if let value = values[key] { fields[k] = "\(key): \(value)" }
            }
            let indent = String(line.prefix { $0 == " " })
            // The old comment, or only its oldest part when an earlier calibration already rewrote the line.
            var earlier = Substring(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)).drop { $0 == "#" || $0 == " " }
            if let last = earlier.range(of: "; before: ", options: .backwards) { earlier = earlier[last.upperBound...] }
            lines[n] = Substring(indent + "- {" + fields.joined(separator: ", ") + "}   # " + comment + (earlier.isEmpty ? "" : "; before: " + earlier))
        }
        return item
    }
}
