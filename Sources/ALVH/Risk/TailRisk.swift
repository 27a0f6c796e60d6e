import Foundation

/// Value at risk and expected shortfall of a P&L sample, as positive losses, with Monte Carlo standard errors.
///
/// With losses `L = -PnL` sorted, `L(1) <= ... <= L(n)`, and `k = ceil(n alpha)`:
/// - VaR: `VaR_alpha = L(k)`, the empirical alpha-quantile of the loss (smallest loss whose empirical CDF is at least
///   alpha).
/// - ES: `ES_alpha = [sum_{i > k} L(i) + (k - n alpha) L(k)] / (n (1 - alpha))` (Acerbi & Tasche 2002: the mean of
///   the worst `n (1 - alpha)` losses, counting the boundary loss fractionally), so `ES >= VaR`.
/// - SE of VaR: distribution-free, from the binomial law of the order statistics: the loss quantile lies between
///   `L(nα - s)` and `L(nα + s)`, `s = sqrt(n α (1 - α))`, with about 68 % probability; the standard error is half
///   that interval's width (no density estimate needed).
/// - SE of ES: the asymptotic standard error `sqrt(Var[(L - VaR)^+] / n) / (1 - alpha)` (from
///   `ES = VaR + E[(L - VaR)^+] / (1 - alpha)`; Hong, Hu & Liu 2014), with the sample variance.
/// Non-finite values are left out and counted in `nonFiniteCount`. Calibration of the standard errors is tested
/// over repeated seeds.
public struct TailRisk: Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        public let confidence: Double
        public let valueAtRisk: Double
        public let expectedShortfall: Double
        public let valueAtRiskStandardError: Double
        public let expectedShortfallStandardError: Double
    }

    public static let defaultConfidences = [0.95, 0.99, 0.995, 0.999]

    public let count: Int
    public let nonFiniteCount: Int
    public let levels: [Level]

    public init<C: Collection>(pnl: C, confidences: [Double] = TailRisk.defaultConfidences) where C.Element == Double {
        var losses: [Double] = []
        losses.reserveCapacity(pnl.count)
        for x in pnl where x.isFinite { losses.append(-x) }
        losses.sort()
        self.init(sortedLosses: losses, nonFiniteCount: pnl.count - losses.count, confidences: confidences)
    }

    /// From finite losses sorted ascending (the reference: a full sort).
    init(sortedLosses losses: [Double], nonFiniteCount: Int, confidences: [Double] = TailRisk.defaultConfidences) {
        count = losses.count
        self.nonFiniteCount = nonFiniteCount
        levels = confidences.map { alpha in losses.withUnsafeBufferPointer { l in TailRisk.level(alpha, count: l.count) { l[$0] } } }
    }

    /// From the largest losses only: `tail` holds the sorted losses from 0-based index `start` of `count` on
    /// (ascending), with `start <= firstIndexRead(count:confidences:)`. Same bits as from the full sort.
    init(lossTail tail: [Double], start: Int, count: Int, nonFiniteCount: Int, confidences: [Double] = TailRisk.defaultConfidences) {
        precondition(start + tail.count == count && start <= TailRisk.firstIndexRead(count: count, confidences: confidences))
        self.count = count
        self.nonFiniteCount = nonFiniteCount
        levels = confidences.map { alpha in tail.withUnsafeBufferPointer { l in TailRisk.level(alpha, count: count) { l[$0 - start] } } }
    }

    /// The smallest 0-based index of the sorted losses that `level` reads: `lo - 1` of the VaR interval of the lowest
    /// confidence (`lo <= k`, so the VaR and the tail sums lie above it); 0 for an empty sample.
    static func firstIndexRead(count n: Int, confidences: [Double]) -> Int {
        confidences.map { valueAtRiskInterval($0, count: n).lower - 1 }.min().map { max($0, 0) } ?? 0
    }

    /// The 1-based ranks of the binomial order-statistic interval of the alpha-quantile: `L(lower)` and `L(upper)`
    /// with `n alpha -/+ sqrt(n alpha (1 - alpha))`, clamped to `1...n`.
    static func valueAtRiskInterval(_ alpha: Double, count n: Int) -> (lower: Int, upper: Int) {
        let na = Double(n) * alpha
        let spread = (na * (1 - alpha)).squareRoot()
        return (min(max(Int((na - spread).rounded(.down)), 1), n), min(max(Int((na + spread).rounded(.up)), 1), n))
    }

    public func level(_ confidence: Double) -> Level? { levels.first { $0.confidence == confidence } }

    /// `l(i)`: the 0-based i-th smallest loss, read only for `i >= firstIndexRead(count: n, ...)`.
    static func level(_ alpha: Double, count n: Int, loss l: (Int) -> Double) -> Level {
        precondition(alpha > 0 && alpha < 1)
        guard n > 0 else { return Level(confidence: alpha, valueAtRisk: .nan, expectedShortfall: .nan, valueAtRiskStandardError: .nan, expectedShortfallStandardError: .nan) }
        let na = Double(n) * alpha
        let k = min(max(Int(na.rounded(.up)), 1), n)          // 1-based
        let valueAtRisk = l(k - 1)
        let tailCount = Double(n) - na   // n (1 - alpha), without the rounding of 1 - alpha
        var tail = (Double(k) - na) * valueAtRisk
        for i in k..<n { tail += l(i) }
        let expectedShortfall = tailCount > 0 ? tail / tailCount : valueAtRisk
        // Binomial order-statistic interval for the quantile.
        let (lo, hi) = valueAtRiskInterval(alpha, count: n)
        let varStandardError = 0.5 * (l(hi - 1) - l(lo - 1))
        // Var[(L - VaR)^+] by two passes over the tail.
        var sum = 0.0
        for i in k..<n { sum += l(i) - valueAtRisk }
        let mean = sum / Double(n)
        // The k losses at or below VaR each give (0 - mean)^2: added one by one, in index order as for the others.
        var squares = 0.0
        let below = (0 - mean) * (0 - mean)
        for _ in 0..<k { squares += below }
        for i in k..<n { let e = max(l(i) - valueAtRisk, 0) - mean; squares += e * e }
        let esStandardError = n > 1 ? (squares / Double(n - 1) / Double(n)).squareRoot() / (1 - alpha) : .nan
        return Level(confidence: alpha, valueAtRisk: valueAtRisk, expectedShortfall: expectedShortfall,
                     valueAtRiskStandardError: varStandardError, expectedShortfallStandardError: esStandardError)
    }
}
