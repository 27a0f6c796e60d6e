import Foundation

/// Mean, Monte Carlo standard error and exact empirical percentiles of a sample of per-path outcomes.
///
/// Non-finite values are never averaged: they are counted in `nonFiniteCount` and left out. Sums run in path
/// order, so the result depends only on the values, not on how paths were batched. Percentiles read only the order
/// statistics they need (`OrderStatistics`, no full sort), with the same bits as from a sorted copy. The mean uses a second pass for
/// the variance (`s^2 = sum (x - mean)^2 / (n - 1)`), `standardError = s / sqrt(n)`.
public struct SampleStatistics: Sendable, Equatable {
    public let count: Int
    public let nonFiniteCount: Int
    public let mean: Double
    public let standardDeviation: Double
    public let standardError: Double
    /// `(level in percent, value)`, levels as asked.
    public let percentiles: [Percentile]

    public struct Percentile: Sendable, Equatable {
        public let level: Double
        public let value: Double
    }

    public static let defaultLevels: [Double] = [0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9]

    public init<C: Collection>(_ values: C, percentileLevels: [Double] = SampleStatistics.defaultLevels)
    where C.Element == Double {
        guard !percentileLevels.isEmpty else {
            // Mean and standard error only: two passes over the finite values in place, no copy (same sums, same bits).
            let finite = values.lazy.filter { $0.isFinite }
            let moments = SampleStatistics.moments(finite)
            self.init(count: moments.count, nonFiniteCount: values.count - moments.count, mean: moments.mean,
                      standardDeviation: moments.standardDeviation, percentiles: [])
            return
        }
        var finite: [Double] = []
        finite.reserveCapacity(values.count)
        for x in values where x.isFinite { finite.append(x) }
        let n = finite.count
        var percentiles: [Percentile] = []
        if n > 0 && !percentileLevels.isEmpty {
            // Only the order statistics the percentiles read are placed (`OrderStatistics`), not a full sort.
            let order = OrderStatistics(finite, ranks: SampleStatistics.ranks(percentileLevels: percentileLevels, count: n), sortedPrefix: 0)
            percentiles = SampleStatistics.percentiles(percentileLevels, from: order)
        }
        self.init(finite: finite, nonFiniteCount: values.count - n, percentiles: percentiles)
    }

    /// From finite values in path order (the sums run in that order) and the percentiles made from them.
    init(finite: [Double], nonFiniteCount: Int, percentiles: [Percentile]) {
        let moments = SampleStatistics.moments(finite)
        self.init(count: moments.count, nonFiniteCount: nonFiniteCount, mean: moments.mean,
                  standardDeviation: moments.standardDeviation, percentiles: percentiles)
    }

    private init(count: Int, nonFiniteCount: Int, mean: Double, standardDeviation: Double, percentiles: [Percentile]) {
        self.count = count
        self.nonFiniteCount = nonFiniteCount
        guard count > 0 else {
            self.mean = .nan; self.standardDeviation = .nan; standardError = .nan
            self.percentiles = []
            return
        }
        self.mean = mean
        self.standardDeviation = standardDeviation
        standardError = standardDeviation / Double(count).squareRoot()
        self.percentiles = percentiles
    }

    /// Count, mean and sample standard deviation of finite values, summed in their order (two passes: the mean, then
    /// `sum (x - mean)^2 / (n - 1)`; 0 for one value, NaN for none).
    private static func moments<C: Collection>(_ finite: C) -> (count: Int, mean: Double, standardDeviation: Double)
    where C.Element == Double {
        var count = 0, sum = 0.0
        for x in finite {
            sum += x
            count += 1
        }
        guard count > 0 else { return (0, .nan, .nan) }
        let m = sum / Double(count)
        var squares = 0.0
        for x in finite { squares += (x - m) * (x - m) }
        return (count, m, count > 1 ? (squares / Double(count - 1)).squareRoot() : 0)
    }

    /// The 0-based ranks the percentiles at `levels` (percent) of `n` values read; empty for no values.
    static func ranks(percentileLevels levels: [Double], count n: Int) -> [Int] {
        n == 0 ? [] : levels.flatMap { level in
            let r = quantileRanks(count: n, level / 100)
            return [r.lower, r.upper]
        }
    }

    /// The percentiles at `levels` from a sample whose `ranks(percentileLevels: levels, ...)` are in place.
    static func percentiles(_ levels: [Double], from order: OrderStatistics) -> [Percentile] {
        let n = order.values.count
        return n == 0 ? [] : levels.map { Percentile(level: $0, value: quantile(count: n, $0 / 100) { order[rank: $0] }) }
    }

    /// The two 0-based ranks that `quantile` interpolates between for level `p` of `n` values.
    static func quantileRanks(count n: Int, _ p: Double) -> (lower: Int, upper: Int) {
        precondition(n > 0 && (0...1).contains(p))
        let lo = Int((Double(n - 1) * p).rounded(.down))
        return (lo, min(lo + 1, n - 1))
    }

    /// The empirical quantile with linear interpolation between order statistics (Hyndman & Fan 1996 definition 7,
    /// NumPy's default): `h = (n - 1) p`, `x(floor h) + (h - floor h)(x(floor h + 1) - x(floor h))`; `x(r)` is the
    /// 0-based r-th smallest value, read only at `quantileRanks(count: n, p)`.
    static func quantile(count n: Int, _ p: Double, orderStatistic x: (Int) -> Double) -> Double {
        let h = Double(n - 1) * p
        let (lo, hi) = quantileRanks(count: n, p)
        return x(lo) + (h - Double(lo)) * (x(hi) - x(lo))
    }

    /// The empirical quantile of sorted data (`quantile(count:_:orderStatistic:)`).
    public static func quantile(sorted x: [Double], _ p: Double) -> Double {
        precondition(!x.isEmpty && (0...1).contains(p))
        return quantile(count: x.count, p) { x[$0] }
    }

    public func percentile(_ level: Double) -> Double? { percentiles.first { $0.level == level }?.value }
}
