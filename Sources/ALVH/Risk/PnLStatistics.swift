/// Mean with standard error, tail risk and percentiles of one P&L sample (currency).
public struct PnLStatistics: Sendable {
    public let sample: SampleStatistics
    public let tail: TailRisk

    /// Percentile levels of the report (percent).
    public static let percentileLevels: [Double] = [0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99]

    /// One sort serves the percentiles and the tail risk (losses are the sorted P&L negated, reversed).
    public init(_ pnl: [Double]) {
        var finite: [Double] = []
        finite.reserveCapacity(pnl.count)
        for x in pnl where x.isFinite { finite.append(x) }
        finite.sort()
        let nonFinite = pnl.count - finite.count
        sample = SampleStatistics(finite: finite, nonFiniteCount: nonFinite, percentileLevels: PnLStatistics.percentileLevels)
        tail = TailRisk(sortedLosses: finite.reversed().map { -$0 }, nonFiniteCount: nonFinite)
    }
}
