/// Daily series that the stylised facts cannot be measured on. The loaders name the file and line of bad data; these
/// cases name the series and the 0-based row within it (the caller's arrays). The CLI prints `description`, exit 2.
public enum StylisedFactsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A series aligned on the SPX calendar has a different number of rows than the SPX closes.
    case lengthMismatch(series: String, count: Int, expected: Int)
    /// A close or settle that is zero, negative, infinite or NaN.
    case notPositive(series: String, day: Int, value: Double)
    /// Days to expiry of a futures row out of order (front at least 1, second after the front).
    case expiryOrder(day: Int, front: Int, second: Int)

    public var description: String {
        switch self {
        case let .lengthMismatch(series, count, expected):
            return "\(series) series has \(count) rows; expected \(expected), one per SPX close."
        case let .notPositive(series, day, value):
            return "\(series) row \(day): \(value) is not a price; allowed: a finite number above 0."
        case let .expiryOrder(day, front, second):
            return "VIX futures row \(day): days to expiry front \(front), second \(second); allowed: front >= 1 and second > front."
        }
    }
}
