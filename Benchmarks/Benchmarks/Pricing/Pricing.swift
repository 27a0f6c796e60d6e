import ALVH
import Benchmark
import BenchmarkSupport
import Foundation

/// Pricing stages: one COS price, the tables of the ALVH 4/4/2 default (one core), and table look-ups
/// (one iteration = 4096 look-ups, scalingFactor kilo). Names without spaces or slashes
/// (see PathEngine.swift).
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal]
    Benchmark.defaultConfiguration = .init(metrics: metrics,
                                           warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 50,
                                           thresholds: Tolerances.thresholds(for: metrics))
    let model = MarketModel.embeddedDefault()

    Benchmark("spx-put-one-cos-price-63-days") { benchmark in
        let pricer = SPXOptionPricer(model: model)
        for _ in benchmark.scaledIterations {
            blackHole(pricer.value(.put, strike: 5600, spot: 5900, variance: model.initialVariance, years: 0.25))
        }
    }

    Benchmark("vix-call-one-cos-price-21-days") { benchmark in
        let pricer = VIXPricer(model: model)
        for _ in benchmark.scaledIterations {
            blackHole(pricer.optionPrice(.call, strike: 20, variance: model.initialVariance, years: 21.0 / 252))
        }
    }

    Benchmark("tables-alvh442-default-4-spx-8-vix-1-core", configuration: .init(maxIterations: 5)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(PriceTableSet.alvh442(model: model)) }
    }

    let twoFactor = try! MarketModel.load(path: "../configs/markets/two-factor.yaml")
    Benchmark("tables-alvh442-two-factor-3d-spx-2d-vix-1-core",
              configuration: .init(maxIterations: 3)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(PriceTableSet.alvh442(model: twoFactor)) }
    }

    let tables = PriceTableSet.alvh442(model: model)
    let x = (0..<4096).map { -0.3 + 0.6 * Double($0) / 4096 }
    let v = (0..<4096).map { 0.002 + 0.3 * Double(($0 * 7919) % 4096) / 4096 }
    Benchmark("spx-table-look-ups-batch-4096", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let table = tables.spx[1]
        var out = [Double](repeating: 0, count: 4096)
        for _ in benchmark.scaledIterations {
            table.putsPerUnitStrike(logMoneyness: x, variance: v, into: &out)
            blackHole(out[7])
        }
    }
    Benchmark("vix-table-look-ups-batch-4096", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let table = tables.vix[5]
        var out = [Double](repeating: 0, count: 4096)
        for _ in benchmark.scaledIterations {
            table.values(variance: v, into: &out)
            blackHole(out[7])
        }
    }
}
