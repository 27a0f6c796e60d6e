/// The daily figures of every adaptive book on path 0 (a replay's one window): per book and day the portfolio P&L,
/// the premiums paid so far and each slot's value (proceeds and the live position at bid), all carried to that day
/// at r, so `hedged = portfolio + sum of slots - premium` as in `ReplayValuation`.
///
/// Written by the worker that runs path 0 (one batch holds it), read after the run: no two threads touch it.
final class AdaptiveDailyRecord: @unchecked Sendable {
    let days: Int
    /// Per book: its number of slots.
    let slotCounts: [Int]
    private let offsets: [Int]
    private var values: [Double]

    init(books: [AdaptiveBook], days: Int) {
        self.days = days
        slotCounts = books.map(\.slots.count)
        var next = 0, offsets: [Int] = []
        for count in slotCounts {
            offsets.append(next)
            next += (days + 1) * (2 + count)
        }
        self.offsets = offsets
        values = [Double](repeating: .nan, count: next)
    }

    /// Column 0 the portfolio P&L, 1 the premiums carried, 2 + s slot `s`'s value.
    func set(book b: Int, day d: Int, column c: Int, _ value: Double) {
        values[offsets[b] + d * (2 + slotCounts[b]) + c] = value
    }

    /// Book `b` on day `d`: portfolio P&L, slot values, premiums carried.
    func day(book b: Int, _ d: Int) -> (portfolio: Double, slots: [Double], premium: Double) {
        let row = offsets[b] + d * (2 + slotCounts[b])
        return (values[row], Array(values[(row + 2)..<(row + 2 + slotCounts[b])]), values[row + 1])
    }
}
