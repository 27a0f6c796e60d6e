import ALVH
import ArgumentParser
import Foundation
import Synchronization

/// `alvh replay`: hedge layouts through the real history.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run hedge layouts through the real history: one window with its daily P&L, or every window of H days.",
        discussion: """
            Examples: alvh replay --from 2020-01-02 --to 2020-06-30 --csv daily.csv
                      alvh replay --windows 63 --from 2004-03-26 --to 2023-12-29 --json windows.json
            Each day's model state comes from that day's indices: the SPX close and the factors read off the VIX (and
            VIX3M, with VXV before 2009-09, for a two-factor market) by the market's own Q formula. Static layouts are
            bought on each window's first day at the model's Q prices on that state and held: SPX options settle on the
            SPX close, VIX options on the SOQ on a monthly expiry (else the VIX close), VIX future layers trade the
            listed contract expiring on or after the layer's expiry at its real settlements; live options are marked by
            the model at each day's state; ETN layers hold the short-term futures index rebuilt from the settlements
            (2004-2023; the ETN call marked by Black on its level). Adaptive layouts run their daily book on the
            history (table marks; their VIX futures are the model's). Without --windows: one window --from .. --to and its
            daily series (CSV: date,day,layout,series,value). With --windows H: a window starts every --step days and
            the table gives the P&L distribution over windows (VaR/ES, worst start dates; windows overlap, so no
            standard errors; CSV: start,end,layout,metric,value). Windows with a day without a state, or a VIX future
            without a settlement, are left out and listed. --report DIR writes replay.json, replay.csv, replay.svg
            and report.html.
            """)

    @OptionGroup var marketOption: MarketOption

    @Option(name: .customLong("layout"), help: ArgumentHelp("A layout YAML file; repeatable (default: the three default layouts).", valueName: "file"))
    var layouts: [String] = []

    @Option(help: ArgumentHelp("First day, YYYY-MM-DD (with --windows: first window start; default: the history's first day).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day, YYYY-MM-DD (with --windows: last window end; default: the history's last day).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Window length in trading days (1 ... 7560); without it one window runs --from .. --to.", valueName: "days"))
    var windows: Int?

    @Option(help: ArgumentHelp("Trading days between window starts (1 ... 10000; with --windows).", valueName: "days"))
    var step: Int = 1

    @Option(parsing: .unconditional, help: "Worker threads, 1 ... 1024 (default: all cores).")
    var threads: Int = PathSimulationSettings.availableCores

    @OptionGroup var indexFiles: IndexFileOptions

    @Option(help: ArgumentHelp("VIX futures settlements, long table (default: <data>/\(HistoricalDataFiles.futuresPath)).", valueName: "file"))
    var futures: String?

    @Option(help: ArgumentHelp("Two-factor markets: VXV closes for the days before the first VIX3M close (default: <data>/\(ThreeMonthSplice.vxvPath); 'none': no splice).", valueName: "file"))
    var vxv: String?

    @Option(help: ArgumentHelp("Write the results as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write the results as a long CSV to this file ('-' for standard output only).", valueName: "file"))
    var csv: String?

    @Option(help: ArgumentHelp("Write replay.json, replay.csv, replay.svg and report.html into this folder.", valueName: "dir"))
    var report: String?

    func validate() throws {
        let (lo, hi) = (try CheckModelCommand.date("--from", from), try CheckModelCommand.date("--to", to))
        if let lo, let hi, hi < lo { throw ValidationError("--to \(hi) is before --from \(lo).") }
        if let windows, !(1...PathSimulationSettings.maximumDays).contains(windows) {
            throw ValidationError("--windows \(windows) is out of range; allowed: 1 ... \(PathSimulationSettings.maximumDays) trading days.")
        }
        if !(1...10_000).contains(step) { throw ValidationError("--step \(step) is out of range; allowed: 1 ... 10000 trading days.") }
        if windows == nil && (from == nil || to == nil) {
            throw ValidationError("one window needs --from and --to (e.g. --from 2020-01-02 --to 2020-06-30); or give --windows H for every window of H days.")
        }
        if !(1...1024).contains(threads) { throw ValidationError("--threads \(threads) is out of range; allowed: 1 ... 1024.") }
        if json == "-" && csv == "-" { throw ValidationError("--json - and --csv - both want standard output; send one of them to a file.") }
    }

    func run() throws {
        let chosen = try HedgeLayout.loadRun(paths: layouts)
        var document: ReplayReport?
        var batch = OutputFile.Batch()
        if let json { batch.add(flag: "--json", path: json) { document!.json.serialized() } }
        if let csv { batch.add(flag: "--csv", path: csv) { document!.csv } }
        if let report {
            batch.addFolder(flag: "--report", path: report, files: ReplayReport.reportFileNames.map { name in
                (name, { document!.reportFiles().first { $0.name == name }!.content() })
            })
        }
        try batch.check()
        let model = try marketOption.load(measure: nil, scheme: nil)
        let progress = marketOption.quiet ? nil : ProgressLine(label: "replay")
        progress?.phase("history")
        let files = try indexFiles.files(futures: futures)
        let market = try HistoricalMarket(files: files)
        let window = try market.window()
        var series: DailyMarketSeries?
        if model.riskNeutral.isTwoFactor && vxv != "none" {
            series = try ThreeMonthSplice(window: window, vix3m: market.vix3m, vxv: try DailyCloses(path: try indexFiles.vxvFile(vxv))).series
        }
        let holdsETN = chosen.contains { $0.layers.contains { $0.instrument.onETN } }
        let history = ReplayHistory(window: window, series: series, futures: market.futures,
                                    index: holdsETN ? try HistoricalFuturesIndex(futures: market.futures) : nil, model: model)
        progress?.phase("windows")
        let request = ReplayRun.Request(from: try CheckModelCommand.date("--from", from), to: try CheckModelCommand.date("--to", to),
                                        windowDays: windows, step: step, threads: threads)
        var update: (@Sendable (String, Double) -> Void)?
        if let progress {
            let phase = Mutex("")
            update = { name, fraction in
                let changed = phase.withLock { current -> Bool in
                    defer { current = name }
                    return current != name
                }
                if changed { progress.phase(name) }
                progress.update(fraction)
            }
        }
        let result = try ReplayRun.run(model: model, layouts: chosen, history: history, request: request, progress: update)
        progress?.finish()
        let provenance = Provenance(seed: nil, market: model, warnings: model.warnings(measure: nil, scheme: nil))
        let output = ReplayReport(result: result, provenance: provenance)
        document = output
        if json != "-" && csv != "-" { try OutputFile.writeStandardOutput(output.text) }
        try batch.commit()
    }
}
