import Foundation

/// Mean, Monte Carlo standard error and exact empirical percentiles of a sample of per-path outcomes.
///
/// Non-finite values are never averaged: they are counted in `nonFiniteCount` and left out. Sums run in path
/// order, so the result depends only on the values, not on how paths were batched. The mean uses a second pass for
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
        var finite: [Double] = []
        finite.reserveCapacity(values.count)
        for x in values where x.isFinite { finite.append(x) }
        if !percentileLevels.isEmpty { finite.sort() }   // only percentiles need the order
        self.init(finite: finite, nonFiniteCount: values.count - finite.count, percentileLevels: percentileLevels)
    }

    /// From finite values, already sorted ascending when `percentileLevels` is not empty.
    init(finite: [Double], nonFiniteCount: Int, percentileLevels: [Double]) {
        count = finite.count
        self.nonFiniteCount = nonFiniteCount
        guard count > 0 else {
            mean = .nan; standardDeviation = .nan; standardError = .nan
            percentiles = []
            return
        }
        var sum = 0.0
        for x in finite { sum += x }
        let m = sum / Double(count)
        var squares = 0.0
        for x in finite { squares += (x - m) * (x - m) }
        mean = m
        standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        standardError = standardDeviation / Double(count).squareRoot()
        percentiles = percentileLevels.map { Percentile(level: $0, value: SampleStatistics.quantile(sorted: finite, $0 / 100)) }
    }

    /// The empirical quantile of sorted data with linear interpolation between order statistics (Hyndman & Fan
    /// 1996 definition 7, NumPy's default): `h = (n - 1) p`, `x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])`.
    public static func quantile(sorted x: [Double], _ p: Double) -> Double {
        precondition(!x.isEmpty && (0...1).contains(p))
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, x.count - 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }

    public func percentile(_ level: Double) -> Double? { percentiles.first { $0.level == level }?.value }
}
