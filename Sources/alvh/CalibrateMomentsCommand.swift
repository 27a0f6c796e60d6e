import ALVH
import ArgumentParser
import Foundation

/// `alvh calibrate moments`: P parameters by the simulated method of moments; parsing and printing only, the estimator
/// is `MomentCalibration` in the library.
struct CalibrateMomentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moments",
        abstract: "Fit real-world (P) parameters so that simulated paths reproduce the history's stylised facts (simulated method of moments).",
        discussion: """
            Example: alvh calibrate moments --market configs/markets/calibrated.yaml --out fitted.yaml
            Minimises J = sum over the facts of ((model - history) / s.e. of history)^2, the facts of `alvh check-model`
            (history from the data directory, as there; model from --paths paths of --years years under P, the same
            random numbers at every trial), by Nelder-Mead over --parameters (in log coordinates; atanh for rho_i; eta as it is).
            Default facts: VIX p5, p25, median, p75, p95, share above 30, sd of d ln VIX in its five bands, AR(1)
            half-life of VIX, corr(SPX return, d ln VIX), share of backwardated futures days and mean second/front; the
            rest of check-model's lines are left out as an out-of-sample test. sigma_i and rho_i are shared by P and Q
            (the schema's rule), so fitting them changes the Q factor lines of --out too. Standard errors: sandwich
            with a numerical Jacobian, facts taken as uncorrelated (indicative). Takes minutes: every trial simulates
            the paths (about 1 s for 20 x 25 years on 2 cores). Exit codes: 0 success, 2 bad input.
            """)

    @Option(help: ArgumentHelp("Market to start from: its Q part is kept, its P values start the search (default: the embedded default market).", valueName: "file"))
    var market: String?

    @Option(help: ArgumentHelp("Comma-separated parameters to fit (\(MomentParameter.allCases.map(\.rawValue).joined(separator: ", "))); default: \(MomentCalibration.defaultParameters.map(\.rawValue).joined(separator: ",")).", valueName: "names"))
    var parameters: String?

    @Option(help: ArgumentHelp("Comma-separated facts to match, by their check-model JSON keys (default: the set above).", valueName: "keys"))
    var moments: String?

    @Option(help: ArgumentHelp("First day of the history, YYYY-MM-DD (default: the first VIX close, 1990-01-02).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day of the history, YYYY-MM-DD (default: the last SPX close).", valueName: "date"))
    var to: String?

    @Option(parsing: .unconditional, help: "Simulated paths per trial (2 ... 200).")
    var paths: Int = 20

    @Option(parsing: .unconditional, help: "Recorded years per path (1 ... 29).")
    var years: Int = 25

    @Option(parsing: .unconditional, help: "Random seed of every trial (0 ... 18446744073709551615).", transform: EngineOptions.seed)
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Nelder-Mead iterations at most (1 ... 10000).")
    var iterations: Int = 400

    @Option(parsing: .unconditional, help: "Worker threads, 1 ... 1024 (default: all cores); the result does not depend on it.")
    var threads: Int = PathSimulationSettings.availableCores

    @Option(help: ArgumentHelp("Write the fitted market YAML here (the start market with the fitted values).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Also write the fit as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @OptionGroup var indexFiles: IndexFileOptions

    @Option(help: ArgumentHelp("VIX futures settlements, long table (default: <data>/\(HistoricalDataFiles.futuresPath)).", valueName: "file"))
    var futures: String?

    @Flag(help: "No progress line and no warnings on standard error (errors still print).")
    var quiet = false

    func chosenParameters() throws -> [MomentParameter] {
        guard let parameters else { return MomentCalibration.defaultParameters }
        return try parameters.split(separator: ",").map { name in
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let p = MomentParameter(rawValue: name) else {
                throw ValidationError("--parameters: '\(name)' is not a parameter; allowed: \(MomentParameter.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return p
        }
    }

    func chosenMoments() throws -> [StylisedFact] {
        guard let moments else { return MomentCalibration.defaultMoments }
        let byKey = Dictionary(uniqueKeysWithValues: StylisedFact.all.map { ($0.key, $0) })
        return try moments.split(separator: ",").map { key in
            let key = key.trimmingCharacters(in: .whitespaces)
            guard let f = byKey[key] else {
                throw ValidationError("--moments: '\(key)' is not a check-model fact; allowed: \(StylisedFact.all.map(\.key).joined(separator: ", ")).")
            }
            return f
        }
    }

    var settings: MomentCalibration.Settings {
        get throws {
            MomentCalibration.Settings(parameters: try chosenParameters(), moments: try chosenMoments(),
                                       simulation: ModelCheckSettings(paths: paths, years: years, seed: seed, threads: threads),
                                       maxIterations: iterations)
        }
    }

    func validate() throws {
        let (lo, hi) = (try CheckModelCommand.date("--from", from), try CheckModelCommand.date("--to", to))
        if let lo, let hi, hi < lo { throw ValidationError("--to \(hi) is before --from \(lo).") }
        if !(1...1024).contains(threads) { throw ValidationError("--threads \(threads) is out of range; allowed: 1 ... 1024.") }
        if !(1...10_000).contains(iterations) { throw ValidationError("--iterations \(iterations) is out of range; allowed: 1 ... 10000.") }
        do { _ = try settings.simulation.pathSettings() } catch let e as SettingsError { throw ValidationError(e.description) }
    }

    func run() throws {
        var batch = OutputFile.Batch()
        var document: String?, yaml: String?
        if let json { batch.add(flag: "--json", path: json) { document ?? "" } }
        if let out { batch.add(flag: "--out", path: out) { yaml ?? "" } }
        try batch.check()
        let (model, marketText) = try CalibrateCommand.market(path: market, factors: 2) { () throws(DataError) -> String in try indexFiles.directory() }
        if !quiet { warn(model.warnings(measure: nil, scheme: nil)) }
        let progress = quiet ? nil : ProgressLine(label: "calibrate moments")
        progress?.phase("history")
        let history = try HistoricalMarket(files: try indexFiles.files(futures: futures))
        let window = try history.window(from: try CheckModelCommand.date("--from", from), to: try CheckModelCommand.date("--to", to))
        let fit = try MomentCalibration.fit(market: model, history: window.stylisedFacts(), settings: try settings) { n, best in
            progress?.phase(String(format: "simulation %d, J %.2f", n, best))
        }
        progress?.finish()
        let span = window.dates.isEmpty ? "" : "\(window.dates[0]) .. \(window.dates[window.dates.count - 1])"
        if out != nil { yaml = try fit.marketYAML(marketText: marketText, window: "history \(span)") }
        let provenance = Provenance(seed: seed, market: model, warnings: model.warnings(measure: nil, scheme: nil))
        document = JSONValue.object([("schema_version", .integer(Provenance.schemaVersion)), ("provenance", provenance.json),
                                     ("history_data", window.json), ("calibration", fit.json)]).serialized()
        if json != "-" {
            try OutputFile.writeStandardOutput(window.summaryLines.joined(separator: "\n") + "\n" + provenance.summaryLine + "\n\n" + fit.text)
        }
        try batch.commit()
    }
}
