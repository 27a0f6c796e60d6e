import ALVH
import ArgumentParser
import Foundation

/// `alvh check-index`: the short-term VIX futures index rebuilt from the real settlements, against the original VXX.
struct CheckIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-index",
        abstract: "Rebuild the short-term VIX futures index from the real settlements and compare it with the original VXX.",
        discussion: """
            Example: alvh check-index --json index.json
            Rebuilds the S&P 500 VIX Short-Term Futures Index (excess return; daily roll from the front to the second
            future, front weight dr/dt) from the futures table (default: <data>/\(HistoricalDataFiles.futuresPath))
            over --from .. --to, and compares it with the ETN's Adj Close (default: <data>/\(Self.etnPath)) on their
            common dates: daily and 5-day log-return correlation, tracking error (percent a year), mean calendar-month
            return of each (percent), and the index's roll cost (percent a year: ln(C_end/C_start) - ln(I_end/I_start)
            with C the 30-day constant-maturity future). Days whose contracts do not chain are listed, never
            interpolated. Exit codes: 0 when the 5-day correlation is above 0.98 and the monthly means agree within
            0.3 points, 1 when not (the text and --json are still written), 2 for bad input (flags, data files).
            """)

    static let etnPath = "etn/VXX_iPath_original_yahoo_2009-2017.csv"

    @Option(help: ArgumentHelp("First futures trade date, YYYY-MM-DD (default: the first in the file).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last futures trade date, YYYY-MM-DD (default: the last in the file).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Folder holding vix_futures/ and etn/ (default: data).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("VIX futures settlements, long table (default: <data>/\(HistoricalDataFiles.futuresPath)).", valueName: "file"))
    var futures: String?

    @Option(help: ArgumentHelp("The ETN's daily prices, Yahoo layout with Adj Close (default: <data>/\(Self.etnPath)).", valueName: "file"))
    var etn: String?

    @Option(help: ArgumentHelp("Also write the check as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    func validate() throws {
        let (lo, hi) = (try CheckModelCommand.date("--from", from), try CheckModelCommand.date("--to", to))
        if let lo, let hi, hi < lo { throw ValidationError("--to \(hi) is before --from \(lo).") }
    }

    func run() throws {
        var batch = OutputFile.Batch()
        var document: String?
        if let json { batch.add(flag: "--json", path: json) { document ?? "" } }
        try batch.check()
        var directory: String?
        func inData(_ relative: String) throws(DataError) -> String {
            if directory == nil { directory = try HistoricalDataFiles.locateDirectory(explicit: dataDir) }
            return HistoricalDataFiles(directory: directory!).vix.replacingOccurrences(of: HistoricalDataFiles.vixPath, with: relative)
        }
        let futuresFile = try futures ?? inData(HistoricalDataFiles.futuresPath)
        let etnFile = try etn ?? inData(Self.etnPath)
        let settlements = try VIXFuturesSettlements(path: futuresFile)
        let etnCloses = try DailyCloses(path: etnFile, closeColumn: "Adj Close")
        let index = try HistoricalFuturesIndex(futures: settlements, from: try CheckModelCommand.date("--from", from),
                                               to: try CheckModelCommand.date("--to", to))
        let check = FuturesIndexCheck(index: index, comparison: try FuturesIndexETNComparison(index: index, etn: etnCloses))
        document = check.json.serialized()
        if json != "-" {
            let skipped = (settlements.skipped + etnCloses.skipped).map { "skipped: " + $0.description }
            try OutputFile.writeStandardOutput((skipped.isEmpty ? "" : skipped.joined(separator: "\n") + "\n") + check.text)
        }
        try batch.commit()
        if !check.passed {
            _ = ALVHCommand.fail("alvh: the rebuilt index does not track the ETN within the required figures.", code: 1, prefixed: false)
            throw ExitCode(1)
        }
    }
}
