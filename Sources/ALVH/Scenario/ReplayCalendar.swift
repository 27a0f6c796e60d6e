/// What a replay tells the daily book about each of its paths (path p = the window starting on history day
/// `starts[p]`): the real VIX settlement at expiry and the listed VIX futures a future slot trades, so that an adaptive
/// layout's VIX futures and options settle as a static one's do in `StaticReplay`.
struct ReplayCalendar: Sendable {
    let history: ReplayHistory
    let starts: [Int]

    /// The history day of path `p` on book day `d`.
    @inline(__always)
    func day(path p: Int, bookDay d: Int) -> Int { starts[p] + d }

    /// The contract month a future slot opened on book day `d` for `tenor` days holds: the listed contract with the
    /// nearest expiry on or after its expiry day (`ReplayHistory.futureContract`); -1 when none is listed.
    func contract(path p: Int, bookDay d: Int, tenor: Int) -> Int {
        history.futureContract(boughtOn: day(path: p, bookDay: d), heldDays: tenor)?.contractMonth ?? -1
    }

    /// The real settlement of `contract` on book day `d` of path `p` (its final settlement, the SOQ, on its expiry);
    /// NaN when the table has none (the window is then left out).
    func settlement(contract: Int, path p: Int, bookDay d: Int) -> Double {
        contract < 0 ? .nan : history.settlement(contractMonth: contract, day: day(path: p, bookDay: d)) ?? .nan
    }

    /// The VIX a VIX option expiring on book day `d` settles at: the SOQ on a monthly expiry, the close otherwise.
    func vixSettlement(path p: Int, bookDay d: Int) -> Double { history.vixSettlement(day: day(path: p, bookDay: d)) }

    /// The rebuilt futures index on book day `d` of path `p`, in points from `BookedLayer.indexBase` on the window's
    /// first day (`ReplayHistory.indexLevel`); NaN when it does not chain there (the window is then left out).
    func indexLevel(path p: Int, bookDay d: Int) -> Double {
        history.indexLevel(from: starts[p], to: day(path: p, bookDay: d)) ?? .nan
    }
}
