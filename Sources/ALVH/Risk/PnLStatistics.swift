/// Mean with standard error, tail risk and percentiles of one P&L sample (currency).
public struct PnLStatistics: Sendable {
    public let sample: SampleStatistics
    public let tail: TailRisk

    /// Percentile levels of the report (percent).
    public static let percentileLevels: [Double] = [0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99]

    public init(_ pnl: [Double]) {
        sample = SampleStatistics(pnl, percentileLevels: PnLStatistics.percentileLevels)
        tail = TailRisk(pnl: pnl)
    }
}
