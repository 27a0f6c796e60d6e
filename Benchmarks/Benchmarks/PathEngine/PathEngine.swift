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

    Benchmark("inverse normal (AS 241, scalar)", configuration: .init(scalingFactor: .mega)) { benchmark in
        var sink = 0.0
        for i in benchmark.scaledIterations { sink += inverseStandardNormalCDF(openUnitInterval(UInt32(truncatingIfNeeded: i &* 2_654_435_761))) }
        blackHole(sink)
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
