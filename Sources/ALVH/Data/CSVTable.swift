import Foundation

/// A comma-separated file as the data loaders read it: a header line naming the columns, then one row per line, no
/// quoting (none of the shipped files quotes a field). Blank lines are skipped (and counted); a row with a different
/// number of fields than the header is an error naming its line. Values are parsed on demand by the typed accessors,
/// which throw `DataError` naming the file, line and column.
struct CSVTable {
    /// The path as the user gave it (for messages).
    let file: String
    let header: [String]
    /// Data rows: the 1-based line number in the file and the raw fields.
    let rows: [(line: Int, fields: [Substring])]
    /// 1-based line numbers of blank lines.
    let blankLines: [Int]

    /// Reads and splits `path`. - Throws: `DataError` for a missing, unreadable, empty or damaged file.
    init(path: String) throws(DataError) {
        file = path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
            throw .fileNotFound(file: path, lookedIn: path.hasPrefix("/") ? "" : folder)
        }
        if isFolder.boolValue { throw .notAFile(file: path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        if lines.last?.isEmpty == true { lines.removeLast() }   // the final newline
        func clean(_ s: Substring) -> Substring { s.last == "\r" ? s.dropLast() : s }
        if lines.first?.first == "\u{FEFF}" { lines[0] = lines[0].dropFirst() }   // a UTF-8 byte order mark
        guard let first = lines.first.map(clean), !first.trimmingCharacters(in: .whitespaces).isEmpty else { throw .empty(file: path) }
        header = first.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [(line: Int, fields: [Substring])] = []
        rows.reserveCapacity(lines.count)
        var blank: [Int] = []
        for (i, raw) in lines.enumerated().dropFirst() {
            let line = clean(raw)
            if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { blank.append(i + 1); continue }
            let fields = line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Substring($0) }
            guard fields.count == header.count else {
                throw .wrongFieldCount(file: path, line: i + 1, found: fields.count, expected: header.count)
            }
            rows.append((i + 1, fields))
        }
        guard !rows.isEmpty else { throw .noRows(file: path) }
        self.rows = rows
        blankLines = blank
    }

    /// The position of the first of `names` present in the header (exact match, then case-insensitive).
    func column(_ names: String...) throws(DataError) -> Column {
        for name in names {
            if let i = header.firstIndex(of: name) ?? header.firstIndex(where: { $0.lowercased() == name.lowercased() }) {
                return Column(index: i, name: header[i])
            }
        }
        throw .missingColumn(file: file, column: names[0], header: header.joined(separator: ","))
    }

    struct Column {
        let index: Int
        let name: String
    }

    func text(_ row: Int, _ c: Column) -> String { rows[row].fields[c.index].trimmingCharacters(in: .whitespaces) }

    /// A finite number. - Throws: `.notANumber` naming the line and column.
    func number(_ row: Int, _ c: Column) throws(DataError) -> Double {
        let t = text(row, c)
        guard let x = Double(t), x.isFinite else { throw .notANumber(file: file, line: rows[row].line, column: c.name, text: t) }
        return x
    }

    /// A number above 0 (a close, a settle, a strike). - Throws: `.notANumber` or `.outOfRange`.
    func positive(_ row: Int, _ c: Column) throws(DataError) -> Double {
        let x = try number(row, c)
        guard x > 0 else { throw .outOfRange(file: file, line: rows[row].line, column: c.name, value: x, allowed: "a price above 0") }
        return x
    }

    func date(_ row: Int, _ c: Column) throws(DataError) -> TradingDate {
        let t = text(row, c)
        guard let d = TradingDate(t) else { throw .notADate(file: file, line: rows[row].line, column: c.name, text: t) }
        return d
    }

    /// `True` / `False` (any case; also 1 / 0).
    func flag(_ row: Int, _ c: Column) throws(DataError) -> Bool {
        switch text(row, c).lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .notAFlag(file: file, line: rows[row].line, column: c.name, text: text(row, c))
        }
    }

    /// Checks that `dates` (one per row, in row order) strictly increase. - Throws: `.duplicateDate` or `.unsortedDates`.
    func requireIncreasing(_ dates: [TradingDate], column c: Column) throws(DataError) {
        for i in dates.indices.dropFirst() where dates[i] <= dates[i - 1] {
            if dates[i] == dates[i - 1] {
                throw .duplicateDate(file: file, line: rows[i].line, column: c.name, date: dates[i], firstLine: rows[i - 1].line)
            }
            // A date before its predecessor: a duplicate of an earlier row, or out of order.
            if let j = dates[..<i].firstIndex(of: dates[i]) {
                throw .duplicateDate(file: file, line: rows[i].line, column: c.name, date: dates[i], firstLine: rows[j].line)
            }
            throw .unsortedDates(file: file, line: rows[i].line, column: c.name, date: dates[i], previous: dates[i - 1])
        }
    }
}
