import Foundation
import Testing
@testable import ALVH

/// Issue 7: random mutations of the shipped configs (numbers scaled, negated, zeroed, made huge or tiny; lines deleted
/// or duplicated; values turned into text, lists or mappings; keys renamed). Every mutant either is refused with a
/// message that names the file and a key path (or a YAML line), or parses and then runs a small simulation whose
/// outputs are all finite and whose martingale check passes. A trap anywhere fails the whole run. Fixed seed, fixed
/// number of cases (`marketCases`, `layoutCases`).
@Suite("Config fuzzing")
struct ConfigFuzzTests {
    static let marketCases = 400
    static let layoutCases = 120

    static func shipped(_ folder: String) throws -> [String] {
        let dir = ConfigTests.root.appendingPathComponent("configs/\(folder)")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
    }

    /// One random mutation of `text`.
    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let candidates = lines.indices.filter { !lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("#") && !lines[$0].isEmpty }
        guard !candidates.isEmpty else { return text }
        let i = candidates[Int(rng.next() % UInt64(candidates.count))]
        let numberPattern = try! NSRegularExpression(pattern: "-?[0-9]+(\\.[0-9]+)?(e-?[0-9]+)?")
        let line = lines[i]
        let numbers = numberPattern.matches(in: line, range: NSRange(line.startIndex..., in: line))
        let kind = rng.next() % 6
        switch kind {
        case 0, 1:
            guard !numbers.isEmpty else { return lines.joined(separator: "\n") }
            let m = numbers[Int(rng.next() % UInt64(numbers.count))]
            let range = Range(m.range, in: line)!
            let value = Double(line[range]) ?? 1
            let replacements = [value * 10, value / 10, -value, 0, 1e308, 1e-308, value * 1.0001, value + 1, 1e6, -1e6]
            let r = replacements[Int(rng.next() % UInt64(replacements.count))]
            lines[i] = line.replacingCharacters(in: range, with: "\(r)")
        case 2:
            lines.remove(at: i)
        case 3:
            lines.insert(line, at: i)
        case 4:
            guard !numbers.isEmpty else { return lines.joined(separator: "\n") }
            let m = numbers[Int(rng.next() % UInt64(numbers.count))]
            let swaps = ["abc", "[1, 2]", "{a: 1}", "''", "true", ".nan", ".inf", "~"]
            lines[i] = line.replacingCharacters(in: Range(m.range, in: line)!, with: swaps[Int(rng.next() % UInt64(swaps.count))])
        default:
            if let colon = line.firstIndex(of: ":") {
                let keys = ["kappa", "theta", "sigma", "rho", "variance", "vix", "intensity", "weight", "strike", "bogus"]
                let indent = line.prefix { $0 == " " || $0 == "-" || $0 == "{" }
                lines[i] = indent + keys[Int(rng.next() % UInt64(keys.count))] + line[colon...]
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A refusal must name the file and say where: a key path, the top level, or a YAML line.
    static func namesAKey(_ error: ConfigError) -> Bool {
        let text = error.description
        guard text.hasPrefix("fuzz.yaml: ") else { return false }
        switch error {
        case .malformedYAML: return text.contains("line") || text.contains("column") || text.count > 20
        case .notAMapping, .unreadable, .fileNotFound: return true
        case let .unknownKey(_, keyPath, _), let .missingKey(_, keyPath, _), let .wrongType(_, keyPath, _, _),
             let .outOfRange(_, keyPath, _, _), let .invalid(_, keyPath, _):
            return !keyPath.isEmpty
        }
    }

    @Test("market mutants: refused naming a key, or finite paths that pass the martingale check")
    func markets() throws {
        var rng = SplitMix64(seed: 2026)
        let sources = try ConfigFuzzTests.shipped("markets")
        var refused = 0, ran = 0
        for n in 0..<ConfigFuzzTests.marketCases {
            var text = sources[n % sources.count]
            for _ in 0..<(1 + Int(rng.next() % 3)) { text = ConfigFuzzTests.mutate(text, &rng) }
            let model: MarketModel
            do {
                model = try MarketModel(yaml: text, file: "fuzz.yaml")
            } catch {
                refused += 1
                #expect(ConfigFuzzTests.namesAKey(error), "case \(n): \(error)\n\(text)")
                continue
            }
            ran += 1
            for measure in Measure.allCases {
                let settings = PathSimulationSettings(paths: 400, days: 21, seed: UInt64(n), threads: 1, measure: measure)
                let summary = try PathSimulation.summarize(model: model, settings: settings)
                #expect(summary.spot.mean.isFinite && summary.vix.mean.isFinite && summary.nonFinitePaths == 0, "case \(n) \(measure)\n\(text)")
                #expect(summary.martingale.warning == nil, "case \(n) \(measure): \(summary.martingale.warning ?? "")\n\(text)")
            }
        }
        print("config fuzzing: \(ConfigFuzzTests.marketCases) market mutants, \(refused) refused naming a key, \(ran) simulated under P and Q")
        #expect(refused > 50 && ran > 50, "refused \(refused), ran \(ran)")
    }

    @Test("layout mutants: refused naming a key, or a static book with finite P&L on every path")
    func layouts() throws {
        var rng = SplitMix64(seed: 7)
        let sources = try ConfigFuzzTests.shipped("layouts")
        let market = TestMarkets.illustrative()
        var refused = 0, ran = 0
        for n in 0..<ConfigFuzzTests.layoutCases {
            var text = sources[n % sources.count]
            for _ in 0..<(1 + Int(rng.next() % 2)) { text = ConfigFuzzTests.mutate(text, &rng) }
            let outcomes: [LayoutOutcome]
            do {
                let layout = try HedgeLayout(yaml: text, file: "fuzz.yaml")
                let settings = PathSimulationSettings(paths: 200, days: 21, seed: UInt64(n), threads: 1, measure: .realWorld)
                outcomes = try HedgeSimulation.run(model: market, layouts: [layout], settings: settings).outcomes
            } catch let error as ConfigError {
                refused += 1
                #expect(ConfigFuzzTests.namesAKey(error), "case \(n): \(error)\n\(text)")
                continue
            }
            ran += 1
            let report = HedgeRunReport(settings: PathSimulationSettings(paths: 200, days: 21), outcomes: outcomes, elapsedSeconds: 0)
            let finite = outcomes[0].hedgedPnL.allSatisfy { $0.isFinite }
            #expect(finite, "case \(n)\n\(text)")
            // 200 paths: the small-sample warning (tails on fewer than 100 paths) is expected; nothing else may warn.
            #expect(report.warnings.filter { !$0.contains("rest on fewer than 100") }.isEmpty, "case \(n): \(report.warnings)")
        }
        print("config fuzzing: \(ConfigFuzzTests.layoutCases) layout mutants, \(refused) refused naming a key, \(ran) booked and simulated")
        #expect(refused > 20 && ran > 20, "refused \(refused), ran \(ran)")
    }
}
