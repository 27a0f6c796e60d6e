import Benchmark

/// How far a run may stray from the committed p90 thresholds (`Thresholds/`, recorded with
/// `make benchmarks-thresholds`) before `make benchmarks-check` fails, per metric. The band is what this project's
/// 2-core VM gives between back-to-back runs, so the check catches gross regressions (a kernel twice as slow, a build
/// without optimisation, an allocation per path or step), not 10 % drifts. Measured right after recording: p90 wall
/// clock up to 61 % slower on one COS price and 75 % on a batch of 4096 VIX table look-ups (32 against 57 us), so
/// wall clock gets 100 %; allocation counts (a few hundred to 8,000 per run, nearly all set-up) moved by up to 84
/// (434 against 518) with Dispatch's scheduling, so 1,000 allocations, where one per path would be 100,000; resident
/// memory 15 %. Throughput is not recorded: at one iteration per scaled unit it rounds to 1-3 per second, and wall
/// clock says the same. A check also fails when a run is better than the band: re-record then, so the gain is kept.
public enum Tolerances {
    /// The tolerances of `metrics` (a benchmark warns about a tolerance for a metric it does not record).
    public static func thresholds(for metrics: [BenchmarkMetric]) -> [BenchmarkMetric: BenchmarkThresholds] {
        all.filter { metrics.contains($0.key) }
    }

    static var all: [BenchmarkMetric: BenchmarkThresholds] {
        [
            .wallClock: .init(relative: [.p90: 100]),
            .peakMemoryResident: .init(relative: [.p90: 15]),
            .mallocCountTotal: .init(absolute: [.p90: 1_000]),
        ]
    }
}
