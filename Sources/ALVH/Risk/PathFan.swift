import Foundation

/// Daily quantiles of the SPX level and the model VIX across paths: the data of a fan chart.
///
/// Computed from the first `sampledPaths` paths of the run (paths are independent and identically distributed, so
/// the first n are a simple random sample of the run's paths; every layout of the run sees the same ones). With n
/// paths the empirical p-quantile has standard error about `sqrt(p(1-p)/n) / f(q_p)`: at n = 10,000 the 5 % band
/// edge is within about 0.4 percentile points of its population value, enough for a chart, which is all this is
/// for; tail figures come from every path.
public struct PathFan: Sendable, Equatable {
    /// The quantile levels, as probabilities.
    public static let levels = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
    /// At most this many paths are kept, and at most `valueBudget / (days + 1)` (memory: 2 x 8 bytes per value).
    public static let maximumSampledPaths = 10_000
    public static let valueBudget = 2_000_000

    public let sampledPaths: Int
    /// `spx[level][day]`, day 0 = t0, in index points.
    public let spx: [[Double]]
    /// `vix[level][day]`, day 0 = t0, in VIX points.
    public let vix: [[Double]]
    /// Paths whose SPX or VIX was not finite on some day (left out of that day's quantiles and counted here).
    public let nonFinitePaths: Int

    /// How many paths a run of `paths` paths over `days` days keeps for its fan.
    public static func sampleSize(paths: Int, days: Int) -> Int {
        min(paths, maximumSampledPaths, max(valueBudget / (days + 1), 100))
    }

    /// - Parameters:
    ///   - spotPaths, vixPaths: `[path * (days + 1) + day]`, `count` paths.
    init(spotPaths: UnsafeMutableBufferPointer<Double>, vixPaths: UnsafeMutableBufferPointer<Double>, count: Int, days: Int) {
        sampledPaths = count
        var spx = [[Double]](repeating: [Double](repeating: .nan, count: days + 1), count: PathFan.levels.count)
        var vix = spx
        var bad = Set<Int>()
        var column = [Double]()
        column.reserveCapacity(count)
        for (paths, output) in [(spotPaths, 0), (vixPaths, 1)] {
            for day in 0...days {
                column.removeAll(keepingCapacity: true)
                for p in 0..<count {
                    let x = paths[p * (days + 1) + day]
                    if x.isFinite { column.append(x) } else { bad.insert(p) }
                }
                column.sort()
                guard !column.isEmpty else { continue }
                for (l, level) in PathFan.levels.enumerated() {
                    let q = SampleStatistics.quantile(sorted: column, level)
                    if output == 0 { spx[l][day] = q } else { vix[l][day] = q }
                }
            }
        }
        self.spx = spx
        self.vix = vix
        nonFinitePaths = bad.count
    }
}
