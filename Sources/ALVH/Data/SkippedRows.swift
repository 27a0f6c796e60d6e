/// Rows of a data file that a loader left out on purpose (blank lines, listing placeholders, flagged settles): how many
/// and the first few line numbers, so that a user can look at them.
public struct SkippedRows: Sendable, Equatable {
    /// The file as the user gave it.
    public let file: String
    /// Why, in a few words ("settle 0 (listing placeholder)").
    public let reason: String
    public private(set) var count = 0
    /// The first `SkippedRows.linesKept` line numbers (1-based; the header is line 1).
    public private(set) var firstLines: [Int] = []

    public static let linesKept = 5

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public init(file: String, reason: String, lines: [Int]) {
        self.init(file: file, reason: reason)
        for l in lines { add(line: l) }
    }

    public mutating func add(line: Int) {
        count += 1
        if firstLines.count < SkippedRows.linesKept { firstLines.append(line) }
    }

    /// "data/x.csv: 344 rows skipped, settle 0 (listing placeholder); first lines 12, 13, 40, 41, 42"
    public var description: String {
        "\(file): \(count) row\(count == 1 ? "" : "s") skipped, \(reason); first line\(firstLines.count == 1 ? "" : "s") "
            + firstLines.map(String.init).joined(separator: ", ")
    }
}

/// Dates of one series that have no place on the history's trading calendar (or a calendar day without the series):
/// how many and the first few, e.g. VIX prints on NYSE holidays, dropped, never interpolated.
public struct CalendarGap: Sendable, Equatable {
    public let series: String
    /// What happened to them ("dropped: no SPX close that day").
    public let reason: String
    public let count: Int
    public let firstDates: [TradingDate]

    public static let datesKept = 5

    public init(series: String, reason: String, dates: [TradingDate]) {
        self.series = series
        self.reason = reason
        count = dates.count
        firstDates = Array(dates.prefix(CalendarGap.datesKept))
    }

    public var description: String {
        "\(series): \(count) day\(count == 1 ? "" : "s") \(reason)"
            + (firstDates.isEmpty ? "" : "; first " + firstDates.map(\.description).joined(separator: ", "))
    }
}
