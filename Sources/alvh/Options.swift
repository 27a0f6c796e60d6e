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
