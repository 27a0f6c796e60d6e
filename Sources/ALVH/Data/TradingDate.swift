/// A calendar date of the market data (no time, no time zone): year, month, day.
///
/// Parsed from the formats of the shipped files: ISO `YYYY-MM-DD` (Yahoo, the futures table, the command line),
/// US `MM/DD/YYYY` (Cboe's index files) and compact `YYYYMMDD` (OptionMetrics-style chains); always zero-padded.
/// Ordered by date; `dayNumber` counts days since 1970-01-01 (proleptic Gregorian calendar), so differences are
/// calendar days and `weekday` needs no `Foundation.Calendar`.
public struct TradingDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// - Returns: nil unless `month` is 1 ... 12 and `day` exists in that month (29 February only in leap years); years
    ///   1800 ... 2200 (the data is 1927-2026; anything else is a typo).
    public init?(year: Int, month: Int, day: Int) {
        guard (1800...2200).contains(year), (1...12).contains(month), day >= 1,
              day <= TradingDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, `MM/DD/YYYY` or `YYYYMMDD` (surrounding spaces ignored); nil for anything else.
    public init?<S: StringProtocol>(_ text: S) {
        let b = Array(text.utf8).trimmingSpaces()
        func number(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                guard b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return n
        }
        let parts: (Int?, Int?, Int?)
        if b.count == 10 && b[4] == UInt8(ascii: "-") && b[7] == UInt8(ascii: "-") {
            parts = (number(0..<4), number(5..<7), number(8..<10))
        } else if b.count == 10 && b[2] == UInt8(ascii: "/") && b[5] == UInt8(ascii: "/") {
            parts = (number(6..<10), number(0..<2), number(3..<5))
        } else if b.count == 8 {
            parts = (number(0..<4), number(4..<6), number(6..<8))
        } else {
            return nil
        }
        guard let y = parts.0, let m = parts.1, let d = parts.2 else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before it); H. Hinnant's `days_from_civil`.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7) + 7 + 4) % 7 }

    public var isWeekday: Bool { (1...5).contains(weekday) }

    /// Weekdays in `(self, end]` (0 when `end` is not after `self`): the count of trading days beyond the last row of data.
    public func weekdays(through end: TradingDate) -> Int {
        let from = dayNumber, to = end.dayNumber
        guard to > from else { return 0 }
        var n = 0
        for d in (from + 1)...to where ((d % 7) + 7 + 4) % 7 != 0 && ((d % 7) + 7 + 4) % 7 != 6 { n += 1 }
        return n
    }

    /// ISO `YYYY-MM-DD`.
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: TradingDate, b: TradingDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

extension Array where Element == UInt8 {
    /// The bytes without leading and trailing spaces, tabs and carriage returns.
    func trimmingSpaces() -> [UInt8] {
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let first = firstIndex(where: { !space($0) }), let last = lastIndex(where: { !space($0) }) else { return [] }
        return Array(self[first...last])
    }
}
