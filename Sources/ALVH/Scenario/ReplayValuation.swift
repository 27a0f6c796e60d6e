/// A book's figures on one day of a replay window (currency, in that day's money: premiums and settled cash carried
/// to the day at r): a static book's from `StaticReplay.value`, an adaptive book's from `AdaptiveDailyRecord`.
struct ReplayValuation: Sendable, Equatable {
    /// notional x beta x SPX total return since the window's first day.
    let portfolio: Double
    /// Per layer (an adaptive book's slot): settlements and sales carried, plus the live position's mark.
    let layers: [Double]
    /// Premiums and trading costs paid, carried.
    let premiumCarried: Double
    var hedge: Double { layers.reduce(0, +) }
    var hedged: Double { portfolio + hedge - premiumCarried }
}
