import ALVH
import ArgumentParser

extension PathScheme: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { PathScheme.names }
}

extension Measure: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { Measure.allCases.map(\.rawValue) }
}

/// `--market FILE`, shared by the commands that need a market.
struct MarketOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Market YAML (DESIGN section 8); the embedded default when absent.", valueName: "file"))
    var market: String?

    func load() throws -> MarketModel {
        let model = try market.map { path throws(ConfigError) in try MarketModel.load(path: path) } ?? MarketModel.embeddedDefault()
        warn(model.warnings)
        return model
    }
}

/// Engine options shared by `paths`, `simulate` and `compare`; the result does not depend on threads or batch size.
struct EngineOptions: ParsableArguments {
    @Option(help: "Random seed (64-bit unsigned).")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = PathSimulationSettings.availableCores

    @Option(help: "Paths per batch.")
    var batchSize: Int = 2048

    @Option(help: "Discretisation: qe (Andersen QE, martingale-corrected), qe-plain, euler (full truncation).")
    var scheme: PathScheme = .quadraticExponential(martingaleCorrection: true)

    func settings(paths: Int, days: Int, stepsPerDay: Int = 1, measure: Measure) -> PathSimulationSettings {
        PathSimulationSettings(paths: paths, days: days, stepsPerDay: stepsPerDay, seed: seed, threads: threads,
                               batchSize: batchSize, scheme: scheme, measure: measure)
    }
}
