import ALVH
import ArgumentParser
import Foundation

/// `alvh validate FILE...`: parse and check config files without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check config files (markets, layouts); exit code 2 if any is bad.",
        discussion: """
            Example: alvh validate configs/markets/two-factor.yaml configs/layouts/*.yaml --market configs/markets/two-factor.yaml
            Layouts are booked against the market (strikes resolved, prices checked), so this refuses exactly what
            `alvh simulate` with that market would. Errors name the file, the key path and the allowed range.
            """)

    @Argument(help: ArgumentHelp("Config files to check.", valueName: "file"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("Market YAML that layouts are booked against (strikes resolved, prices checked); the embedded default when absent.", valueName: "file"))
    var market: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one config file to check.") }
    }

    func run() throws {
        let model = try market.map { path throws(ConfigError) in try MarketModel.load(path: path) } ?? MarketModel.embeddedDefault()
        var failures = 0
        for file in files {
            do {
                let result = try ConfigFiles.validate(path: file, market: model)
                try OutputFile.writeStandardOutput("\(file): ok (\(result.kind.rawValue))\n")
                warn(result.warnings)
            } catch let error as ConfigError {
                FileHandle.standardError.write(Data("alvh: error: \(error.description)\n".utf8))
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(2) }
    }
}
