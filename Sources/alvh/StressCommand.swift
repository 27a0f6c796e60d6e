import ALVH
import ArgumentParser
import Foundation

/// `alvh stress`: every layout under every scenario, on the same paths within a scenario.
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Run hedge layouts through stress scenarios (the shipped crisis templates by default).",
        discussion: """
            Example: alvh stress --layout configs/layouts/alvh-442.yaml --scenario mar-2020 --scenario my-shock.yaml --json s.json
            --scenario takes a file (configs/scenarios/*.yaml documents every key) or the name of a shipped template:
            \(StressScenario.templates().map(\.name).joined(separator: ", ")). Without --scenario every template runs;
            without --layout the default layouts (unhedged, single-vix-call, alvh-442). Each scenario is one run of
            --paths paths over its own horizon: shocks on its days applied on every path, parameter windows under P,
            the books bought at the scenario's t0 and held to its horizon. The table gives per scenario its central
            path (every draw zero) against the recorded figures, and per scenario and layout the hedged P&L mean,
            VaR/ES 99, hedge payoff, worst path and (adaptive layouts) max drawdown in % of notional with standard
            errors. --json and --csv (long: scenario, layout, metric, value, stderr; money in currency) and --report
            DIR (stress.json, stress.csv, central_paths.svg, report.html).
            """)

    @OptionGroup var marketOption: MarketOption

    @Option(name: .customLong("layout"), help: ArgumentHelp("A layout YAML file; repeatable (default: the three default layouts).", valueName: "file"))
    var layouts: [String] = []

    @Option(name: .customLong("scenario"), help: ArgumentHelp("A scenario YAML file or a template name; repeatable (default: every template).", valueName: "file|name"))
    var scenarios: [String] = []

    @Option(parsing: .unconditional, help: "Paths per scenario (1 ... 100000000).")
    var paths: Int = 100_000

    @OptionGroup var engine: EngineOptions

    @Option(help: ArgumentHelp("Write the results as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write the results as a long CSV to this file ('-' for standard output only).", valueName: "file"))
    var csv: String?

    @Option(help: ArgumentHelp("Write stress.json, stress.csv, central_paths.svg and report.html into this folder.", valueName: "dir"))
    var report: String?

    func validate() throws {
        do { _ = try engine.settings(paths: paths, days: 1, measure: .realWorld).validated() } catch { throw ValidationError(error.description) }
        if json == "-" && csv == "-" { throw ValidationError("--json - and --csv - both want standard output; send one of them to a file.") }
    }

    /// A shipped template by name, else a file.
    static func scenario(_ argument: String) throws(ConfigError) -> StressScenario {
        if let t = StressScenario.templates().first(where: { $0.name == argument }) { return t }
        if !argument.hasSuffix(".yaml") && !argument.hasSuffix(".yml") && !FileManager.default.fileExists(atPath: argument) {
            throw .invalid(file: argument, keyPath: "--scenario",
                           reason: "no such file and no template of that name; templates: \(StressScenario.templates().map(\.name).joined(separator: ", ")).")
        }
        return try StressScenario.load(path: argument)
    }

    func run() throws {
        let loaded = try HedgeLayout.loadRun(paths: layouts)
        var chosen: [StressScenario] = []
        for s in scenarios {
            let scenario = try Self.scenario(s)
            if chosen.contains(where: { $0.name == scenario.name }) {
                throw ConfigError.invalid(file: scenario.source, keyPath: "name", reason: "'\(scenario.name)' is given twice; scenarios label the outputs.")
            }
            chosen.append(scenario)
        }
        if chosen.isEmpty { chosen = StressScenario.templates() }
        var document: StressReport?
        var batch = OutputFile.Batch()
        if let json { batch.add(flag: "--json", path: json) { document!.json.serialized() } }
        if let csv { batch.add(flag: "--csv", path: csv) { document!.csv } }
        if let report {
            batch.addFolder(flag: "--report", path: report, files: StressReport.reportFileNames.map { name in
                (name, { document!.reportFiles().first { $0.name == name }!.content() })
            })
        }
        try batch.check()
        let model = try marketOption.load(measure: .realWorld, scheme: engine.scheme)
        for s in chosen { _ = try s.centralPath(model: model) }   // scenario errors before any run
        let settings = engine.settings(paths: paths, days: 1, measure: .realWorld)
        let progress = marketOption.quiet ? nil : ProgressLine(label: "stress")
        progress?.phase("scenarios")
        let count = Double(chosen.count)
        var update: (@Sendable (Int, Double) -> Void)?
        if let progress { update = { k, fraction in progress.update((Double(k) + fraction) / count) } }
        let run = try StressRun.run(model: model, layouts: loaded, scenarios: chosen,
                                    settings: settings, progress: update)
        progress?.finish()
        let provenance = Provenance(seed: settings.seed, market: model, warnings: model.warnings(measure: .realWorld, scheme: engine.scheme))
        let result = StressReport(run: run, provenance: provenance)
        document = result
        if json != "-" && csv != "-" { try OutputFile.writeStandardOutput(result.text) }
        try batch.commit()
    }
}
