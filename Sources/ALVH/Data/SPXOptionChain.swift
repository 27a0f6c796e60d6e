/// One quote of an SPX option chain.
public struct SPXOptionQuote: Sendable, Equatable {
    public let date: TradingDate
    public let expiry: TradingDate
    public let kind: OptionKind
    /// Strike, index points (the file's `strike_price` / 1000).
    public let strike: Double
    /// Best bid and offer, index points per unit (x 100 per listed contract).
    public let bid: Double
    public let offer: Double
    /// `E` (European, SPX) or `A`.
    public let exerciseStyle: String
    public let line: Int

    public var mid: Double { (bid + offer) / 2 }
}

/// An SPX option chain in OptionMetrics style (`date,exdate,cp_flag,strike_price,best_bid,best_offer,exercise_style`;
/// dates YYYYMMDD; `strike_price` is the strike x 1000; `cp_flag` C or P), e.g. 2020-12-01 in `data/options/`.
///
/// Checked: bid at least 0 and offer at least the bid, strike above 0, expiry not before the quote date. Quotes with
/// no offer (bid and offer both 0) are kept: the caller decides.
public struct SPXOptionChain: Sendable {
    public let file: String
    public let quotes: [SPXOptionQuote]
    public let skipped: [SkippedRows]

    /// - Throws: `DataError` naming the file, line and column.
    public init(path: String) throws(DataError) {
        let table = try CSVTable(path: path)
        let date = try table.column("date"), exdate = try table.column("exdate"), flag = try table.column("cp_flag")
        let strike = try table.column("strike_price"), bid = try table.column("best_bid"), offer = try table.column("best_offer")
        let style = try? table.column("exercise_style")
        var quotes: [SPXOptionQuote] = []
        for i in table.rows.indices {
            let line = table.rows[i].line
            let d = try table.date(i, date), e = try table.date(i, exdate)
            guard e >= d else {
                throw .inconsistentRow(file: path, line: line, column: exdate.name, reason: "expiry \(e) is before the quote date \(d).")
            }
            let kind: OptionKind
            switch table.text(i, flag).uppercased() {
            case "C": kind = .call
            case "P": kind = .put
            default:
                throw .inconsistentRow(file: path, line: line, column: flag.name, reason: "'\(table.text(i, flag))' is not C or P.")
            }
            let k = try table.positive(i, strike) / 1000
            let b = try table.number(i, bid), o = try table.number(i, offer)
            guard b >= 0 else { throw .outOfRange(file: path, line: line, column: bid.name, value: b, allowed: "0 or more") }
            guard o >= b else { throw .outOfRange(file: path, line: line, column: offer.name, value: o, allowed: "at least the bid \(b)") }
            quotes.append(SPXOptionQuote(date: d, expiry: e, kind: kind, strike: k, bid: b, offer: o,
                                         exerciseStyle: style.map { table.text(i, $0) } ?? "", line: line))
        }
        file = path
        self.quotes = quotes
        skipped = table.blankLines.isEmpty ? [] : [SkippedRows(file: path, reason: "blank line", lines: table.blankLines)]
    }

    /// The distinct expiries, increasing.
    public var expiries: [TradingDate] { Array(Set(quotes.map(\.expiry))).sorted() }
}
