import Foundation

/// The stylised facts of SPX and VIX (`StylisedFact.all`, definitions there), measured on daily series: the real
/// history (one series) or simulated paths (one series per path). With several series every figure is pooled: percentiles
/// over all their days, regressions and correlations over all their day pairs, tail figures over all their windows;
/// pairs and windows never straddle two series.
///
/// Standard errors are batch means (the simplest honest choice for dependent daily data; Schmeiser 1982, Operations
/// Research 30(3)): the same figure is measured on `K` non-overlapping pieces, and `SE = sd(piece values) / sqrt(K)`, over
/// the `K` pieces where the figure is defined. It treats the pieces as independent replicas of the whole; that holds
/// for simulated paths, and for contiguous blocks of history when the dependence dies out within a block (the VIX's
/// AR(1) half-life is about 30 trading days; regimes that last longer than a block make the history's SE an
/// underestimate). With `K` near 10 the SE is itself uncertain by about 1 / sqrt(2 (K - 1)), a quarter.
public struct StylisedFacts: Sendable {
    public enum StandardErrorMethod: Sendable, Equatable {
        /// Each series cut into contiguous blocks of `days` rows (its own calendar for the futures lines; a shorter
        /// series is one block): for one stretch of history.
        case contiguousBlocks(days: Int)
        /// Each series is one piece: for independent simulated paths.
        case acrossSeries

        /// Two years of trading days: 18 blocks for 1990-2026 SPX/VIX, 9 for the 2004-2023 futures.
        public static let history = StandardErrorMethod.contiguousBlocks(days: 504)

        public var description: String {
            switch self {
            case .contiguousBlocks(let days): return "batch means over contiguous blocks of \(days) trading days"
            case .acrossSeries: return "batch means over independent paths (sd across paths / sqrt(paths))"
            }
        }
    }

    public let estimates: [StylisedFact: FactEstimate]
    public let standardErrorMethod: StandardErrorMethod
    /// Panel days (SPX and VIX both closed), over all series.
    public let panelDays: Int
    /// Futures trade dates, over all series.
    public let futuresDays: Int

    /// - Precondition: `days > 0` for `.contiguousBlocks` (a programmer's choice, not data).
    public init(series: [DailyMarketSeries], standardErrors method: StandardErrorMethod) {
        let whole = StylisedFacts.measure(series)
        let pieces: [[StylisedFact: FactMeasurement]]
        switch method {
        case .acrossSeries:
            pieces = series.count > 1 ? series.map { StylisedFacts.measure([$0]) } : []
        case .contiguousBlocks(let length):
            precondition(length > 0)
            func cuts(_ n: Int) -> [Range<Int>] {
                let k = max(1, n / length)
                return (0..<k).map { b in (b * n / k)..<((b + 1) * n / k) }
            }
            // SPX-calendar blocks carry no futures rows and futures blocks no SPX rows: each line reads its own.
            pieces = series.flatMap { s in
                cuts(s.spx.count).map { StylisedFacts.measure([s.slice(days: $0, futureDays: 0..<0)]) }
                    + cuts(s.futures.count).map { StylisedFacts.measure([s.slice(days: 0..<0, futureDays: $0)]) }
            }
        }
        var estimates: [StylisedFact: FactEstimate] = [:]
        for fact in StylisedFact.all {
            let m = whole[fact] ?? FactMeasurement(value: nil, observations: 0)
            let values = pieces.compactMap { $0[fact]?.value }
            var se: Double?
            if values.count >= 2 {
                let mean = values.reduce(0, +) / Double(values.count)
                let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                se = (ss / Double(values.count - 1) / Double(values.count)).squareRoot()
            }
            estimates[fact] = FactEstimate(value: m.value, observations: m.observations, standardError: se)
        }
        self.estimates = estimates
        standardErrorMethod = method
        panelDays = series.reduce(0) { $0 + $1.vix.lazy.filter { $0 != nil }.count }
        futuresDays = series.reduce(0) { $0 + $1.futures.count }
    }

    /// The estimate of one line (every line of `StylisedFact.all` has one; undefined ones have a `nil` value).
    public subscript(fact: StylisedFact) -> FactEstimate {
        estimates[fact] ?? FactEstimate(value: nil, observations: 0, standardError: nil)
    }
}

/// A figure measured on some series, before standard errors.
struct FactMeasurement: Equatable {
    let value: Double?
    let observations: Int
}
