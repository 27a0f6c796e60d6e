import ALVH
import ArgumentParser
import Foundation

/// Options shared by `alvh simulate` and `alvh compare`.
struct HedgeRunOptions: ParsableArguments {
    @OptionGroup var marketOption: MarketOption

    @Option(parsing: .unconditional, help: "Number of paths (1 ... 100000000).")
    var paths: Int = 100_000

    @Option(parsing: .unconditional, help: "Horizon in trading days (1 ... 7560; 252 per year).")
    var horizonDays: Int = 63

    @OptionGroup var engine: EngineOptions

    @Option(help: "Measure driving the paths: real-world (P, risk scenarios) or risk-neutral (Q).")
    var measure: Measure = .realWorld

    @Option(help: ArgumentHelp("Write the summary as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write per-path outcomes as CSV to this file ('-': standard output, the table then goes to standard error).", valueName: "file"))
    var csv: String?

    @Option(help: ArgumentHelp("Shape of --csv: 'wide' (a row per path, a column per quantity) or 'long' (a row per path and quantity: path, layout, layer, quantity, value).", valueName: "form"))
    var csvForm: OutcomeTableForm = .wide

    @Option(help: ArgumentHelp("Write summary.json, SVG charts and a self-contained report.html into this folder.", valueName: "dir"))
    var report: String?

    var settings: PathSimulationSettings { engine.settings(paths: paths, days: horizonDays, measure: measure) }

    func validate() throws {
        do { _ = try settings.validated() } catch {
            throw ValidationError(error.description.replacingOccurrences(of: "--days", with: "--horizon-days"))
        }
    }

    /// The run's output files, all written at the end or none (`content` fills them once the run is done).
    func outputs(_ content: (summary: HedgeRunReport, outcomes: [LayoutOutcome])?) -> OutputFile.Batch {
        var batch = OutputFile.Batch()
        if let json { batch.add(flag: "--json", path: json) { content!.summary.json.serialized() } }
        if let csv {
            let form = csvForm
            batch.addStream(flag: "--csv", path: csv) { HedgeRunReport.writeCSV(outcomes: content!.outcomes, form: form, to: $0) }
            // A file on disk travels with its provenance and column dictionary (standard output has no "beside").
            if csv != "-" {
                batch.add(flag: "--csv", path: HedgeRunReport.sideFilePath(forCSV: csv)) {
                    content!.summary.outcomesSideFile(outcomes: content!.outcomes, form: form, csvFile: (csv as NSString).lastPathComponent).serialized()
                }
            }
        }
        if let report {
            batch.addFolder(flag: "--report", path: report,
                            files: content.map { $0.summary.reportFiles(outcomes: $0.outcomes) } ?? HedgeRunReport.reportFileNames.map { ($0, { "" }) })
        }
        return batch
    }

    func run(_ layouts: [HedgeLayout]) throws {
        let started = ProgressLine.now
        if json == "-" && csv == "-" { throw ValidationError("--json - and --csv - both want standard output; send one of them to a file.") }
        try outputs(nil).check()   // bad targets fail before the run, not after it
        let model = try marketOption.load(measure: measure, scheme: engine.scheme)
        let command = CommandLine.arguments.dropFirst().first ?? "alvh"
        let progress = marketOption.quiet ? nil : ProgressLine(label: command, pathSteps: settings.paths * settings.totalSteps)
        progress?.phase("tables")
        // HedgeSimulation reports 0 when the tables are built and the paths start.
        var update: (@Sendable (Double) -> Void)?
        if let progress {
            update = { fraction in
                if fraction == 0 { progress.phase("paths") } else { progress.update(fraction) }
            }
        }
        let (outcomes, elapsed) = try HedgeSimulation.run(model: model, layouts: layouts, settings: settings,
                                                          recordFan: report != nil, progress: update)
        progress?.phase("statistics")
        var summary = HedgeRunReport(settings: settings, outcomes: outcomes, elapsedSeconds: elapsed)
        summary.marketWarnings = model.warnings(measure: measure, scheme: engine.scheme)
        summary.provenance = Provenance(seed: settings.seed, market: model, books: outcomes.map(\.book), warnings: summary.warnings)
        summary.wallSeconds = ProgressLine.now - started
        progress?.finish()
        // Standard output carries one thing: the JSON or the CSV when one of them is '-', else the table.
        if json != "-" {
            if csv == "-" { FileHandle.standardError.write(Data(summary.text.utf8)) } else { try OutputFile.writeStandardOutput(summary.text) }
        }
        progress?.phase("writing")
        try outputs((summary, outcomes)).commit()
        progress?.finish()
    }
}

/// `alvh simulate`: one layout's static book on simulated paths.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Buy a hedge layout at t0, hold it to the horizon on simulated paths, report P&L and tail risk.",
        discussion: """
            Example: alvh simulate --layout configs/layouts/alvh-442.yaml --paths 200000 --json out.json
            Units: money in the portfolio's currency (notional from the layout), also as % of notional; VaR and ES
            are positive losses at 95/99/99.5/99.9 % with Monte Carlo standard errors; horizon in trading days.
            """)

    @Option(help: ArgumentHelp("Layout YAML (configs/layouts/); the embedded ALVH 4/4/2 when absent.", valueName: "file"))
    var layout: String?

    @OptionGroup var options: HedgeRunOptions

    func run() throws {
        try options.run([try layout.map { path throws(ConfigError) in try HedgeLayout.load(path: path) } ?? HedgeLayout.embeddedDefault()])
    }
}

/// `alvh compare`: several layouts on the same paths.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare hedge layouts on the same paths (default: unhedged, single-vix-call, alvh-442).",
        discussion: """
            Example: alvh compare --layout configs/layouts/single-vix-call.yaml --layout configs/layouts/alvh-442.yaml --report out
            Every layout sees the same paths (common random numbers). Units as in `alvh simulate`.
            """)

    @Argument(help: ArgumentHelp("Layout YAML files.", valueName: "layout"))
    var layouts: [String] = []

    @Option(name: .customLong("layout"), help: ArgumentHelp("A layout YAML file; repeatable, beside the positional form.", valueName: "file"))
    var layoutOptions: [String] = []

    @OptionGroup var options: HedgeRunOptions

    func run() throws {
        try options.run(try HedgeLayout.loadRun(paths: layoutOptions + layouts))
    }
}
