import ALVH
import ArgumentParser
import Foundation

/// `alvh calibrate`: estimating market parameters from data (DESIGN section 7). `history` estimates the real-world
/// (P) part from daily SPX/VIX/VIX3M closes.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Estimate market parameters from data.",
        subcommands: [CalibrateHistoryCommand.self, CalibrateMarketCommand.self, CalibrateMomentsCommand.self])

    /// The market a calibration starts from: `path`, else the embedded default (the calibrated two-factor market) for
    /// two factors or configs/markets/illustrative.yaml beside the data directory (the one-factor SVCJ market) for one;
    /// with its YAML text.
    static func market(path: String?, factors: Int, dataDirectory: () throws(DataError) -> String) throws -> (model: MarketModel, text: String) {
        if let path {
            let model = try MarketModel.load(path: path)
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return (model, text)
        }
        if factors == 2 { return (MarketModel.embeddedDefault(), EmbeddedConfigs.defaultMarket) }
        // Beside the data directory, relative when it is (the usual `data` from the repository root).
        let parent = (try dataDirectory() as NSString).deletingLastPathComponent
        let file = (parent.isEmpty ? "" : parent + "/") + "configs/markets/illustrative.yaml"
        guard FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("--factors 1 without --market looks for configs/markets/illustrative.yaml beside the data directory and found none at \(file); pass --market FILE (a one-factor market).")
        }
        return (try MarketModel.load(path: file), try String(contentsOfFile: file, encoding: .utf8))
    }
}

/// `alvh calibrate history`: P parameters (with standard errors) from the history; parsing and printing only, the
/// estimator is `HistoryCalibration` in the library.
struct CalibrateHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Estimate the real-world (P) parameters from daily SPX, VIX and VIX3M closes, with standard errors.",
        discussion: """
            Example: alvh calibrate history --factors 2 --regimes --out calibrated.yaml
            The factors are filtered each day from the indices with the Q formula of --market ((VIX/100)^2 = A_1 v1 +
            A_2 v2 + B): --factors 1 uses the VIX alone (default market: configs/markets/illustrative.yaml, found beside the data directory); --factors 2
            uses VIX and VIX3M (default market: the embedded default;
            VIX3M starts 2009-09-18 and before it VXV, the same index's old name, fills in from 2006-07-17 unless
            --vxv none). VIX below the model floor is floored (one
            factor); a (VIX, VIX3M) pair no non-negative (v1, v2) reproduces is projected to the boundary keeping the
            VIX exact (two factors); both are counted. --factors 2 --filter kalman instead estimates kappa_i, theta_i,
            sigma_i by the QML Kalman filter with VIX and VIX3M measurement errors (sigma_i and rho_i then go into the
            Q factor lines of --out, which the schema shares with P). Estimator: per factor kappa, theta, sigma by Gaussian
            quasi-maximum likelihood on the square-root transition's exact conditional mean and variance (dt = 1/252,
            sandwich standard errors), rho_i from the residuals, the SPX price drift (mean log return + half variance;
            equity_drift adds the market's dividend yield), and jumps by a 4-sd threshold (local sd: bipower variation of the previous 21 returns).
            --regimes repeats it on the days starting with VIX < 15, 15-20, 20-30, >= 30. --out writes a market YAML:
            the Q part of --market unchanged, real_world from the estimates (alvh validate accepts it). Units: per year,
            annualised variance. Exit codes: 0 success, 2 bad input (flags, market, data files, too short a window).
            """)

    @Option(parsing: .unconditional, help: "Variance factors: 1 (from VIX) or 2 (from VIX and VIX3M).")
    var factors: Int = 1

    @Option(help: ArgumentHelp("--factors 2: how the factors are read from VIX and VIX3M: projection (each day's pair inverted, projected onto the model's reach) or kalman (QML Kalman filter with measurement errors).", valueName: "method"))
    var filter: HistoryCalibration.TwoFactorMethod = .projection

    @Option(help: ArgumentHelp("Market whose Q formula filters the factors and whose Q part --out keeps (default: configs/markets/illustrative.yaml for --factors 1, the embedded default market for --factors 2).", valueName: "file"))
    var market: String?

    @Option(help: ArgumentHelp("First day of the history, YYYY-MM-DD (default: the first VIX close, 1990-01-02).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day of the history, YYYY-MM-DD (default: the last SPX close).", valueName: "date"))
    var to: String?

    @Flag(help: "Also estimate per VIX regime (low < 15, normal 15-20, elevated 20-30, crisis >= 30), side by side.")
    var regimes = false

    @Option(help: ArgumentHelp("Write the calibrated market YAML here (Q from --market, P from the estimates).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Also write the estimates as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @OptionGroup var indexFiles: IndexFileOptions

    @Option(help: ArgumentHelp("--factors 2: VXV closes (VIX3M's old name) for the days before the first VIX3M close (default: <data>/\(ThreeMonthSplice.vxvPath); 'none': no splice, two factors start 2009-09-18).", valueName: "file"))
    var vxv: String?

    @Flag(help: "No warnings on standard error (errors still print).")
    var quiet = false

    func validate() throws {
        if !(1...2).contains(factors) { throw ValidationError("--factors \(factors) is out of range; allowed: 1 or 2.") }
        if filter == .kalman && factors != 2 { throw ValidationError("--filter kalman needs --factors 2 (one factor is read off the VIX exactly).") }
        let (lo, hi) = (try CheckModelCommand.date("--from", from), try CheckModelCommand.date("--to", to))
        if let lo, let hi, hi < lo { throw ValidationError("--to \(hi) is before --from \(lo).") }
    }

    func loadMarket(dataDirectory: () throws(DataError) -> String) throws -> (model: MarketModel, text: String) {
        try CalibrateCommand.market(path: market, factors: factors, dataDirectory: dataDirectory)
    }

    func run() throws {
        var batch = OutputFile.Batch()
        var document: String?, yaml: String?
        if let json { batch.add(flag: "--json", path: json) { document ?? "" } }
        if let out { batch.add(flag: "--out", path: out) { yaml ?? "" } }
        try batch.check()
        // The data directory is looked for only when a file is not given (or for the default two-factor market).
        var located: String?
        func dataDirectory() throws(DataError) -> String {
            if let located { return located }
            let d = try indexFiles.directory()
            located = d
            return d
        }
        let (model, marketText) = try loadMarket(dataDirectory: dataDirectory)
        if !quiet { warn(model.warnings(measure: nil, scheme: nil)) }
        let files = try indexFiles.files(futures: nil, readsFutures: false)
        let history = try HistoricalMarket(indices: files)
        let window = try history.window(from: try CheckModelCommand.date("--from", from), to: try CheckModelCommand.date("--to", to))
        var series = window.series
        var spliceLine: String?
        if factors == 2 && vxv != "none" {
            let splice = try ThreeMonthSplice(window: window, vix3m: history.vix3m, vxv: try DailyCloses(path: try indexFiles.vxvFile(vxv)))
            series = splice.series
            spliceLine = splice.summary
        }
        let calibration = try HistoryCalibration(series: series, market: model, factorCount: factors, regimes: regimes,
                                                 method: filter,
                                                 threeMonthFile: files.vix3m)
        let span = window.dates.isEmpty ? "" : "\(window.dates[0]) .. \(window.dates[window.dates.count - 1])"
        var notes: [String] = spliceLine.map { [$0] } ?? []
        if out != nil {
            let made = try calibration.marketYAML(marketText: marketText, window: "SPX/VIX\(factors == 2 ? "/VIX3M" : "") \(span)")
            yaml = made.text
            notes += made.notes
        }
        let provenance = Provenance(seed: nil, market: model, warnings: model.warnings(measure: nil, scheme: nil) + calibration.warnings + notes)
        document = JSONValue.object([("schema_version", .integer(Provenance.schemaVersion)), ("provenance", provenance.json), ("history_data", window.json), ("calibration", calibration.json)]).serialized()
        if json != "-" {
            try OutputFile.writeStandardOutput(window.summaryLines.joined(separator: "\n") + "\n" + provenance.summaryLine + "\n\n"
                                               + calibration.text + notes.map { "note: " + $0 + "\n" }.joined())
        }
        try batch.commit()
    }
}
