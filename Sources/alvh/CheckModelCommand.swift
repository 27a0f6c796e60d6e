import ALVH
import ArgumentParser
import Foundation

/// `alvh check-model`: the market's P dynamics against the real history, line by line (DESIGN section 7).
struct CheckModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-model",
        abstract: "Compare the market's real-world (P) dynamics with the SPX/VIX/VIX3M/VIX-futures history, fact by fact.",
        discussion: """
            Example: alvh check-model --market configs/markets/two-factor.yaml --from 2004-03-26 --json check.json
            Loads the history from the data directory (default: data/ of the repository, found from the working
            directory, $ALVH_DATA_DIR or the executable's location; or --data-dir DIR, or each file with --vix, --vix3m,
            --spx, --futures), aligned on SPX's trading calendar: VIX prints on NYSE holidays are dropped and counted,
            missing days stay empty (nothing interpolated). It measures the stylised facts of the history (standard
            errors from two-year blocks) and of --paths simulated paths of --years years under P (after a one-year
            burn-in; standard errors across paths), and prints one line per fact: history, model, band and pass /
            attention. Units: VIX in VIX points, changes and returns in percent, half-lives in trading days, futures
            figures in percent. Exit codes: 0 when every hard requirement (lines marked *) passes, 1 when one does not
            (the table and --json are still written; a one-line message on standard error names the lines), 2 for bad
            input (flags, market, data files).
            """)

    @OptionGroup var marketOption: MarketOption

    @Option(help: ArgumentHelp("First day of the history, YYYY-MM-DD (default: the first VIX close, 1990-01-02).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day of the history, YYYY-MM-DD (default: the last SPX close).", valueName: "date"))
    var to: String?

    @Option(parsing: .unconditional, help: "Simulated paths (2 ... 200).")
    var paths: Int = 40

    @Option(parsing: .unconditional, help: "Recorded years per path, 252 trading days each (1 ... 29).")
    var years: Int = 25

    @Option(parsing: .unconditional, help: "Simulated days dropped before recording (0 ... 7560 less the recorded days).")
    var burnInDays: Int = 252

    @Option(parsing: .unconditional, help: "Random seed (0 ... 18446744073709551615).", transform: EngineOptions.seed)
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Worker threads, 1 ... 1024 (default: all cores); the result does not depend on it.")
    var threads: Int = PathSimulationSettings.availableCores

    @Option(help: "Discretisation: qe (Andersen QE, martingale-corrected), qe-plain, euler (full truncation).")
    var scheme: PathScheme = .quadraticExponential(martingaleCorrection: true)

    @Option(help: ArgumentHelp("Also write the comparison as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @OptionGroup var indexFiles: IndexFileOptions

    @Option(help: ArgumentHelp("VIX futures settlements, long table (default: <data>/\(HistoricalDataFiles.futuresPath)).", valueName: "file"))
    var futures: String?

    var settings: ModelCheckSettings {
        ModelCheckSettings(paths: paths, years: years, burnInDays: burnInDays, seed: seed, threads: threads, scheme: scheme)
    }

    static func date(_ flag: String, _ text: String?) throws -> TradingDate? {
        guard let text else { return nil }
        guard text.count == 10, text.contains("-"), let d = TradingDate(text) else {
            throw ValidationError("\(flag) \(text) is not a date; allowed: YYYY-MM-DD, a real calendar day (e.g. 2004-03-26).")
        }
        return d
    }

    func validate() throws {
        let (lo, hi) = (try Self.date("--from", from), try Self.date("--to", to))
        if let lo, let hi, hi < lo { throw ValidationError("--to \(hi) is before --from \(lo).") }
        if !(1...1024).contains(threads) { throw ValidationError("--threads \(threads) is out of range; allowed: 1 ... 1024.") }
        do { _ = try settings.pathSettings() } catch { throw ValidationError(error.description) }
    }

    /// The four files: each given one, the rest from the data directory (looked for only when needed).
    func dataFiles() throws(DataError) -> HistoricalDataFiles { try indexFiles.files(futures: futures) }

    func run() throws {
        var batch = OutputFile.Batch()
        var document: String?
        if let json { batch.add(flag: "--json", path: json) { document ?? "" } }
        try batch.check()
        let model = try marketOption.load(measure: .realWorld, scheme: scheme)
        let progress = marketOption.quiet ? nil : ProgressLine(label: "check-model")
        progress?.phase("history")
        let market = try HistoricalMarket(files: try dataFiles())
        let window = try market.window(from: try Self.date("--from", from), to: try Self.date("--to", to))
        let history = window.stylisedFacts()
        progress?.phase("paths")
        var check = try ModelCheck.run(model: model, history: history, settings: settings)
        progress?.finish()
        check.marketWarnings = model.warnings(measure: .realWorld, scheme: scheme)
        check.provenance = Provenance(seed: seed, market: model, warnings: check.warnings)
        check.historyData = window.json
        document = check.json.serialized()
        if json != "-" { try OutputFile.writeStandardOutput(window.summaryLines.joined(separator: "\n") + "\n\n" + check.text) }
        try batch.commit()
        if !check.hardRequirementsMet {
            let missed = check.lines.filter { $0.isHardRequirement && $0.flag != .pass }.map { "\($0.fact.label) (\($0.flag.rawValue))" }
            _ = ALVHCommand.fail("alvh: hard requirements not met: " + missed.joined(separator: "; ") + ".", code: 1, prefixed: false)
            throw ExitCode(1)
        }
    }
}
