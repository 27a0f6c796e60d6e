/// A zero-coupon rate curve for one date (`date,days,rate`: calendar days to maturity, rate in percent, continuously
/// compounded; OptionMetrics style, e.g. `data/options/zero_rates_20201201.csv`).
public struct ZeroCurve: Sendable, Equatable {
    public let file: String
    public let date: TradingDate
    /// Calendar days to maturity, increasing.
    public let days: [Int]
    /// Continuously compounded rates as fractions (the file's percent / 100).
    public let rates: [Double]

    /// - Throws: `DataError` naming the file, line and column: a date or number that does not parse, several dates,
    ///   days not increasing or not a positive whole number, a rate outside -10 ... 100 %.
    public init(path: String) throws(DataError) {
        let table = try CSVTable(path: path)
        let dateColumn = try table.column("date"), daysColumn = try table.column("days"), rateColumn = try table.column("rate")
        var date: TradingDate?, days: [Int] = [], rates: [Double] = []
        for i in table.rows.indices {
            let line = table.rows[i].line
            let d = try table.date(i, dateColumn)
            if let first = date, first != d {
                throw .inconsistentRow(file: path, line: line, column: dateColumn.name, reason: "\(d) differs from the first row's \(first); one curve per file.")
            }
            date = d
            let n = try table.number(i, daysColumn)
            guard n >= 1, n == n.rounded(), n < 100_000 else {
                throw .outOfRange(file: path, line: line, column: daysColumn.name, value: n, allowed: "a whole number of days, 1 ... 99999")
            }
            if let last = days.last, Int(n) <= last {
                throw .outOfRange(file: path, line: line, column: daysColumn.name, value: n, allowed: "more than the previous row's \(last) (increasing)")
            }
            let r = try table.number(i, rateColumn)
            guard (-10...100).contains(r) else {
                throw .outOfRange(file: path, line: line, column: rateColumn.name, value: r, allowed: "-10 ... 100 (percent)")
            }
            days.append(Int(n))
            rates.append(r / 100)
        }
        file = path
        self.date = date ?? TradingDate(year: 1970, month: 1, day: 1)!   // CSVTable guarantees a row
        self.days = days
        self.rates = rates
    }

    /// The rate for `calendarDays` to maturity: linear in days between points, flat beyond the first and last.
    public func rate(calendarDays: Double) -> Double {
        guard let first = days.first, let last = days.last else { return 0 }
        if calendarDays <= Double(first) { return rates[0] }
        if calendarDays >= Double(last) { return rates[rates.count - 1] }
        var i = 1
        while Double(days[i]) < calendarDays { i += 1 }
        let w = (calendarDays - Double(days[i - 1])) / Double(days[i] - days[i - 1])
        return rates[i - 1] + w * (rates[i] - rates[i - 1])
    }
}
