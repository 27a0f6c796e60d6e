import Foundation
import Testing
@testable import ALVH

@Suite("Config files and validation")
struct ConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func configFiles() -> [String] {
        let folder = root.appendingPathComponent("configs")
        let e = FileManager.default.enumerator(atPath: folder.path)!
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    @Test("every config in configs/ parses and validates")
    func everyConfigParses() throws {
        let files = ConfigTests.configFiles()
        #expect(files.count >= 4)
        for file in files {
            #expect(throws: Never.self, "\(file)") { _ = try ConfigFiles.validate(path: file) }
        }
    }

    @Test("configs/markets/default.yaml is the embedded default")
    func embeddedDefault() throws {
        let text = try String(contentsOfFile: ConfigTests.root.appendingPathComponent("configs/markets/default.yaml").path, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .newlines) == EmbeddedConfigs.defaultMarket.trimmingCharacters(in: .newlines),
                "run scripts/embed-configs")
        // The calibrated default: two factors, the SPX close of 2023-06-16 and the state fitted to that day.
        let model = MarketModel.embeddedDefault()
        #expect(model.isTwoFactor && model.spot == 4409.59)
        #expect(abs(model.initialVIX - 14.49) < 0.01, "model VIX on 2023-06-16 \(model.initialVIX)")
    }

    static let valid = """
    spot: 100
    rate: 0.03
    variance: 0.04
    heston: {kappa: 2, theta: 0.04, sigma: 0.3, rho: -0.5}
    """

    @Test("a minimal market parses, P = Q without overrides, Feller holds so no warning")
    func minimal() throws {
        let m = try MarketModel(yaml: ConfigTests.valid, file: "m.yaml")
        #expect(m.realWorld == m.riskNeutral && m.dividendYield == 0 && m.warnings.isEmpty)
    }

    @Test("a violated Feller condition is a warning, not an error, and only for Euler under the measure in use")
    func feller() throws {
        let m = try MarketModel(yaml: ConfigTests.valid.replacingOccurrences(of: "sigma: 0.3", with: "sigma: 0.9"), file: "m.yaml")
        #expect(m.warnings.isEmpty && m.fellerWarnings.count == 2 && m.allWarnings.allSatisfy { $0.contains("Feller") })
        let euler = m.warnings(measure: .realWorld, scheme: .euler)
        #expect(euler.count == 1 && euler[0].contains("heston (also under P)"))
        #expect(m.warnings(measure: .riskNeutral, scheme: .euler).count == 1)
        #expect(m.warnings(measure: .realWorld, scheme: .quadraticExponential(martingaleCorrection: true)).isEmpty)
        #expect(m.warnings(measure: nil, scheme: nil).isEmpty)   // alvh price
    }

    static let badCases: [(String, String, String)] = [
        ("spot: [1, 2", "m.yaml: not valid YAML", "malformed"),
        (valid + "\nspott: 3", "unknown key 'spott'", "unknown top-level key"),
        (valid.replacingOccurrences(of: "kappa: 2", with: "kapa: 2"), "unknown key 'heston.kapa'; allowed here: kappa, theta, sigma, rho", "unknown nested key"),
        (valid.replacingOccurrences(of: "kappa: 2", with: "kappa: -1"), "heston.kappa = -1 is out of range; allowed: [0.001, 50]", "range"),
        (valid.replacingOccurrences(of: "rho: -0.5", with: "rho: -1"), "heston.rho = -1 is out of range; allowed: (-1, 1)", "rho"),
        (valid.replacingOccurrences(of: "rate: 0.03", with: "rate: three"), "'rate' is 'three'; expected a number in [-0.1, 0.5]", "type"),
        (valid.replacingOccurrences(of: "variance: 0.04", with: ""), "missing key 'variance'", "missing v0"),
        (valid.replacingOccurrences(of: "variance: 0.04", with: "variance: 0.04\nvix: 20"), "not both", "both v0 and vix"),
        (valid.replacingOccurrences(of: "variance: 0.04", with: "vix: 1"), "vix = 1 is out of range; allowed: [", "vix below the floor"),
        (valid + "\nreal_world: {jump_intensity: 1}", "real_world.jump_intensity: jump overrides need a 'jumps' block", "P jumps without Q jumps"),
        (valid + "\njumps: {intensity: 1, mean_log_jump: 0, variance_jump_mean: 0.5, correlation: 3}", "jumps.correlation", "compensator"),
        (valid + "\nreal_world: {equity_premium_per_variance: 12}", "real_world.equity_premium_per_variance = 12 is out of range; allowed: [-10, 10]", "eta range"),
        ("- 1\n- 2", "must be a mapping", "not a mapping"),
        ("", "must be a mapping", "empty"),
    ]

    @Test("bad markets give one clear error naming file, key path and allowed range", arguments: 0..<14)
    func badMarket(_ index: Int) {
        let (yaml, fragment, label) = ConfigTests.badCases[index]
        do {
            _ = try MarketModel(yaml: yaml, file: "m.yaml")
            Issue.record("\(label): expected an error")
        } catch {
            #expect(error.description.hasPrefix("m.yaml"), "\(label): \(error)")
            #expect(error.description.contains(fragment), "\(label): \(error)")
            #expect(!error.description.contains("\n"), "\(label): one line")
        }
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        #expect(throws: ConfigError.fileNotFound(file: "/nonexistent/m.yaml")) { try MarketModel.load(path: "/nonexistent/m.yaml") }
    }

    @Test("run settings out of range name the flag and the range")
    func settings() {
        #expect(throws: SettingsError(flag: "--paths", value: "0", allowed: "1 ... 100000000")) {
            try PathSimulationSettings(paths: 0).validated()
        }
        #expect(throws: SettingsError.self) { try PathSimulationSettings(threads: 0).validated() }
        #expect(throws: SettingsError.self) { try PathSimulationSettings(days: 0).validated() }
    }
}
