import ALVH
import Benchmark

/// One suite per stage of the path engine: the random numbers, the normal transform, and whole runs of both
/// schemes on one and on all cores. Throughput is in path-steps (scalingFactor: one iteration = `paths x days`).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
                                           warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 20)
    let heston = try! MarketModel.load(path: "../configs/markets/heston.yaml")
    let svcj = try! MarketModel.load(path: "../configs/markets/svcj.yaml")
    let twoFactor = try! MarketModel.load(path: "../configs/markets/two-factor.yaml")

    Benchmark("Philox4x32-10 blocks", configuration: .init(scalingFactor: .mega)) { benchmark in
        let g = Philox4x32(seed: 1)
        var sink: UInt32 = 0
        for i in benchmark.scaledIterations { sink ^= g.block(UInt32(truncatingIfNeeded: i), 0, 0, 0).0 }
        blackHole(sink)
    }

    Benchmark("inverse normal (AS 241, scalar reference)", configuration: .init(scalingFactor: .mega)) { benchmark in
        var sink = 0.0
        for i in benchmark.scaledIterations { sink += inverseStandardNormalCDF(openUnitInterval(UInt32(truncatingIfNeeded: i &* 2_654_435_761))) }
        blackHole(sink)
    }

    // The engine's own kernels (SIMD8 Philox fill, block AS 241), as `alvh bench` runs them: 100k paths x 63 days,
    // 3 words and 3 normals per path-step, one thread (scalingFactor: one iteration = one such round).
    let stageInputs = ThroughputBenchmark.Inputs(market: heston, twoFactorMarket: twoFactor, layouts: [], adaptiveLayout: nil,
                                                 paths: 100_000, days: 63)
    for stage in [ThroughputStage.randomNumbers, .normals] {
        Benchmark("\(stage.rawValue) (engine kernel) 100k x 63, 1 thread", configuration: .init(scalingFactor: .one, maxIterations: 20)) { benchmark in
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
            Benchmark("paths \(name) 100k x 252, \(threads) thread(s)",
                      configuration: .init(scalingFactor: .one, maxIterations: 5)) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try! PathSimulation.summarize(model: model, settings: settings))
                }
            }
        }
    }
}
