/// One VIX futures settlement: a monthly contract on one trade date.
public struct VIXFuturesSettlement: Sendable, Equatable {
    public let tradeDate: TradingDate
    /// The contract month (`contract` column, `YYYY-MM`) as a running month number `12 year + month - 1`.
    public let contractMonth: Int
    /// Final settlement date (a Wednesday, a Tuesday in holiday weeks).
    public let expiry: TradingDate
    /// Settlement price, VIX points (rows before 2007-03-26 were quoted at 10x VIX; the table has already divided them).
    public let settle: Double
    /// The contract's last day: `settle` is the special opening quotation (SOQ) of the VIX.
    public let isFinalSettlement: Bool
    /// The file's `scaled_x10` flag: the price was divided by 10 when the table was built.
    public let wasScaledFrom10x: Bool
    /// 1-based line in the file.
    public let line: Int
}

/// The long table of VIX futures settlements (`vix_futures/vx_futures_settlements_long.csv`: one row per trade date
/// and contract, ISO dates, rows in trade-date order), valid rows only.
///
/// Skipped and counted: listing placeholders (`settle` 0) and rows flagged `suspect_settle` (two settles of 1.00 on
/// 2008-04-21 and one more); a negative settle is an error. Checked: trade dates in order, one row per (trade date,
/// contract), the expiry inside its contract month and not before the trade date.
public struct VIXFuturesSettlements: Sendable {
    public let file: String
    /// Valid rows in file order (trade date, then expiry).
    public let rows: [VIXFuturesSettlement]
    /// The distinct trade dates of the valid rows, increasing: the futures' own calendar.
    public let tradeDates: [TradingDate]
    /// Listing placeholders, suspect settles, blank lines.
    public let skipped: [SkippedRows]
    /// Row ranges of `rows` per trade date (parallel to `tradeDates`).
    let rowsByDate: [Range<Int>]

    public static let columns = ["trade_date", "contract", "expiry", "settle", "final_settlement_row", "scaled_x10", "suspect_settle"]

    /// No futures at all (for uses of the history that need only the indices, e.g. `alvh calibrate history`).
    public init(noFileNamed file: String) {
        self.file = file
        rows = []
        tradeDates = []
        skipped = []
        rowsByDate = []
    }

    /// - Throws: `DataError` naming the file, line and column.
    public init(path: String) throws(DataError) {
        let table = try CSVTable(path: path)
        let c = try Self.columns.map { name throws(DataError) in try table.column(name) }
        let (trade, contract, expiry, settle, final, scaled, suspect) = (c[0], c[1], c[2], c[3], c[4], c[5], c[6])
        var rows: [VIXFuturesSettlement] = []
        rows.reserveCapacity(table.rows.count)
        var zero = SkippedRows(file: path, reason: "settle 0 (listing placeholder)")
        var flagged = SkippedRows(file: path, reason: "suspect_settle")
        var previous: TradingDate?
        var contractsToday: [Int: Int] = [:]   // contract month -> line, for the current trade date
        for i in table.rows.indices {
            let line = table.rows[i].line
            let t = try table.date(i, trade)
            if let p = previous, t < p { throw .unsortedDates(file: path, line: line, column: trade.name, date: t, previous: p) }
            if t != previous { contractsToday.removeAll(keepingCapacity: true) }
            previous = t
            let month = try Self.contractMonth(table, i, contract)
            if let first = contractsToday[month] {
                throw .duplicateDate(file: path, line: line, column: trade.name, date: t, firstLine: first)
            }
            contractsToday[month] = line
            let e = try table.date(i, expiry)
            guard 12 * e.year + e.month - 1 == month else {
                throw .inconsistentRow(file: path, line: line, column: expiry.name,
                                       reason: "expiry \(e) is not in the contract month \(table.text(i, contract)).")
            }
            guard e >= t else {
                throw .inconsistentRow(file: path, line: line, column: expiry.name, reason: "expiry \(e) is before the trade date \(t).")
            }
            let s = try table.number(i, settle)
            guard s >= 0 else {
                throw .outOfRange(file: path, line: line, column: settle.name, value: s, allowed: "0 (placeholder) or a price above 0")
            }
            let isSuspect = try table.flag(i, suspect), isFinal = try table.flag(i, final), wasScaled = try table.flag(i, scaled)
            if isSuspect { flagged.add(line: line); continue }
            if s == 0 { zero.add(line: line); continue }
            rows.append(VIXFuturesSettlement(tradeDate: t, contractMonth: month, expiry: e, settle: s, isFinalSettlement: isFinal,
                                             wasScaledFrom10x: wasScaled, line: line))
        }
        var dates: [TradingDate] = [], ranges: [Range<Int>] = []
        var start = 0
        for i in rows.indices where i + 1 == rows.count || rows[i + 1].tradeDate != rows[i].tradeDate {
            dates.append(rows[i].tradeDate)
            ranges.append(start..<(i + 1))
            start = i + 1
        }
        file = path
        self.rows = rows
        tradeDates = dates
        rowsByDate = ranges
        skipped = [zero, flagged].filter { $0.count > 0 }
            + (table.blankLines.isEmpty ? [] : [SkippedRows(file: path, reason: "blank line", lines: table.blankLines)])
    }

    /// `YYYY-MM` -> `12 YYYY + MM - 1`.
    static func contractMonth(_ table: CSVTable, _ row: Int, _ column: CSVTable.Column) throws(DataError) -> Int {
        let text = table.text(row, column)
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else {
            throw .inconsistentRow(file: table.file, line: table.rows[row].line, column: column.name,
                                   reason: "'\(text)' is not a contract month; expected YYYY-MM.")
        }
        return 12 * y + m - 1
    }

    /// The valid settlements on `date` (increasing expiry), empty on a day without rows.
    public func listed(on date: TradingDate) -> ArraySlice<VIXFuturesSettlement> {
        guard let k = position(of: date) else { return [] }
        return rows[rowsByDate[k]]
    }

    func position(of date: TradingDate) -> Int? {
        let k = count(tradeDatesNotAfter: date) - 1
        return k >= 0 && tradeDates[k] == date ? k : nil
    }

    /// The number of trade dates on or before `date` (binary search).
    func count(tradeDatesNotAfter date: TradingDate) -> Int {
        var lo = 0, hi = tradeDates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tradeDates[mid] > date { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Trading days from `date` to `expiry` on the futures' own calendar, as `VIXFuturesCurveDay` defines them: the
    /// trade dates in `(date, expiry]`, plus the weekdays in `(max(last trade date, date), expiry]` beyond the data.
    /// 1 on the day before expiry; a contract's count falls by one from one trade date to the next.
    public func tradingDaysToExpiry(from date: TradingDate, to expiry: TradingDate) -> Int {
        guard let last = tradeDates.last else { return date.weekdays(through: expiry) }
        return count(tradeDatesNotAfter: expiry) - count(tradeDatesNotAfter: date) + max(last, date).weekdays(through: expiry)
    }

    /// The front and second contract on every trade date in `[from, to]` that lists two contracts expiring after it.
    ///
    /// The front is the contract with the nearest expiry strictly after the trade date (an expiring contract is not the
    /// front on its final day), the second the next listed expiry (not always the next month: 2004-06 listed only some
    /// months). `vix`: the VIX closes, for the same-day VIX of the basis (any VIX print that date, holiday prints too,
    /// as `scripts/history_facts.py` does).
    public func frontAndSecond(from: TradingDate, to: TradingDate, vix: DailyCloses?) -> [VIXFuturesCurvePoint] {
        var out: [VIXFuturesCurvePoint] = []
        for k in tradeDates.indices where tradeDates[k] >= from && tradeDates[k] <= to {
            let t = tradeDates[k]
            let live = rows[rowsByDate[k]].filter { $0.expiry > t }.sorted { $0.expiry < $1.expiry }
            guard live.count >= 2 else { continue }
            let (f, s) = (live[0], live[1])
            out.append(VIXFuturesCurvePoint(date: t, front: f, second: s,
                                            day: VIXFuturesCurveDay(front: f.settle, second: s.settle,
                                                                    frontDaysToExpiry: tradingDaysToExpiry(from: t, to: f.expiry),
                                                                    secondDaysToExpiry: tradingDaysToExpiry(from: t, to: s.expiry),
                                                                    vix: vix?.close(on: t))))
        }
        return out
    }
}

/// The front and second VIX futures on one trade date, with the contracts they came from.
public struct VIXFuturesCurvePoint: Sendable, Equatable {
    public let date: TradingDate
    public let front: VIXFuturesSettlement
    public let second: VIXFuturesSettlement
    /// What the stylised facts read.
    public let day: VIXFuturesCurveDay

    /// Whether the second contract is the month after the front's.
    public var isConsecutiveMonths: Bool { second.contractMonth == front.contractMonth + 1 }
}
