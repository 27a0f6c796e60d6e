import ALVH
import ArgumentParser
import Foundation

/// `alvh paths`: the path engine alone, with a summary and throughput.
struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Simulate correlated SPX-VIX paths and summarise them (the path engine alone).",
        discussion: """
            Example: alvh paths --market configs/markets/two-factor.yaml --paths 400000 --horizon-days 252 --threads 2
            Same seed, same bits, whatever --threads and --batch-size. Units: SPX in index points, VIX and VIX3M in
            VIX points, variances annualised (0.04 = 20 % volatility), throughput in path-steps per second.
            """)

    @OptionGroup var marketOption: MarketOption

    @Option(parsing: .unconditional, help: "Number of paths (1 ... 100000000).")
    var paths: Int = 100_000

    @Option(name: [.customLong("horizon-days"), .customLong("days")], parsing: .unconditional,
            help: "Horizon in trading days (1 ... 7560; 252 per year); --days is an alias.")
    var days: Int = 252

    @Option(parsing: .unconditional, help: "Time steps per trading day (1 ... 100).")
    var stepsPerDay: Int = 1

    @OptionGroup var engine: EngineOptions

    @Option(help: "Measure driving the paths: risk-neutral (Q) or real-world (P).")
    var measure: Measure = .riskNeutral

    @Option(help: ArgumentHelp("Also write the summary as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write the daily SPX, VIX and variance of the first --record-paths paths to this CSV file.", valueName: "file"))
    var record: String?

    @Option(parsing: .unconditional, help: "How many paths --record keeps (0 ... 10000).")
    var recordPaths: Int = 10

    func validate() throws {
        if record == nil && recordPaths != 10 { throw ValidationError("--record-paths needs --record FILE.") }
        if !(0...10_000).contains(recordPaths) { throw ValidationError("--record-paths \(recordPaths) is out of range; allowed: 0 ... 10000.") }
        do { _ = try engine.settings(paths: paths, days: days, stepsPerDay: stepsPerDay, measure: measure).validated() }
        catch { throw ValidationError(error.description) }
    }

    func outputs(_ content: (summary: PathSummary, csv: String)?) -> OutputFile.Batch {
        var batch = OutputFile.Batch()
        if let json { batch.add(flag: "--json", path: json) { content!.summary.json.serialized() } }
        if let record {
            batch.add(flag: "--record", path: record) { content!.csv }
            // The recorded paths travel with their provenance and column dictionary, like every CSV on disk.
            if record != "-" {
                let recorded = recordPaths
                batch.add(flag: "--record", path: HedgeRunReport.sideFilePath(forCSV: record)) {
                    content!.summary.recordSideFile(csvFile: (record as NSString).lastPathComponent, recordedPaths: recorded).serialized()
                }
            }
        }
        return batch
    }

    func run() throws {
        try outputs(nil).check()
        let model = try marketOption.load(measure: measure, scheme: engine.scheme)
        let settings = engine.settings(paths: paths, days: days, stepsPerDay: stepsPerDay, measure: measure)
        let progress = marketOption.quiet ? nil : ProgressLine(label: "paths", pathSteps: settings.paths * settings.totalSteps)
        progress?.phase("paths")
        var (summary, csv) = try PathSimulation.run(model: model, settings: settings,
                                                     recordPaths: record == nil ? 0 : recordPaths, progress: progress?.update)
        progress?.finish()
        summary.marketWarnings = model.warnings(measure: measure, scheme: engine.scheme)
        summary.provenance = Provenance(seed: settings.seed, market: model, warnings: summary.warnings)
        if json != "-" { try OutputFile.writeStandardOutput(summary.text) }
        progress?.phase("writing")
        try outputs((summary, csv)).commit()
        progress?.finish()
    }
}
