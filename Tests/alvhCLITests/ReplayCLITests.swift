import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `alvh replay` end to end on the shipped history: one window (table, JSON against the schema, daily CSV, report
/// folder), windows (long CSV, the same bits for any thread count), and bad input.
@Suite("alvh replay")
struct ReplayCLITests {
    static func validate(_ path: String) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let errors = validator.validate(parsed, against: validator.resolve("#/$defs/replay"))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(validator.validate(parsed, against: validator.root).isEmpty)
        return try #require(parsed as? [String: Any])
    }

    @Test("one window, March 2020, a static and an adaptive layout: table, JSON (schema), daily CSV, report folder")
    func oneWindow() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let json = folder.appendingPathComponent("r.json").path, csv = folder.appendingPathComponent("r.csv").path
        let report = folder.appendingPathComponent("report").path
        let r = try CLITests.run(["replay", "--from", "2020-02-18", "--to", "2020-03-31", "--layout", "configs/layouts/alvh-442.yaml",
                                  "--layout", "configs/layouts/single-vix-call-rolled.yaml", "--json", json, "--csv", csv, "--report", report, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("alvh replay: one window 2020-02-18 .. 2020-03-31 (30 trading days)") && r.stdout.contains("single-vix-call-rolled"),
                "\(r.stdout)")
        #expect(!CLITests.hasNonFiniteNumber(r.stdout))
        let document = try Self.validate(json)
        let layouts = try #require(document["layouts"] as? [[String: Any]])
        #expect(layouts.map { $0["kind"] as? String } == ["static", "adaptive"])
        let series = try #require(layouts[1]["series"] as? [String: Any])
        #expect((series["dates"] as? [String])?.count == 31 && (series["dates"] as? [String])?.first == "2020-02-18")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "date,day,layout,series,value")
        // 31 days x (4 figures + 10 layers) for alvh-442, 31 x (4 + 1) for the rolled call.
        #expect(lines.count == 1 + 31 * 14 + 31 * 5, "\(lines.count)")
        #expect(lines.contains { $0.hasPrefix("2020-03-16,19,alvh-442,layer:vix-call-5d,") })
        let names = try FileManager.default.contentsOfDirectory(atPath: report).sorted()
        #expect(names == ["replay.csv", "replay.json", "replay.svg", "report.html"])
        for name in ["report.html", "replay.svg"] {
            #expect(XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: report + "/" + name))).parse(), "\(name) is well-formed XML")
        }
    }

    @Test("windows of 10 days every 5 over 2008: long CSV, worst windows; the same bytes with 1 and 2 threads")
    func windows() throws {
        let arguments = ["replay", "--windows", "10", "--step", "5", "--from", "2008-06-02", "--to", "2008-12-31", "--quiet"]
        let one = try CLITests.run(arguments + ["--threads", "1", "--csv", "-"])
        let two = try CLITests.run(arguments + ["--threads", "2", "--csv", "-"])
        #expect(one.status == 0 && one.stdout == two.stdout, "\(one.stderr)")
        let lines = one.stdout.split(separator: "\n")
        #expect(lines.first == "start,end,layout,metric,value")
        #expect(lines.count == 1 + 3 * 4 * 28, "\(lines.count)")   // 28 windows x 3 layouts x 4 metrics
        let table = try CLITests.run(arguments)
        #expect(table.status == 0 && table.stdout.contains("alvh replay: 28 windows of 10 trading days") && table.stdout.contains("worst window"),
                "\(table.stdout)")
    }

    @Test("bad input exits 2 with the flag and the range; nothing on standard output")
    func badInput() throws {
        let cases: [([String], String)] = [
            (["replay", "--windows", "0"], "--windows 0 is out of range; allowed: 1 ... 7560"),
            (["replay", "--from", "2020-01-02"], "one window needs --from and --to"),
            (["replay", "--from", "2020-03-01", "--to", "2020-01-01"], "--to 2020-01-01 is before --from 2020-03-01"),
            (["replay", "--windows", "10", "--step", "0"], "--step 0 is out of range"),
            (["replay", "--from", "2020-02-30", "--to", "2020-03-31"], "--from 2020-02-30 is not a date"),
            (["replay", "--windows", "5000", "--from", "2020-01-02", "--to", "2020-12-31"], "--windows: 5000 trading days do not fit"),
            (["replay", "--from", "2020-01-02", "--to", "2020-03-31", "--layout", "nope.yaml"], "nope.yaml: no such file"),
            (["replay", "--from", "2020-01-02", "--to", "2020-03-31", "--spx", "nope.csv"], "nope.csv"),
        ]
        for (arguments, message) in cases {
            let r = try CLITests.run(arguments)
            #expect(r.status == 2 && r.stderr.contains(message) && r.stdout.isEmpty, "\(arguments): \(r.status) \(r.stderr)")
        }
    }
}
