import ALVH
import Benchmark
import BenchmarkSupport

/// One suite per stage of the path engine: the random numbers, the normal transform, and whole runs of both
/// schemes on one and on all cores. Names have no spaces or slashes: benchmark 1.38 writes threshold files with
/// them replaced by underscores but looks them up unreplaced, so such a name never finds its thresholds.
/// Each iteration of a paths benchmark is one whole run (`paths x days` path-steps).
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, .peakMemoryResident]
    Benchmark.defaultConfiguration = .init(metrics: metrics,
                                           warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 20,
                                           thresholds: Tolerances.thresholds(for: metrics))
    let heston = try! MarketModel.load(path: "../configs/markets/heston.yaml")
    let svcj = try! MarketModel.load(path: "../configs/markets/svcj.yaml")
    let twoFactor = try! MarketModel.load(path: "../configs/markets/two-factor.yaml")

    Benchmark("philox4x32-10-blocks", configuration: .init(scalingFactor: .mega)) { benchmark in
        let g = Philox4x32(seed: 1)
        var sink: UInt32 = 0
        for i in benchmark.scaledIterations { sink ^= g.block(UInt32(truncatingIfNeeded: i), 0, 0, 0).0 }
        blackHole(sink)
    }

    Benchmark("inverse-normal-as241-scalar-reference", configuration: .init(scalingFactor: .mega)) { benchmark in
        var sink = 0.0
        for i in benchmark.scaledIterations { sink += inverseStandardNormalCDF(openUnitInterval(UInt32(truncatingIfNeeded: i &* 2_654_435_761))) }
        blackHole(sink)
    }

    // The engine's own kernels (SIMD8 Philox fill, block AS 241), as `alvh bench` runs them: 100k paths x 63 days,
    // 3 words and 3 normals per path-step, one thread (scalingFactor: one iteration = one such round).
    let stageInputs = ThroughputBenchmark.Inputs(market: heston, twoFactorMarket: twoFactor, layouts: [], adaptiveLayout: nil,
                                                 paths: 100_000, days: 63)
    for stage in [ThroughputStage.randomNumbers, .normals] {
        Benchmark("\(stage.rawValue.replacingOccurrences(of: " ", with: "-"))-engine-kernel-100kx63-1-thread", configuration: .init(scalingFactor: .one, maxIterations: 20)) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try! ThroughputBenchmark.round(stage, threads: 1, inputs: stageInputs)) }
        }
    }

    for (name, model, scheme) in [("heston euler", heston, PathScheme.euler),
                                   ("heston qe", heston, .quadraticExponential(martingaleCorrection: true)),
                                   ("svcj qe", svcj, .quadraticExponential(martingaleCorrection: true)),
                                   ("two-factor euler", twoFactor, .euler),
                                   ("two-factor qe", twoFactor, .quadraticExponential(martingaleCorrection: true))] {
        for threads in [1, PathSimulationSettings.availableCores] {
            let settings = PathSimulationSettings(paths: 100_000, days: 252, seed: 1, threads: threads, scheme: scheme)
            Benchmark("paths-\(name.replacingOccurrences(of: " ", with: "-"))-100kx252-\(threads)-threads",
                      configuration: .init(scalingFactor: .one, maxIterations: 5)) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try! PathSimulation.summarize(model: model, settings: settings))
                }
            }
        }
    }
}
