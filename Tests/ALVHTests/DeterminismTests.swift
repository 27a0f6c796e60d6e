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
