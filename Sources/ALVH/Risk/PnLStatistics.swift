/// Mean with standard error, tail risk and percentiles of one P&L sample (currency).
public struct PnLStatistics: Sendable {
    public let sample: SampleStatistics
    public let tail: TailRisk

    /// Percentile levels of the report (percent).
    public static let percentileLevels: [Double] = [0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99]

    /// One selection serves the percentiles and the tail risk (`OrderStatistics`): the smallest P&L values, down to
    /// the first loss `TailRisk` reads, are sorted (losses are those values negated, reversed); the other percentile
    /// ranks are placed without sorting the rest. The same bits as `init(referenceSorting:)`, which sorts everything.
    public init(_ pnl: [Double]) {
        var finite: [Double] = []
        finite.reserveCapacity(pnl.count)
        for x in pnl where x.isFinite { finite.append(x) }
        let n = finite.count
        let nonFinite = pnl.count - n
        let confidences = TailRisk.defaultConfidences
        // Losses from 0-based index `start` on are the P&L values of ranks 0 ..< n - start, in reverse.
        let start = TailRisk.firstIndexRead(count: n, confidences: confidences)
        let tailCount = n - start
        let levels = PnLStatistics.percentileLevels
        let order = OrderStatistics(finite, ranks: SampleStatistics.ranks(percentileLevels: levels, count: n), sortedPrefix: tailCount)
        sample = SampleStatistics(finite: finite, nonFiniteCount: nonFinite, percentiles: SampleStatistics.percentiles(levels, from: order))
        tail = TailRisk(lossTail: order.values[0..<tailCount].reversed().map { -$0 }, start: start, count: n,
                        nonFiniteCount: nonFinite, confidences: confidences)
    }

    /// The reference: one full sort serves the percentiles and the tail risk.
    init(referenceSorting pnl: [Double]) {
        let finite = pnl.filter(\.isFinite)
        let sorted = finite.sorted()
        let nonFinite = pnl.count - finite.count
        let percentiles = sorted.isEmpty ? [] : PnLStatistics.percentileLevels.map {
            SampleStatistics.Percentile(level: $0, value: SampleStatistics.quantile(sorted: sorted, $0 / 100))
        }
        sample = SampleStatistics(finite: finite, nonFiniteCount: nonFinite, percentiles: percentiles)
        tail = TailRisk(sortedLosses: sorted.reversed().map { -$0 }, nonFiniteCount: nonFinite)
    }
}
