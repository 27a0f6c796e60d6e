import ALVH
import ArgumentParser
import Foundation

/// `alvh calibrate market`: Q parameters fitted to one day's VIX, VIX3M, VIX futures and (optionally) SPX options;
/// parsing and printing only, the estimator is `MarketCalibration` in the library.
struct CalibrateMarketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market",
        abstract: "Fit the risk-neutral (Q) parameters to one day's VIX, VIX3M, VIX futures curve and SPX options.",
        discussion: """
            Example: alvh calibrate market --date 2020-12-01 --factors 2 --spx-options data/options/SPX_options_20201201_optionmetrics_style.csv --out q.yaml
            Fits today's factor variances and the Q drift (one factor: v, kappa, theta; two factors: v1, v2, kappa_1,
            kappa_2, theta_2, with theta_1 kept: first moments do not identify it) to VIX, VIX3M and every listed VIX
            future (days to expiry from the real expiry dates) by least squares in VIX points; with --spx-options also
            sigma_i and rho from the out-of-the-money SPX mids (|delta| >= 0.05, vega-weighted: errors in implied-volatility
            points). Jump parameters and the real_world (P) block are --market's (default: configs/markets/illustrative.yaml
            for --factors 1, the embedded default market for --factors 2). The variance risk premium is the
            difference between this Q and the P of `alvh calibrate history`. --out writes the fitted market YAML (alvh
            validate accepts it). Exit codes: 0 success, 2 bad input (flags, market, data files, a date without futures).
            """)

    @Option(help: ArgumentHelp("Trade date, YYYY-MM-DD (one with VIX futures settlements: 2004-03-26 .. 2023-06-16 in the shipped table).", valueName: "date"))
    var date: String

    @Option(parsing: .unconditional, help: "Variance factors: 1 or 2.")
    var factors: Int = 1

    @Option(help: ArgumentHelp("Template market: its Q form and values start the fit; its jumps, fixed values and real_world block are kept (default: configs/markets/illustrative.yaml for --factors 1, the embedded default market for --factors 2).", valueName: "file"))
    var market: String?

    @Option(help: ArgumentHelp("SPX option chain of that day, OptionMetrics layout ('none', the default: futures and indices only).", valueName: "file"))
    var spxOptions: String?

    @Option(help: ArgumentHelp("Zero curve for the chain (default: zero_rates_YYYYMMDD.csv beside the chain).", valueName: "file"))
    var zeroRates: String?

    @Option(help: ArgumentHelp("VIX futures settlements, long table (default: <data>/\(HistoricalDataFiles.futuresPath)).", valueName: "file"))
    var futures: String?

    @OptionGroup var indexFiles: IndexFileOptions

    @Option(help: ArgumentHelp("Two factors: first fit the Q drift (kappa_1, kappa_2, theta_1, theta_2) to the VIX, VIX3M and futures of the trade dates FROM..TO (every --every-th, each day's factors filtered from its VIX and VIX3M), then only the state (and sigma, rho with options) on --date.", valueName: "from..to"))
    var panel: String?

    @Option(help: "With --panel: use every N-th trade date of the futures table (1 ... 250).")
    var every: Int = 10

    @Option(help: ArgumentHelp("With --panel: keep these drift parameters at --market's values instead of fitting them (comma-separated from kappa_1, kappa_2, theta_1, theta_2; default: none).", valueName: "names"))
    var panelHold: String?

    /// `--panel-hold`'s names.
    var heldNames: [String] {
        (panelHold ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Option(help: ArgumentHelp("Write the fitted market YAML here.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Also write the fit as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @Flag(help: "No warnings on standard error (errors still print).")
    var quiet = false

    func validate() throws {
        if !(1...2).contains(factors) { throw ValidationError("--factors \(factors) is out of range; allowed: 1 or 2.") }
        _ = try CheckModelCommand.date("--date", date)
        if panel != nil {
            _ = try panelRange()
            if factors != 2 { throw ValidationError("--panel fits the two-factor term structure; add --factors 2.") }
        }
        if panelHold != nil {
            if panel == nil { throw ValidationError("--panel-hold needs --panel.") }
            if let problem = TermStructureCalibration.holdingProblem(heldNames) { throw ValidationError("--panel-hold: \(problem)") }
        }
        if !(1...250).contains(every) { throw ValidationError("--every \(every) is out of range; allowed: 1 ... 250.") }
    }

    /// `--panel FROM..TO`.
    func panelRange() throws -> (TradingDate, TradingDate)? {
        guard let panel else { return nil }
        let parts = panel.components(separatedBy: "..")
        guard parts.count == 2, let lo = try CheckModelCommand.date("--panel", parts[0]), let hi = try CheckModelCommand.date("--panel", parts[1]), lo <= hi else {
            throw ValidationError("--panel \(panel) is not a range; allowed: FROM..TO, two dates YYYY-MM-DD with FROM <= TO (e.g. 2009-09-18..2023-06-16).")
        }
        return (lo, hi)
    }

    /// The zero curve beside the chain: `zero_rates_YYYYMMDD.csv` in the chain's folder.
    static func defaultZeroCurve(chain: String, date: TradingDate) -> String {
        let stamp = String(format: "%04d%02d%02d", date.year, date.month, date.day)
        let folder = (chain as NSString).deletingLastPathComponent
        return (folder as NSString).appendingPathComponent("zero_rates_\(stamp).csv")
    }

    func run() throws {
        guard let day = try CheckModelCommand.date("--date", date) else { return }
        var batch = OutputFile.Batch()
        var document: String?, yaml: String?
        if let json { batch.add(flag: "--json", path: json) { document ?? "" } }
        if let out { batch.add(flag: "--out", path: out) { yaml ?? "" } }
        try batch.check()
        var located: String?
        func dataDirectory() throws(DataError) -> String {
            if let located { return located }
            let d = try indexFiles.directory()
            located = d
            return d
        }
        let (template, templateText) = try CalibrateCommand.market(path: market, factors: factors, dataDirectory: dataDirectory)
        if !quiet { warn(template.warnings(measure: nil, scheme: nil)) }
        let files = try indexFiles.files(futures: futures)
        let history = try HistoricalMarket(files: files)
        var chain: SPXOptionChain?, curve: ZeroCurve?
        if let spxOptions, spxOptions != "none" {
            chain = try SPXOptionChain(path: spxOptions)
            curve = try ZeroCurve(path: zeroRates ?? Self.defaultZeroCurve(chain: spxOptions, date: day))
        }
        let quotes = try MarketQuotes(date: day, history: history, chain: chain, zeroCurve: curve)
        var termStructure: TermStructureCalibration?
        if let (lo, hi) = try panelRange() {
            let dates = history.futures.tradeDates.filter { $0 >= lo && $0 <= hi }
            let days = stride(from: 0, to: dates.count, by: every).compactMap { try? MarketQuotes(date: dates[$0], history: history) }
            termStructure = try TermStructureCalibration(days: days, template: template, holding: heldNames)
        }
        let calibration = try MarketCalibration(quotes: quotes, template: termStructure?.fitted ?? template, factorCount: factors,
                                                fitDrift: termStructure == nil)
        if out != nil { yaml = try calibration.marketYAML(templateText: templateText, panel: termStructure) }
        let warnings = template.warnings(measure: nil, scheme: nil) + (calibration.converged ? [] : ["the Nelder-Mead fit did not meet its tolerance; the best point found is reported."])
        let provenance = Provenance(seed: nil, market: template, warnings: warnings)
        document = JSONValue.object([("schema_version", .integer(Provenance.schemaVersion)), ("provenance", provenance.json),
                                     ("calibration", calibration.json)] + (termStructure.map { [("panel", $0.json)] } ?? [])).serialized()
        if json != "-" {
            try OutputFile.writeStandardOutput(provenance.summaryLine + "\n\n" + (termStructure.map { $0.text + "\n" } ?? "") + calibration.text)
        }
        try batch.commit()
    }
}
