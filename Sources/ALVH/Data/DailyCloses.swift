/// The daily closes of one index file: dates in increasing order and the close on each date.
///
/// Two layouts, told apart by the header: Cboe's (`DATE,OPEN,HIGH,LOW,CLOSE`, dates MM/DD/YYYY; VIX, VIX3M, and
/// Yahoo's SPX as shipped) and Yahoo's (`Date,Open,High,Low,Close,...`, ISO dates; VXV, VXX). Only the date and
/// close columns are read (early rows with OPEN outside [LOW, HIGH] or close-only rows do not matter). Units: index
/// points, as in the file.
public struct DailyCloses: Sendable, Equatable {
    /// The file as the user gave it.
    public let file: String
    public let dates: [TradingDate]
    public let closes: [Double]
    /// Blank lines left out.
    public let skipped: [SkippedRows]

    /// Loads `path` (`closeColumn`: `CLOSE`/`Close` by default; `Adj Close` for an ETN with splits).
    /// - Throws: `DataError` naming the file, line and column: missing file or column, truncated line, a date or close
    ///   that does not parse, a close not above 0, dates out of order or repeated.
    public init(path: String, closeColumn: String = "CLOSE") throws(DataError) {
        let table = try CSVTable(path: path)
        let dateColumn = try table.column("DATE", "Date")
        let closeColumn = try table.column(closeColumn)
        var dates: [TradingDate] = [], closes: [Double] = []
        dates.reserveCapacity(table.rows.count)
        closes.reserveCapacity(table.rows.count)
        for i in table.rows.indices {
            dates.append(try table.date(i, dateColumn))
            closes.append(try table.positive(i, closeColumn))
        }
        try table.requireIncreasing(dates, column: dateColumn)
        file = path
        self.dates = dates
        self.closes = closes
        skipped = table.blankLines.isEmpty ? [] : [SkippedRows(file: path, reason: "blank line", lines: table.blankLines)]
    }

    /// Closes from arrays (tests, other sources). - Precondition: same length, dates strictly increasing.
    public init(file: String, dates: [TradingDate], closes: [Double]) {
        precondition(dates.count == closes.count && zip(dates, dates.dropFirst()).allSatisfy { $0 < $1 })
        self.file = file
        self.dates = dates
        self.closes = closes
        skipped = []
    }

    /// The close on `date`, if the file has one (binary search).
    public func close(on date: TradingDate) -> Double? {
        let i = index(notBefore: date)
        return i < dates.count && dates[i] == date ? closes[i] : nil
    }

    /// The first position whose date is not before `date` (`dates.count` if none).
    public func index(notBefore date: TradingDate) -> Int {
        var lo = 0, hi = dates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[mid] < date { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The positions with dates in `[from, to]`.
    public func range(from: TradingDate, to: TradingDate) -> Range<Int> {
        let lo = index(notBefore: from)
        var hi = lo
        while hi < dates.count && dates[hi] <= to { hi += 1 }
        return lo..<hi
    }
}
