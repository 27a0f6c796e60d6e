import Foundation

/// Laying out the terminal summaries within a fixed width (100 columns): words wrapped onto continuation lines,
/// tables whose first column (names) moves onto a line of its own when a name would push the row past the width.
/// Nothing is truncated.
public enum TextLayout {
    /// The width every line of a terminal summary keeps to (the `command:` line of the provenance excepted).
    public static let width = 100

    /// `text` wrapped at spaces into lines of at most `width` columns: the first starts with `prefix`, the others
    /// with `indent`. A single word longer than a line is cut into pieces on lines of their own (nothing is lost).
    public static func wrap(_ text: String, prefix: String = "", indent: String = "  ", width: Int = TextLayout.width) -> [String] {
        var lines: [String] = []
        var current = prefix
        var empty = true   // nothing but the prefix or indent on `current` yet
        // A unit never starts a line: "62 %" stays together.
        var words: [String] = []
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if word.hasPrefix("%"), let last = words.popLast() { words.append(last + " " + word) } else { words.append(String(word)) }
        }
        // A word longer than a whole line (a very long layout name) is cut into pieces that fit: wrapped, not truncated.
        let room = Swift.max(width - Swift.max(prefix.count, indent.count), 8)
        words = words.flatMap { word -> [String] in
            guard word.count > room else { return [word] }
            return stride(from: 0, to: word.count, by: room).map { String(word.dropFirst($0).prefix(room)) }
        }
        for word in words {
            if !empty && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                empty = true
            }
            current += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(current)
        return lines
    }

    /// One line wrapped at `width`, its continuation lines indented two more than its own leading spaces.
    public static func wrapLine(_ line: String, width: Int = TextLayout.width) -> [String] {
        guard line.count > width else { return [line] }
        let lead = String(line.prefix { $0 == " " })
        return wrap(String(line.dropFirst(lead.count)), prefix: lead, indent: lead + "    ", width: width)
    }

    /// A table: the `leftAligned` columns (default: the first) left-aligned, the others right-aligned, two spaces
    /// apart. When the rows are wider than `width` because of the first column, a first cell too long for the room left
    /// goes on a line of its own and its row follows with an empty first cell; the header keeps its place.
    public static func table(_ rows: [[String]], leftAligned: Set<Int> = [0], width: Int = TextLayout.width) -> [String] {
        guard let header = rows.first else { return [] }
        var widths = (0..<header.count).map { c in rows.map { $0[c].count }.max()! }
        let others = widths.dropFirst().reduce(0, +) + 2 * (widths.count - 1)
        let room = Swift.max(width - others, header[0].count, 12)
        if widths[0] > room { widths[0] = Swift.max(room, header[0].count) }
        var lines: [String] = []
        for (i, r) in rows.enumerated() {
            var cells = r
            if i > 0 && cells[0].count > widths[0] {
                lines += wrap(cells[0], width: width)
                cells[0] = ""
            }
            lines.append(cells.enumerated().map { c, cell in
                leftAligned.contains(c) ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: Swift.max(widths[c] - cell.count, 0)) + cell
            }.joined(separator: "  "))
        }
        return lines
    }
}
