import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ALVH
import Testing

/// Issue 7: every hostile input found so far, as a table: the command, the files it needs, the exit code and a piece of
/// the one-line message. None may trap (exit 132/134 with a backtrace), none may exit 0 with a meaningless result.
@Suite("alvh command line: hostile inputs")
struct HostileInputTests {
    /// Files the cases refer to, written into each case's own temporary folder.
    static let files: [String: String] = [
        "flat.yaml": "name: flat\nportfolio: {notional: 1000000, beta: 0}\nbudget: {premium: 0}\nlayers: []\n",
        "huge.yaml": "name: huge\nportfolio: {notional: 1e13, beta: 5}\nbudget: {premium: 0}\nlayers: []\n",
        "drift.yaml": "spot: 5900\nrate: 0.04\nvariance: 0.02\nheston: {kappa: 2, theta: 0.04, sigma: 0.5, rho: -0.7}\nreal_world: {equity_drift: 0.5}\n",
        "spread.yaml": """
            name: bad spread
            portfolio: {notional: 1000000, beta: 1}
            budget: {premium: 0.01}
            layers:
              - {name: cs, group: long, instrument: vix-call-spread, expiry_days: 63, strike: {moneyness: 1.5}, upper_strike: {moneyness: 1.2}, weight: 1}

            """,
        "tiny.yaml": """
            name: tiny
            portfolio: {notional: 1000000, beta: 1}
            budget: {premium: 0.01}
            layers:
              - {name: far-call, group: short, instrument: vix-call, expiry_days: 5, strike: {absolute: 10000}, weight: 1}

            """,
        "tiny-ok.yaml": """
            name: tiny accepted
            portfolio: {notional: 1000000, beta: 1}
            budget: {premium: 0.01, accept_tiny_prices: true}
            layers:
              - {name: far-call, group: short, instrument: vix-call, expiry_days: 5, strike: {absolute: 10000}, weight: 1}

            """,
        "jumpy-variance.yaml": "spot: 5900\nrate: 0.04\nvariance: 0.02\nheston: {kappa: 2, theta: 0.04, sigma: 0.5, rho: -0.7}\njumps: {intensity: 0.5, mean_log_jump: -0.08, variance_jump_mean: 0.05, correlation: 19.9}\n",
        "jumpy-vix.yaml": "spot: 5900\nrate: 0.04\nvix: 16\nheston: {kappa: 2, theta: 0.04, sigma: 0.5, rho: -0.7}\njumps: {intensity: 0.5, mean_log_jump: -0.08, variance_jump_mean: 0.05, correlation: 19.9}\n",
        "tiny-spot.yaml": "spot: 1e-300\nrate: 0.04\nvariance: 0.02\nheston: {kappa: 2, theta: 0.04, sigma: 0.5, rho: -0.7}\n",
        "empty.yaml": "",
        "comma.yaml": "name: 'ladder, v2 \"q\"'\nportfolio: {notional: 1000000, beta: 1}\nbudget: {premium: 0}\nlayers: []\n",
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        // Crashes (1): --report when every P&L is the same.
        Case(arguments: ["simulate", "--layout", "flat.yaml", "--paths", "500", "--report", "rep"], status: 0, message: ""),
        Case(arguments: ["simulate", "--paths", "1", "--report", "rep"], status: 0, message: ""),
        // (2) A failed write to a one-character relative path, a folder.
        Case(arguments: ["paths", "--paths", "10", "--days", "2", "--json", "d"], status: 2, message: "d: cannot write (it is a folder"),
        Case(arguments: ["paths", "--paths", "10", "--days", "2", "--json", "."], status: 2, message: ".: cannot write (it is a folder"),
        Case(arguments: ["compare", "--paths", "10", "--csv", "."], status: 2, message: ".: cannot write"),
        Case(arguments: ["paths", "--paths", "10", "--days", "2", "--record", "."], status: 2, message: ".: cannot write"),
        Case(arguments: ["paths", "--paths", "10", "--days", "2", "--json", "missing/out.json"], status: 2, message: "folder missing does not exist"),
        // (3) Money beyond 2^63 in the text table.
        Case(arguments: ["simulate", "--layout", "huge.yaml", "--market", "drift.yaml", "--paths", "200", "--horizon-days", "7560"], status: 0, message: ""),
        // (5) Path counts that cannot fit in memory.
        Case(arguments: ["compare", "--paths", "100000000"], status: 2, message: "at most"),
        // (6) validate agrees with simulate and names the file.
        Case(arguments: ["validate", "spread.yaml"], status: 2, message: "spread.yaml: layers[0].upper_strike"),
        Case(arguments: ["simulate", "--layout", "spread.yaml", "--paths", "10"], status: 2, message: "spread.yaml: layers[0].upper_strike"),
        // (7) Jump parameters that put the VIX at 1353 and the SPX at 0, in both initial-state forms.
        Case(arguments: ["validate", "jumpy-variance.yaml"], status: 2, message: "jumps.correlation"),
        Case(arguments: ["validate", "jumpy-vix.yaml"], status: 2, message: "jumps.correlation"),
        // (8) Degenerate prices: refused unless the layout opts in.
        Case(arguments: ["simulate", "--layout", "tiny.yaml", "--paths", "10"], status: 2, message: "tiny.yaml: layers[0]: layer 'far-call' has a model price of"),
        Case(arguments: ["validate", "tiny.yaml"], status: 2, message: "accept_tiny_prices"),
        Case(arguments: ["simulate", "--layout", "tiny-ok.yaml", "--paths", "10"], status: 0, message: ""),
        // (9) Tiny maturities.
        Case(arguments: ["price", "--instrument", "spx-put", "--strike", "5900", "--days", "1e-9"], status: 2, message: "at least one trading hour"),
        Case(arguments: ["price", "--instrument", "spx-put", "--strike", "5900", "--years", "1e-300"], status: 2, message: "at least one trading hour"),
        // (10) Spot below what the numerics support.
        Case(arguments: ["validate", "tiny-spot.yaml"], status: 2, message: "spot = 1e-300 is out of range"),
        // (11) Two outputs on one file.
        Case(arguments: ["compare", "--paths", "10", "--json", "x.out", "--csv", "x.out"], status: 2, message: "--json and --csv name the same file"),
        // (13) Negative numbers reach the range check; special files as configs; size cap.
        Case(arguments: ["paths", "--paths", "-5"], status: 2, message: "--paths -5 is out of range"),
        Case(arguments: ["paths", "--seed", "-5"], status: 2, message: "--seed -5 is out of range"),
        Case(arguments: ["price", "--instrument", "spx-put", "--strike", "-5", "--days", "5"], status: 2, message: "--strike -5.0 is out of range"),
        Case(arguments: ["price", "--instrument", "spx-put", "--strike", "5000", "--days", "-5"], status: 2, message: "--days -5.0 is out of range"),
        Case(arguments: ["validate", "/dev/null"], status: 2, message: "it is a device"),
        Case(arguments: ["validate", "/dev/zero"], status: 2, message: "it is a device"),
        Case(arguments: ["validate", "d"], status: 2, message: "it is a folder"),
        Case(arguments: ["validate", "big.yaml"], status: 2, message: "at most 1 MB"),
        Case(arguments: ["validate", "empty.yaml"], status: 2, message: "the file is empty"),
        Case(arguments: ["paths", "--market", "/dev/null"], status: 2, message: "it is a device"),
        // Two layouts with one name would share every output label.
        Case(arguments: ["compare", "flat.yaml", "flat.yaml", "--paths", "10"], status: 2, message: "layouts in one run need different names"),
    ]

    /// Runs a case in its own folder (with the files above, a folder `d` and a 2 MB `big.yaml`).
    static func run(_ c: Case) throws -> CLITests.Result {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("d"), withIntermediateDirectories: true)
        let big = "a: [" + String(repeating: "1, ", count: 700_000) + "1]\n"
        try big.write(to: folder.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
        return try CLITests.run(c.arguments, in: folder)
    }

    @Test("exit code and one clear sentence, never a trap", arguments: HostileInputTests.cases)
    func hostile(_ c: Case) throws {
        // The memory refusal is a fact about this 24 GB machine; where 100M paths fit, the run would be minutes long.
        if c.arguments.contains("100000000"), (MemoryEstimate.availableBytes ?? 0) > 31e9 { return }
        let r = try HostileInputTests.run(c)
        #expect(r.status == c.status, "status \(r.status): \(r.stderr.suffix(400))")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrac") && !r.stderr.contains("crashed"))
        if c.status != 0 {
            #expect(r.stderr.contains(c.message), "\(r.stderr)")
            let errors = r.stderr.split(separator: "\n").filter { $0.contains("rror") }
            #expect(errors.count == 1, "one error line: \(r.stderr)")
        } else {
            #expect(!CLITests.hasNonFiniteNumber(r.stdout), "\(r.stdout)")
        }
    }

    @Test("a write to a full device or a closed pipe is exit 1 with one sentence; text to a full device is not silent")
    func brokenStandardOutput() throws {
        for arguments in [["paths", "--paths", "10", "--days", "2", "--json", "-"], ["paths", "--paths", "10", "--days", "2"]] {
            let full = try CLITests.run(arguments, in: CLITests.root, output: .handle(FileHandle(forWritingAtPath: "/dev/full")!))
            #expect(full.status == 1 && full.stderr.contains("standard output: writing failed (No space left on device)"), "\(full.stderr)")
        }
        let closed = try CLITests.run(["compare", "--paths", "2000", "--csv", "-"], in: CLITests.root, output: .closedPipe)
        #expect(closed.status == 1 && closed.stderr.contains("the reading end of the pipe is closed"), "\(closed.status) \(closed.stderr)")
    }

    @Test("all or nothing: when one output cannot be written none is; read-only targets are refused; symlinks are written through")
    func allOrNothing() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        // A report folder that cannot be created (its parent is a file) stops the run before anything is written.
        try "x".write(to: folder.appendingPathComponent("file"), atomically: true, encoding: .utf8)
        let r = try CLITests.run(["compare", "--paths", "100", "--json", "out.json", "--report", "file/rep"], in: folder)
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.json").path))
        // Read-only target: refused, left as it was.
        let locked = folder.appendingPathComponent("locked.json")
        try "old".write(to: locked, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: locked.path)
        let ro = try CLITests.run(["paths", "--paths", "10", "--days", "2", "--json", "locked.json"], in: folder)
        #expect(ro.status == 2 && ro.stderr.contains("read-only"), "\(ro.stderr)")
        #expect(try String(contentsOf: locked, encoding: .utf8) == "old")
        // A symbolic link: the file it points to is replaced, the link stays a link.
        try "old".write(to: folder.appendingPathComponent("real.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.json").path, withDestinationPath: "real.json")
        let linked = try CLITests.run(["paths", "--paths", "10", "--days", "2", "--json", "link.json"], in: folder)
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("real.json"), encoding: .utf8).contains("\"paths\": 10"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("link.json").path)) == "real.json")
        // No temporary file is left behind by any of these runs.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".alvh-tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("CSV quotes a layout name with a comma and a quote (RFC 4180); --quiet prints no warning or progress")
    func csvQuotingAndQuiet() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        try HostileInputTests.files["comma.yaml"]!.write(to: folder.appendingPathComponent("comma.yaml"), atomically: true, encoding: .utf8)
        let r = try CLITests.run(["simulate", "--layout", "comma.yaml", "--paths", "20", "--csv", "out.csv", "--report", "rep",
                                  "--scheme", "euler", "--quiet"], in: folder)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        // Per-path columns are identifiers pandas can use as attributes; the tidy files quote the name as it is.
        let header = try String(contentsOf: folder.appendingPathComponent("out.csv"), encoding: .utf8).split(separator: "\n")[0]
        #expect(header == "path,spx_return,vix_terminal,vix_max,ladder__v2__q___portfolio_pnl,ladder__v2__q___hedge_value,ladder__v2__q___hedged_pnl", "\(header)")
        let risk = try String(contentsOf: folder.appendingPathComponent("rep/risk.csv"), encoding: .utf8).split(separator: "\n")
        #expect(risk[0] == "layout,book,measure,level,value,stderr,pct_of_notional")
        #expect(risk[1].hasPrefix("\"ladder, v2 \"\"q\"\"\",hedged,var,95,"), "\(risk[1])")
    }

    @Test("--csv-form long: a row per path and quantity, names quoted as given; every CSV on disk has its provenance side file")
    func longFormAndSideFile() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        try HostileInputTests.files["comma.yaml"]!.write(to: folder.appendingPathComponent("comma.yaml"), atomically: true, encoding: .utf8)
        let r = try CLITests.run(["compare", "--layout", "comma.yaml", "--layout", CLITests.root.appendingPathComponent("configs/layouts/single-vix-call.yaml").path,
                                  "--paths", "30", "--horizon-days", "5", "--csv", "long.csv", "--csv-form", "long", "--quiet"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOf: folder.appendingPathComponent("long.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(rows[0] == "path,layout,layer,quantity,value")
        // Per path: 3 path-level rows, then per layout 3 book rows and one per layer (comma.yaml: 0 layers; single-vix-call: 1).
        #expect(rows.count == 1 + 30 * (3 + 3 + 3 + 1))
        #expect(rows[1].hasPrefix("0,,,spx_return,") && rows[4].hasPrefix("0,\"ladder, v2 \"\"q\"\"\",,portfolio_pnl,"), "\(rows[4])")
        #expect(rows[10].hasPrefix("0,single-vix-call,vix-call-42d,layer_value,"), "\(rows[10])")
        let side = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("long.provenance.json"))) as? [String: Any])
        #expect(side["form"] as? String == "long" && side["file"] as? String == "long.csv" && side["paths"] as? Int == 30)
        #expect((side["quantities"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" }.contains("layer_value") == true)
        #expect(((side["provenance"] as? [String: Any])?["command_line"] as? String)?.contains("--csv-form long") == true)
        // Wide: the side file names every column after `path`, in order.
        let w = try CLITests.run(["simulate", "--paths", "10", "--horizon-days", "3", "--csv", "wide.csv", "--quiet"], in: folder)
        #expect(w.status == 0, "\(w.stderr)")
        let header = try String(contentsOf: folder.appendingPathComponent("wide.csv"), encoding: .utf8).split(separator: "\n")[0].split(separator: ",").map(String.init)
        let wide = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("wide.provenance.json"))) as? [String: Any])
        #expect((wide["columns"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" } == Array(header.dropFirst()))
    }

    @Test("SIGTERM during a run leaves no temporary file")
    func interrupted() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        // A run long enough to be interrupted while it works; whether the signal lands before or while the outputs are
        // staged, no `.alvh-tmp` file may remain and no target may be half-written.
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["paths", "--paths", "2000000", "--days", "252", "--json", "out.json", "--threads", "1"]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.hasPrefix(".alvh-tmp") }, "\(names)")
        if names.contains("out.json") {
            #expect(try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8).hasSuffix("}\n"))
        }
    }
}

extension CLITests {
    /// Where a run's standard output goes.
    enum Output {
        case captured
        case handle(FileHandle)
        /// A pipe whose reading end is closed before the run starts.
        case closedPipe
    }

    /// Runs the binary in `folder` (relative paths in the arguments resolve there).
    static func run(_ arguments: [String], in folder: URL, output: Output = .captured) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        switch output {
        case .captured: process.standardOutput = out
        case .handle(let handle): process.standardOutput = handle
        case .closedPipe:
            process.standardOutput = out
            try out.fileHandleForReading.close()
        }
        process.standardError = err
        try process.run()
        let outData = output.isCaptured ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension CLITests.Output {
    var isCaptured: Bool { if case .captured = self { return true }; return false }
}

extension HostileInputTests {
    /// Issue 7, item 5: the estimate that refuses path counts must hold what a run really uses.
    @Test("peak memory of compare at 100k and 400k paths stays within the estimate", arguments: [100_000, 400_000])
    func memoryWithinEstimate(paths: Int) throws {
        let r = try CLITests.run(["compare", "--paths", "\(paths)", "--json", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let peak = try #require(object["peak_memory_bytes"] as? Int)
        let estimate = MemoryEstimate.hedgeRun(layouts: HedgeLayout.embeddedComparison()).bytes(paths: paths)
        #expect(Double(peak) <= estimate, "peak \(peak) bytes vs estimate \(estimate)")
    }

    @Test("the estimate refuses what does not fit, naming the estimate, the memory available and the largest count")
    func memoryRefusal() {
        let estimate = MemoryEstimate.hedgeRun(layouts: HedgeLayout.embeddedComparison())
        #expect(throws: Never.self) { try estimate.check(paths: 1_000_000, available: 1e10) }
        #expect {
            try estimate.check(paths: 100_000_000, available: 8e9)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("--paths: 100000000 paths need about 24.9 GB") && text.contains("8.0 GB are available")
                && text.contains("at most 31987464 paths fit")
        }
    }
}

extension HostileInputTests {
    @Test("--csv - owns standard output (the table goes to standard error); --layout is repeatable; paths takes --horizon-days")
    func streamsAndAliases() throws {
        let r = try CLITests.run(["compare", "--layout", "configs/layouts/unhedged.yaml", "--layout", "configs/layouts/single-vix-call.yaml",
                                  "--paths", "50", "--csv", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 51 && lines[0].hasPrefix("path,spx_return,vix_terminal,vix_max,unhedged__") && lines[0].contains("single_vix_call__"))
        #expect(r.stderr.contains("ES 99"))
        let both = try CLITests.run(["compare", "--paths", "50", "--csv", "-", "--json", "-"])
        #expect(both.status == 2 && both.stderr.contains("both want standard output"))
        let p = try CLITests.run(["paths", "--paths", "10", "--horizon-days", "3"])
        #expect(p.status == 0 && p.stdout.hasPrefix("alvh paths: 10 paths x 3 trading days"))
    }
}

extension HostileInputTests {
    @Test("provenance in every JSON: version, UTC time, command line, seed above 2^63, market source and parameters, booked layouts")
    func provenance() throws {
        let p = try CLITests.run(["paths", "--paths", "10", "--horizon-days", "2", "--seed", "18446744073709551615",
                                  "--market", "configs/markets/two-factor.yaml", "--json", "-"])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("\"seed\": 18446744073709551615"))
        let paths = try #require(try JSONSerialization.jsonObject(with: Data(p.stdout.utf8)) as? [String: Any])
        #expect(paths["schema_version"] as? Int == 1)
        let provenance = try #require(paths["provenance"] as? [String: Any])
        #expect(provenance["alvh_version"] as? String == Provenance.alvhVersion)
        // The commit the binary was built from: in a git checkout, this one's HEAD (the tests build from it).
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", CLITests.root.path, "rev-parse", "--short=12", "HEAD"]
        let pipe = Pipe()
        git.standardOutput = pipe
        git.standardError = FileHandle.nullDevice
        try git.run()
        git.waitUntilExit()
        let head = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if git.terminationStatus == 0 {
            #expect((provenance["git_commit"] as? String)?.hasPrefix(head) == true, "\(provenance["git_commit"] ?? "none") vs HEAD \(head)")
        } else {
            #expect(provenance["git_commit"] is NSNull)
        }
        #expect((provenance["timestamp_utc"] as? String)?.hasSuffix("Z") == true)
        #expect((provenance["command_line"] as? String)?.contains("--seed 18446744073709551615") == true)
        let market = try #require(provenance["market"] as? [String: Any])
        #expect(market["source"] as? String == "configs/markets/two-factor.yaml")
        #expect(((market["risk_neutral"] as? [String: Any])?["variance_factors"] as? [Any])?.count == 2)
        let c = try CLITests.run(["simulate", "--paths", "10", "--json", "-"])
        let run = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
        let layouts = try #require((run["provenance"] as? [String: Any])?["layouts"] as? [[String: Any]])
        let layers = try #require(layouts.first?["layers"] as? [[String: Any]])
        #expect(layers.count == 10 && layers.allSatisfy { $0["quantity_units"] != nil && $0["unit_price_t0"] != nil && $0["group"] != nil })
        #expect(c.stdout.contains("\"source\": \"<embedded alvh-442 layout>\""))
    }
}

extension HostileInputTests {
    @Test("a tail resting on fewer than 100 paths is a warning in the summary")
    func smallSampleWarning() throws {
        let r = try CLITests.run(["compare", "--paths", "10000"])
        #expect(r.status == 0 && r.stdout.contains("warning: 99.5 %, 99.9 % tail figures rest on fewer than 100 of the 10000 paths"), "\(r.stdout)")
        let big = try CLITests.run(["compare", "--paths", "100000"])
        #expect(!big.stdout.contains("fewer than 100"))
    }
}

/// Collects the elements of an XHTML page: tag counts, ids, and the text of table rows.
final class PageOutline: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var ids: Set<String> = []
    var rowsByTable: [String: Int] = [:]
    private var currentTable: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
        if let id = attributes["id"] { ids.insert(id) }
        if name == "table" { currentTable = attributes["id"] ?? "?" }
        if name == "tr", let t = currentTable { rowsByTable[t, default: 0] += 1 }
    }
}

extension HostileInputTests {
    @Test("report.html parses; every section, table and chart is present and non-empty")
    func htmlStructure() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let r = try CLITests.run(["compare", "--paths", "5000", "--report", "rep"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("rep/report.html"))
        let parser = XMLParser(data: data)
        let outline = PageOutline()
        parser.delegate = outline
        #expect(parser.parse(), "report.html is not well-formed")
        #expect(["inputs", "summary-table", "loss-exceedance", "histogram", "payoff-scatter", "layers-table", "es-contribution",
                 "layer-boxplots", "layer-timeline", "spx-fan", "vix-fan", "definitions", "model-parameters", "booked-layers"].allSatisfy(outline.ids.contains),
                "\(outline.ids)")
        // Eight charts (two fans with three bands each); the scatter draws a dot per path for the first 2,000 paths of
        // each hedged layout.
        #expect(outline.counts["svg"] == 8 && (outline.counts["polygon"] ?? 0) >= 6 && (outline.counts["polyline"] ?? 0) >= 8 && (outline.counts["circle"] ?? 0) >= 3 + 2 * 2000 - 10)
        #expect(outline.rowsByTable["summary-table"] == 1 + 3 * 4)   // header + 3 books x 4 levels
        #expect((outline.rowsByTable["layers-table"] ?? 0) >= 1 + 11 + 4 + 4)
        #expect((outline.counts["dt"] ?? 0) >= 9)
        // Q and P side by side: drift, four parameters per factor, six for the jumps; every booked layer of the run.
        #expect((outline.rowsByTable["model-parameters"] ?? 0) >= 1 + 5 + 6)
        #expect(outline.rowsByTable["booked-layers"] == outline.rowsByTable["layers-table"].map { $0 - 4 - 4 })
        #expect(!CLITests.hasNonFiniteNumber(String(decoding: data, as: UTF8.self)))
    }
}
