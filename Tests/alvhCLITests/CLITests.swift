import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Golden tests of the command line: they run the built `alvh` binary and check output, JSON keys and exit codes.
@Suite("alvh command line")
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `alvh` binary built next to the test bundle.
    static var binary: URL {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        for folder in candidates {
            let url = folder.appendingPathComponent("alvh")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("alvh")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// A fresh temporary folder; the caller removes it (`defer { CLITests.remove(folder) }`).
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alvh-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func remove(_ folder: URL) { try? FileManager.default.removeItem(at: folder) }

    static func run(_ arguments: [String]) throws -> Result { try run(arguments, in: root) }

    /// Each case (`base` + extra arguments) is refused: exit 2, standard error starting with its message, nothing on
    /// standard output.
    static func expectRefused(_ base: [String], _ cases: [([String], String)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (extra, message) in cases {
            let r = try run(base + extra)
            #expect(r.status == 2, "\(extra): \(r.status) \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.hasPrefix(message), "\(extra): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
        }
    }

    /// A NaN or infinity printed as a number (`nan`, `inf`, `-inf` as whole words; "provenance" does not count, nor
    /// YAML's `.inf` of an unbounded regime band, written as a string).
    static func hasNonFiniteNumber(_ text: String) -> Bool {
        text.range(of: "(^|[^A-Za-z_.])-?(nan|inf|infinity)([^A-Za-z_]|$)", options: [.regularExpression, .caseInsensitive]) != nil
    }

    @Test("the binary exists")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "\(CLITests.binary.path)")
    }

    @Test("paths prints a readable summary")
    func pathsText() throws {
        let r = try CLITests.run(["paths", "--paths", "2000", "--days", "21", "--seed", "7", "--threads", "2", "--market", "configs/markets/illustrative.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "alvh paths: 2000 paths x 21 trading days (1 step/day), scheme qe, risk-neutral, seed 7, 2 threads")
        #expect(lines[1] == "t0: SPX 5900.00, VIX 16.00")
        #expect(lines[3].hasPrefix("terminal") && lines[3].contains("mean") && lines[3].contains("stderr") && lines[3].contains("p99"))
        #expect(lines[4].hasPrefix("SPX") && lines[5].hasPrefix("VIX") && lines[6].hasPrefix("variance"))
        #expect(r.stdout.contains("daily SPX/VIX log-return correlation: -0."))
        #expect(r.stdout.contains("M path-steps/s"))
        // The default market violates Feller: QE handles it, so no warning; Euler under the same measure warns once.
        #expect(!r.stderr.contains("Feller"))
        let euler = try CLITests.run(["paths", "--paths", "100", "--days", "2", "--scheme", "euler"])
        #expect(euler.stderr.components(separatedBy: "Feller").count == 2, "\(euler.stderr)")
    }

    @Test("paths --json - has the documented keys and no NaN")
    func pathsJSON() throws {
        let r = try CLITests.run(["paths", "--paths", "1000", "--days", "10", "--scheme", "euler",
                                  "--measure", "real-world", "--json", "-", "--market", "configs/markets/svcj.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        for key in ["paths", "horizon_days", "scheme", "threads", "seed", "measure", "elapsed_seconds", "path_steps_per_second",
                    "daily_return_correlation", "truncated_share", "non_finite_paths", "terminal"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let terminal = object["terminal"] as! [String: Any]
        for key in ["spot_mean", "spot_stderr", "vix_mean", "vix_stderr", "variance_mean", "variance_stderr", "spot_percentiles"] {
            #expect(terminal[key] != nil, "missing terminal.\(key)")
        }
        #expect(object["scheme"] as? String == "euler" && object["measure"] as? String == "real-world")
        #expect(object["paths"] as? Int == 1000)
        #expect(!CLITests.hasNonFiniteNumber(r.stdout))
    }

    @Test("same seed, same JSON whatever --threads and --batch-size")
    func determinism() throws {
        func run(_ threads: String, _ batch: String) throws -> String {
            let r = try CLITests.run(["paths", "--paths", "3001", "--days", "15", "--threads", threads, "--batch-size", batch, "--json", "-"])
            return r.stdout.split(separator: "\n").filter { !$0.contains("elapsed") && !$0.contains("per_second")
                && !$0.contains("\"threads\"") && !$0.contains("batch_size") && !$0.contains("peak_memory_bytes") && !$0.contains("timestamp_utc") && !$0.contains("command_line") }.joined(separator: "\n")
        }
        #expect(try run("1", "2048") == run("2", "100"))
    }

    @Test("--json FILE writes the file atomically and keeps the text summary on stdout")
    func jsonFile() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let file = folder.appendingPathComponent("out.json").path
        let r = try CLITests.run(["paths", "--paths", "500", "--days", "5", "--json", file])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("alvh paths:"))
        let contents = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(contents == ["out.json"])   // no temporary file left behind
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) is [String: Any])
    }

    static let badInvocations: [([String], String)] = [
        (["paths", "--paths", "0"], "--paths 0 is out of range; allowed: 1 ... 100000000"),
        (["paths", "--days", "-3"], "--days"),
        (["paths", "--scheme", "milstein"], "milstein"),
        (["paths", "--market", "/nonexistent/m.yaml"], "/nonexistent/m.yaml: no such file."),
        (["paths", "--nonsense"], "--nonsense"),
        (["paths", "--json", "/nonexistent-folder/x.json", "--paths", "10", "--days", "1"], "cannot write"),
        (["validate", "/nonexistent/m.yaml"], "no such file"),
        (["frobnicate"], "frobnicate"),
    ]

    @Test("bad input: a clear message on stderr and exit code 2", arguments: 0..<8)
    func badInput(_ index: Int) throws {
        let (arguments, fragment) = CLITests.badInvocations[index]
        let r = try CLITests.run(arguments)
        #expect(r.status == 2, "\(arguments): status \(r.status), \(r.stderr)")
        #expect(r.stderr.contains(fragment), "\(arguments): \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
    }

    @Test("validate: ok for shipped configs, exit 2 with key path for a bad one")
    func validate() throws {
        let good = try CLITests.run(["validate", "configs/markets/default.yaml", "configs/markets/heston.yaml",
                                     "configs/markets/bates.yaml", "configs/markets/svcj.yaml"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("configs/markets/svcj.yaml: ok (market)"))
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let bad = folder.appendingPathComponent("bad.yaml")
        try "spot: 5900\nrate: 0.04\nvariance: 0.04\nheston: {kappa: 2, theta: 0.04, sigma: 0.5, rho: 1.5}\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLITests.run(["validate", bad.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("heston.rho = 1.5 is out of range; allowed: (-1, 1)"))
    }

    @Test("--help and --version exit 0")
    func help() throws {
        #expect(try CLITests.run(["--help"]).status == 0)
        #expect(try CLITests.run(["paths", "--help"]).status == 0)
        #expect(try CLITests.run(["--version"]).stdout.contains("0.2.0"))
    }
}

extension CLITests {
    @Test("--record writes daily SPX, VIX and variance of the first paths as CSV; malformed YAML is exit 2")
    func recordAndMalformed() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let csv = folder.appendingPathComponent("paths.csv").path
        let r = try CLITests.run(["paths", "--paths", "100", "--days", "4", "--record", csv, "--record-paths", "3", "--market", "configs/markets/illustrative.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "path,day,spot,vix,variance")
        #expect(rows.count == 1 + 3 * 5)
        #expect(rows[1].hasPrefix("0,0,5899.99") || rows[1].hasPrefix("0,0,5900"))
        let bad = folder.appendingPathComponent("bad.yaml")
        try "spot: 5900\nheston: {kappa: 2\n".write(to: bad, atomically: true, encoding: .utf8)
        let m = try CLITests.run(["paths", "--market", bad.path])
        #expect(m.status == 2)
        #expect(m.stderr.contains("bad.yaml: not valid YAML"))
        #expect(m.stderr.split(separator: "\n").count <= 2)
    }
}

extension CLITests {
    @Test("price: each instrument answers with its JSON keys; SPX options carry a delta")
    func price() throws {
        // Strikes near the embedded default's spot (4409.59) and VIX: the 38 %-out-of-the-money 21-day call this test
        // used to ask for (strike 6100) is worth less than the pricer resolves (the 5600 call: 5e-6 index points) and
        // came back as 0 on the refitted default.
        for (instrument, strike) in [("spx-put", "4200"), ("spx-call", "4600"), ("vix-future", nil), ("vix-call", "20"), ("vix-put", "15")] {
            var arguments = ["price", "--instrument", instrument, "--days", "21", "--json", "-"]
            if let strike { arguments += ["--strike", strike] }
            let r = try CLITests.run(arguments)
            #expect(r.status == 0, "\(instrument): \(r.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            #expect(object["instrument"] as? String == instrument)
            #expect((object["price"] as? Double).map { $0 > 0 } == true)
            #expect(abs((object["years"] as! Double) - 21.0 / 252) < 1e-15)
            #expect((object["delta"] != nil) == instrument.hasPrefix("spx"))
        }
    }

    static let badPrices: [([String], String)] = [
        (["price", "--instrument", "vix-future", "--strike", "20", "--days", "5"], "a VIX future has no strike"),
        (["price", "--instrument", "spx-put", "--days", "5"], "spx-put needs a strike"),
        (["price", "--instrument", "spx-put", "--strike", "5000", "--days=-3"], "--days -3.0 is out of range"),
        (["price", "--instrument", "spx-put", "--strike", "5000", "--days", "3", "--years", "1"], "not both"),
        (["price", "--instrument", "spx-put", "--strike", "5000"], "give the maturity"),
        (["price", "--instrument", "bond", "--days", "3"], "bond"),
    ]

    @Test("price: bad combinations are exit 2 with a clear message", arguments: 0..<6)
    func badPrice(_ index: Int) throws {
        let (arguments, fragment) = CLITests.badPrices[index]
        let r = try CLITests.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.status)")
        #expect(r.stderr.contains(fragment), "\(arguments): \(r.stderr)")
    }
}

extension CLITests {
    @Test("compare: default layouts as columns, JSON keys of issue 4, same unhedged numbers in every layout")
    func compare() throws {
        let r = try CLITests.run(["compare", "--paths", "4000", "--horizon-days", "21", "--json", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        for key in ["paths", "horizon_days", "seed", "measure", "layouts"] { #expect(object[key] != nil, "missing \(key)") }
        let layouts = object["layouts"] as! [[String: Any]]
        #expect(layouts.map { $0["name"] as! String } == ["unhedged", "single-vix-call", "alvh-442"])
        for layout in layouts {
            for key in ["name", "notional", "premium", "hedged", "unhedged", "hedge_mean", "payback_probability", "layers"] {
                #expect(layout[key] != nil, "missing \(key)")
            }
            let hedged = layout["hedged"] as! [String: Any]
            for key in ["mean", "stderr", "tail", "percentiles"] { #expect(hedged[key] != nil) }
            let tail = hedged["tail"] as! [[String: Any]]
            #expect(tail.map { $0["level"] as! Double } == [95, 99, 99.5, 99.9])
            #expect(tail.allSatisfy { ["var", "var_stderr", "es", "es_stderr"].allSatisfy($0.keys.contains) })
            #expect((hedged["percentiles"] as! [[String: Any]]).map { $0["level"] as! Double } == [0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99])
            for layer in layout["layers"] as! [[String: Any]] {
                for key in ["name", "instrument", "premium", "pnl_mean", "pnl_stderr", "es_contribution_99"] { #expect(layer[key] != nil) }
            }
            #expect(NSDictionary(dictionary: layout["unhedged"] as! [String: Any]) == NSDictionary(dictionary: layouts[0]["unhedged"] as! [String: Any]))
        }
        #expect(!CLITests.hasNonFiniteNumber(r.stdout))
        let text = try CLITests.run(["compare", "--paths", "20000", "--horizon-days", "21"])
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Layouts as rows; the portfolio alone is not called hedged; nothing wider than 100 columns but the command line.
        #expect(lines[1].hasPrefix("money in currency units") && lines[1].contains("notional 10,000,000"))
        #expect(lines[3].hasPrefix("loss, % of notional") && lines[3].contains("ES 99") && lines[3].contains("VaR 95"))
        #expect(lines[4].hasPrefix("portfolio alone") && lines[5].hasPrefix("single-vix-call (hedged)") && lines[6].hasPrefix("alvh-442 (hedged)"))
        #expect(text.stdout.contains("mean hedge P&L") && text.stdout.contains("P(payback)") && text.stdout.contains("medium subtotal"))
        #expect(lines.filter { !$0.hasPrefix("command:") }.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 })")
        // Layer names and strikes in full.
        #expect(text.stdout.contains("vix-cs-147d") && text.stdout.contains("30.00/50.00"))
    }

    @Test("compare mixes static and adaptive layouts on the same paths; a 5-year horizon; the adaptive block reads at 100 columns")
    func compareAdaptive() throws {
        let r = try CLITests.run(["compare", "configs/layouts/single-vix-call-rolled.yaml", "configs/layouts/vix-tail-hedge-vxth.yaml",
                                  "configs/layouts/single-vix-call.yaml", "--paths", "400", "--horizon-days", "1260"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].contains("1260-day horizon"))
        #expect(r.stdout.contains("single-vix-call-rolled: adaptive book over 5.00 years (risk at bid, accounting at mid)"))
        #expect(r.stdout.contains("vix-tail-hedge-vxth: adaptive book") && r.stdout.contains("days by regime: calm"))
        #expect(r.stdout.contains("max drawdown, % of notional: hedged mean"))
        // The adaptive blocks (from their heading to the elapsed line) read at 100 columns.
        let block = lines.drop { !$0.hasPrefix("single-vix-call-rolled: adaptive book") }.prefix { !$0.hasPrefix("elapsed") }
        #expect(block.count > 10 && block.allSatisfy { $0.count <= 100 }, "\(block.filter { $0.count > 100 })")
        // The unhedged portfolio is the same for every layout: one set of paths.
        let json = try CLITests.run(["compare", "configs/layouts/single-vix-call-rolled.yaml", "configs/layouts/single-vix-call.yaml",
                                     "--paths", "300", "--horizon-days", "42", "--json", "-"])
        let layouts = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any])["layouts"] as! [[String: Any]]
        #expect(NSDictionary(dictionary: layouts[0]["unhedged"] as! [String: Any]) == NSDictionary(dictionary: layouts[1]["unhedged"] as! [String: Any]))
        #expect(layouts[0]["adaptive"] is [String: Any] && layouts[1]["adaptive"] is NSNull)
        #expect(!CLITests.hasNonFiniteNumber(json.stdout))
        // Per-path figures of the adaptive book in the outcome files: wide columns and long quantities.
        let wide = try CLITests.run(["compare", "configs/layouts/vix-tail-hedge-vxth.yaml", "--paths", "50", "--horizon-days", "42", "--csv", "-"])
        let header = wide.stdout.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        for name in ["premium_paid", "max_drawdown", "unhedged_max_drawdown", "turnover", "rolls", "take_profits", "days_calm", "days_extreme"] {
            #expect(header.contains("vix_tail_hedge_vxth__" + name), "\(name) in \(header)")
        }
        #expect(wide.stdout.split(separator: "\n").count == 51)
        let long = try CLITests.run(["compare", "configs/layouts/vix-tail-hedge-vxth.yaml", "--paths", "5", "--horizon-days", "42", "--csv", "-",
                                     "--csv-form", "long"])
        #expect(long.stdout.contains("\n0,vix-tail-hedge-vxth,,max_drawdown,") && long.stdout.contains("\n4,vix-tail-hedge-vxth,,days_normal,"))
    }

    @Test("simulate: --csv writes per-path outcomes; a bad layout is exit 2 naming the key path")
    func simulate() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let csv = folder.appendingPathComponent("paths.csv").path
        let r = try CLITests.run(["simulate", "--layout", "configs/layouts/spx-put-ladder.yaml", "--paths", "500", "--horizon-days", "10", "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 501)
        #expect(rows[0].hasPrefix("path,spx_return,vix_terminal,vix_max,spx_put_ladder__portfolio_pnl,spx_put_ladder__hedge_value,spx_put_ladder__hedged_pnl"))
        let bad = folder.appendingPathComponent("bad.yaml")
        try "name: b\nportfolio: {notional: 1000000}\nbudget: {premium: 0.01}\nlayers:\n  - {name: a, group: short, instrument: vix-call, expiry_days: 21, strike: {moneyness: 99}, weight: 1}\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let e = try CLITests.run(["simulate", "--layout", bad.path])
        #expect(e.status == 2)
        #expect(e.stderr.contains("layers[0].strike.moneyness = 99 is out of range; allowed: [0.05, 5]"))
        let h = try CLITests.run(["compare", "--horizon-days", "0"])
        #expect(h.status == 2 && h.stderr.contains("--horizon-days"))
    }
}

extension CLITests {
    @Test("--report DIR: summary.json, two well-formed SVGs and a self-contained report.html")
    func report() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let dir = folder.appendingPathComponent("report").path
        let r = try CLITests.run(["compare", "--paths", "3000", "--horizon-days", "21", "--report", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ["es_contribution.svg", "layers.csv", "loss_exceedance.svg", "pnl_histogram.svg", "report.html", "risk.csv",
                          "spx_fan.svg", "summary.json", "vix_fan.svg"])
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as! [String: Any]
        #expect((summary["layouts"] as! [Any]).count == 3)
        for svg in ["es_contribution.svg", "loss_exceedance.svg", "pnl_histogram.svg", "spx_fan.svg", "vix_fan.svg"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + svg))
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(svg) is not well-formed XML")
            #expect(String(decoding: data, as: UTF8.self).hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        }
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("ES 99"))
        #expect(!html.contains("src=\"http") && !html.contains("<script"))   // self-contained
        #expect(!CLITests.hasNonFiniteNumber(html))
    }
}
