import Foundation
import Testing
@testable import ALVH

@Suite("Determinism: same seed, same bits, whatever the threads and batch size")
struct DeterminismTests {
    @Test("1 thread vs 2 and 4 threads vs odd batch sizes, bit for bit",
          arguments: ["heston-euler", "svcj-qe", "svcj-euler-p", "two-factor-qe-p", "two-factor-euler"])
    func bitIdentical(_ name: String) throws {
        let model = name.hasPrefix("heston") ? TestMarkets.heston()
            : name.hasPrefix("two-factor") ? try TwoFactorModelTests.shipped() : TestMarkets.svcj()
        let scheme: PathScheme = name.contains("euler") ? .euler : .quadraticExponential(martingaleCorrection: true)
        let measure: Measure = name.hasSuffix("-p") ? .realWorld : .riskNeutral
        func run(threads: Int, batch: Int) throws -> TerminalStates {
            try simulateTerminal(model, PathSimulationSettings(paths: 5003, days: 40, seed: 99, threads: threads,
                                                               batchSize: batch, scheme: scheme, measure: measure))
        }
        let reference = try run(threads: 1, batch: 2048)
        for (threads, batch) in [(2, 2048), (4, 777), (2, 1), (1, 5003), (3, 64)] {
            let other = try run(threads: threads, batch: batch)
            #expect(other.logSpot == reference.logSpot, "threads \(threads) batch \(batch)")
            #expect(other.variance == reference.variance, "threads \(threads) batch \(batch)")
            #expect(other.secondVariance == reference.secondVariance, "threads \(threads) batch \(batch)")
            #expect(other.sums == reference.sums, "threads \(threads) batch \(batch)")
            #expect(other.truncated == reference.truncated)
        }
    }

    @Test("a different seed gives different paths")
    func seedMatters() throws {
        let a = try simulateTerminal(TestMarkets.heston(), PathSimulationSettings(paths: 100, days: 5, seed: 1))
        let b = try simulateTerminal(TestMarkets.heston(), PathSimulationSettings(paths: 100, days: 5, seed: 2))
        #expect(a.logSpot != b.logSpot)
    }

    @Test("the first paths of a larger run equal a smaller run (paths keyed by index)")
    func prefixStable() throws {
        let small = try simulateTerminal(TestMarkets.svcj(), PathSimulationSettings(paths: 300, days: 20, seed: 5, batchSize: 128))
        let large = try simulateTerminal(TestMarkets.svcj(), PathSimulationSettings(paths: 3000, days: 20, seed: 5, batchSize: 1000))
        #expect(Array(large.logSpot.prefix(300)) == small.logSpot)
    }
}

extension DeterminismTests {
    @Test("per-path start states: all at the market's state gives the default run bit for bit; a path's own start moves only that path")
    func perPathStart() throws {
        let model = TestMarkets.svcj()
        let settings = PathSimulationSettings(paths: 2_000, days: 21, seed: 9, threads: 2, batchSize: 300, scheme: .quadraticExponential(martingaleCorrection: true))
        let base = try simulateTerminal(model, settings)
        let n = settings.paths
        var x = [Double](repeating: log(model.spot), count: n), v = [Double](repeating: model.initialVariance, count: n)
        let same = try simulateTerminal(model, settings, start: PathStartStates(logSpots: x, variances: v))
        #expect(same.logSpot == base.logSpot && same.variance == base.variance)
        // Odd paths start from a stressed state (VIX about 45): they end with higher variance on average; even paths
        // are unchanged bit for bit (a path's draws depend on its index only).
        for p in stride(from: 1, to: n, by: 2) { x[p] = log(0.8 * model.spot); v[p] = 0.2 }
        let moved = try simulateTerminal(model, settings, start: PathStartStates(logSpots: x, variances: v))
        for p in stride(from: 0, to: n, by: 2) { #expect(moved.variance[p] == base.variance[p] && moved.logSpot[p] == base.logSpot[p]) }
        let stressed = stride(from: 1, to: n, by: 2).map { moved.variance[$0] }
        let mean = stressed.reduce(0, +) / Double(stressed.count)
        let squares: [Double] = stressed.map { ($0 - mean) * ($0 - mean) }
        let sd = (squares.reduce(0, +) / Double(stressed.count - 1)).squareRoot()
        let expected = model.riskNeutral.expectedVariance(initial: 0.2, years: settings.horizonYears)
        // 4 standard errors: a false failure about once in 16,000 runs.
        #expect(abs(mean - expected) < 4 * sd / Double(stressed.count).squareRoot(), "\(mean) vs \(expected)")
        #expect(throws: SettingsError.self) { try PathStartStates(logSpots: [0, 0], variances: [0.04]) }
        #expect(throws: SettingsError.self) { try PathStartStates(logSpots: [0], variances: [-0.01]) }
        #expect(throws: SettingsError.self) { try simulateTerminal(model, settings, start: PathStartStates(logSpots: [0], variances: [0.04])) }
    }
}
