import ALVH
import Benchmark
import BenchmarkSupport
import Foundation

/// Pricing stages: one COS price, the tables of the ALVH 4/4/2 default (one core), and the production table
/// look-ups (one iteration = 4096 look-ups, scalingFactor kilo). Names without spaces or slashes
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

    // The production look-ups, as the daily book calls them (one state at a time, both factors on the default
    // market): SPX tricubic (two factors), VIX futures bicubic, VIX option surface bicubic.
    let tables = PriceTableSet.alvh442(model: model)
    let surface = VIXOptionSurface(pricer: VIXPricer(model: model), strikes: (12...100).map(Double.init), years: 42.0 / 252)
    let x = (0..<4096).map { -0.3 + 0.6 * Double($0) / 4096 }
    let v = (0..<4096).map { 0.002 + 0.3 * Double(($0 * 7919) % 4096) / 4096 }
    let v2 = (0..<4096).map { 0.001 + 0.1 * Double(($0 * 2053) % 4096) / 4096 }
    Benchmark("spx-table-look-ups-4096", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let table = tables.spx[1]
        for _ in benchmark.scaledIterations {
            var sum = 0.0
            for i in 0..<4096 { sum += table.putPerUnitStrike(logMoneyness: x[i], variance: v[i], secondVariance: v2[i]) }
            blackHole(sum)
        }
    }
    Benchmark("vix-table-look-ups-4096", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let table = tables.vix[5]
        for _ in benchmark.scaledIterations {
            var sum = 0.0
            for i in 0..<4096 { sum += table.value(variance: v[i], secondVariance: v2[i]) }
            blackHole(sum)
        }
    }
    Benchmark("vix-surface-look-ups-4096", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            var sum = 0.0
            for i in 0..<4096 { sum += surface.value(strike: i % 89, variance: v[i], secondVariance: v2[i]) }
            blackHole(sum)
        }
    }
}
