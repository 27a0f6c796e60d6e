/// Market data that cannot be used: every case names the file (as the user gave it) and, where there is one, the line
/// (1-based, the header is line 1) and the column. The CLI prints `description` and exits with code 2.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at the path; `lookedIn` is the absolute folder searched when the path was relative (or empty).
    case fileNotFound(file: String, lookedIn: String)
    /// The path is a folder.
    case notAFile(file: String)
    case unreadable(file: String, reason: String)
    /// Not even a header line.
    case empty(file: String)
    /// A header without data rows.
    case noRows(file: String)
    /// A column the loader needs is absent from the header.
    case missingColumn(file: String, column: String, header: String)
    /// A row with fewer (or more) fields than the header: a truncated or damaged line.
    case wrongFieldCount(file: String, line: Int, found: Int, expected: Int)
    case notANumber(file: String, line: Int, column: String, text: String)
    /// A price, strike or rate outside its allowed range (`allowed` says which).
    case outOfRange(file: String, line: Int, column: String, value: Double, allowed: String)
    case notADate(file: String, line: Int, column: String, text: String)
    case notAFlag(file: String, line: Int, column: String, text: String)
    /// A date earlier than the row before it (the files are in date order).
    case unsortedDates(file: String, line: Int, column: String, date: TradingDate, previous: TradingDate)
    /// A date (or, in the futures table, a trade date and contract) that appeared on an earlier line.
    case duplicateDate(file: String, line: Int, column: String, date: TradingDate, firstLine: Int)
    /// A futures row whose expiry is not in its contract month or comes before its trade date.
    case inconsistentRow(file: String, line: Int, column: String, reason: String)
    /// The data directory does not exist (`lookedAt`: the places searched, in order).
    case dataDirectoryNotFound(lookedAt: [String])
    /// A date range the data cannot serve.
    case emptyWindow(from: TradingDate, to: TradingDate, reason: String)

    public var description: String {
        switch self {
        case let .fileNotFound(file, lookedIn):
            return "\(file): no such file" + (lookedIn.isEmpty ? "." : " (looked in \(lookedIn)).")
        case let .notAFile(file):
            return "\(file): is a folder; expected a CSV file."
        case let .unreadable(file, reason):
            return "\(file): cannot be read (\(reason))."
        case let .empty(file):
            return "\(file): the file is empty; expected a header line and data rows."
        case let .noRows(file):
            return "\(file): a header but no data rows."
        case let .missingColumn(file, column, header):
            return "\(file) line 1: no column \(column) in the header '\(header)'."
        case let .wrongFieldCount(file, line, found, expected):
            return "\(file) line \(line): \(found) fields, expected \(expected) as in the header (a truncated or damaged line)."
        case let .notANumber(file, line, column, text):
            return "\(file) line \(line), column \(column): '\(text)' is not a number."
        case let .outOfRange(file, line, column, value, allowed):
            return "\(file) line \(line), column \(column): \(value) is out of range; allowed: \(allowed)."
        case let .notADate(file, line, column, text):
            return "\(file) line \(line), column \(column): '\(text)' is not a date; expected YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD."
        case let .notAFlag(file, line, column, text):
            return "\(file) line \(line), column \(column): '\(text)' is not True or False."
        case let .unsortedDates(file, line, column, date, previous):
            return "\(file) line \(line), column \(column): \(date) comes after \(previous); the rows must be in date order."
        case let .duplicateDate(file, line, column, date, firstLine):
            return "\(file) line \(line), column \(column): \(date) already appears on line \(firstLine)."
        case let .inconsistentRow(file, line, column, reason):
            return "\(file) line \(line), column \(column): \(reason)"
        case let .dataDirectoryNotFound(lookedAt):
            return "no data directory (looked at \(lookedAt.joined(separator: ", "))); run from the repository root or pass --data-dir DIR."
        case let .emptyWindow(from, to, reason):
            return "--from \(from) --to \(to): \(reason)"
        }
    }
}
