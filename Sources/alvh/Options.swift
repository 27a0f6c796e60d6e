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

/// `--market FILE` and `--quiet`, shared by the commands that need a market.
struct MarketOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Market YAML (docs/DESIGN.md section 8); the embedded default when absent.", valueName: "file"))
    var market: String?

    @Flag(help: "No warnings or progress on standard error (errors still print; warnings stay in the JSON).")
    var quiet = false

    /// Loads the market and prints the warnings that apply to this run: Feller warnings only for the measure that
    /// moves the paths and only under Euler (QE handles a variance at zero; pricing simulates nothing).
    func load(measure: Measure?, scheme: PathScheme?) throws -> MarketModel {
        let model = try market.map { path throws(ConfigError) in try MarketModel.load(path: path) } ?? MarketModel.embeddedDefault()
        if !quiet { warn(model.warnings(measure: measure, scheme: scheme)) }
        return model
    }
}

/// Engine options shared by `paths`, `simulate` and `compare`; the result does not depend on threads or batch size.
struct EngineOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Random seed (0 ... 18446744073709551615).", transform: EngineOptions.seed)
    var seed: UInt64 = 1

    /// A seed that is not a 64-bit unsigned integer is reported with the range, not as a missing value.
    static func seed(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text) else {
            throw ValidationError("--seed \(text) is out of range; allowed: 0 ... 18446744073709551615 (a 64-bit unsigned integer).")
        }
        return value
    }

    @Option(parsing: .unconditional, help: "Worker threads, 1 ... 1024 (default: all cores).")
    var threads: Int = PathSimulationSettings.availableCores

    @Option(parsing: .unconditional, help: "Paths per batch, 1 ... 1048576 (the result does not depend on it).")
    var batchSize: Int = 2048

    @Option(help: "Discretisation: qe (Andersen QE, martingale-corrected), qe-plain, euler (full truncation).")
    var scheme: PathScheme = .quadraticExponential(martingaleCorrection: true)

    func settings(paths: Int, days: Int, stepsPerDay: Int = 1, measure: Measure) -> PathSimulationSettings {
        PathSimulationSettings(paths: paths, days: days, stepsPerDay: stepsPerDay, seed: seed, threads: threads,
                               batchSize: batchSize, scheme: scheme, measure: measure)
    }
}

extension OutcomeTableForm: ExpressibleByArgument {}
extension HistoryCalibration.TwoFactorMethod: ExpressibleByArgument {}

/// `--data-dir`, `--vix`, `--vix3m`, `--spx`: the daily index files of the history, shared by `check-model` and the
/// `calibrate` commands. A file not given comes from the data directory, which is looked for only then.
struct IndexFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder holding vix/, spx/ and vix_futures/ (default: data).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("VIX closes, Cboe layout (default: <data>/\(HistoricalDataFiles.vixPath)).", valueName: "file"))
    var vix: String?

    @Option(help: ArgumentHelp("VIX3M closes, Cboe layout (default: <data>/\(HistoricalDataFiles.vix3mPath)).", valueName: "file"))
    var vix3m: String?

    @Option(help: ArgumentHelp("SPX closes, Cboe or Yahoo layout (default: <data>/\(HistoricalDataFiles.spxPath)).", valueName: "file"))
    var spx: String?

    /// The data directory: `--data-dir`, or the project's `data/` found from the working directory.
    func directory() throws(DataError) -> String { try HistoricalDataFiles.locateDirectory(explicit: dataDir) }

    /// The VXV closes spliced before VIX3M's first close: `explicit`, or the shipped copy in the data directory.
    func vxvFile(_ explicit: String?) throws(DataError) -> String {
        if let explicit { return explicit }
        let folder = try directory()
        return (folder.hasSuffix("/") ? folder : folder + "/") + ThreeMonthSplice.vxvPath
    }

    /// The files to read: each one given as is, the rest from the data directory (looked for only when one is missing).
    /// `futures` is the command's `--futures`; a command that reads no futures passes `readsFutures: false`.
    func files(futures: String?, readsFutures: Bool = true) throws(DataError) -> HistoricalDataFiles {
        let unread = "(not read)"
        if let vix, let vix3m, let spx, let futures = readsFutures ? futures : unread {
            return HistoricalDataFiles(vix: vix, vix3m: vix3m, spx: spx, futures: futures)
        }
        let standard = HistoricalDataFiles(directory: try directory())
        return HistoricalDataFiles(vix: vix ?? standard.vix, vix3m: vix3m ?? standard.vix3m, spx: spx ?? standard.spx,
                                   futures: readsFutures ? futures ?? standard.futures : unread)
    }
}
