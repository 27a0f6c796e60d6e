import ALVH
import ArgumentParser
import Foundation

/// The alvh command line: parsing and printing only; everything else is in the ALVH library.
@main
struct ALVHCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alvh",
        abstract: "Monte Carlo risk simulator for layered VIX hedges (SVCJ/Bates/Heston SPX-VIX paths).",
        version: Provenance.alvhVersion,
        subcommands: [CompareCommand.self, SimulateCommand.self, PathsCommand.self, PriceCommand.self, ValidateCommand.self,
                      CheckModelCommand.self, CheckIndexCommand.self, StressCommand.self, ReplayCommand.self, CalibrateCommand.self,
                      BenchCommand.self]
    )

    /// Exit codes (DESIGN section 7): 0 success, 2 bad input (usage, config, data), 1 failure at run time.
    static func main() {
        OutputFile.installSignalHandlers()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withCode: handle(error))
        }
    }

    static func handle(_ error: any Error) -> Int32 {
        switch error {
        case let e as ConfigError: return fail(e.description, code: 2)
        case let e as SettingsError: return fail(e.description, code: 2)
        case let e as LinearAlgebraError: return fail(e.description, code: 2)
        case let e as DataError: return fail(e.description, code: 2)
        case let e as StylisedFactsError: return fail(e.description, code: 2)
        case let e as CalibrationError: return fail(e.description, code: 2)
        case let e as OutputFile.WriteError: return fail(e.description, code: e.exitCode)
        default:
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                return 0
            }
            if error is ExitCode { return code.rawValue }
            // swift-argument-parser reports usage errors as 64 (EX_USAGE); alvh uses 2 for every input error, and one
            // prefix for every error it prints.
            let isUsage = code == .validationFailure
            let text = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
            return fail(text, code: isUsage ? 2 : 1)
        }
    }

    static func fail(_ message: String, code: Int32, prefixed: Bool = true) -> Int32 {
        FileHandle.standardError.write(Data(((prefixed ? "alvh: error: " : "") + message + "\n").utf8))
        return code
    }

    static func exit(withCode code: Int32) -> Never {
        Foundation.exit(code)
    }
}

/// Prints warnings to standard error.
func warn(_ messages: [String]) {
    for m in messages { FileHandle.standardError.write(Data("alvh: warning: \(m)\n".utf8)) }
}
