import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `alvh stress` end to end: table, JSON against the schema, long CSV, report folder, and bad input.
@Suite("alvh stress")
struct StressCLITests {
    @Test("two templates and a scenario file x the default layouts: table, JSON (schema), long CSV, report folder")
    func outputs() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let file = folder.appendingPathComponent("my-shock.yaml").path
        try "name: my-shock\nhorizon_days: 10\nshocks:\n  - {day: 3, spx_percent: -10, vix_points: 20}\noverrides:\n  - {from_day: 3, to_day: 10, jump_intensity_multiple: 4}\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let json = folder.appendingPathComponent("s.json").path, csv = folder.appendingPathComponent("s.csv").path
        let report = folder.appendingPathComponent("report").path
        let r = try CLITests.run(["stress", "--scenario", "aug-2015", "--scenario", "feb-2018", "--scenario", file, "--paths", "400",
                                  "--json", json, "--csv", csv, "--report", report, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("alvh stress: 3 scenarios x 3 layouts, 400 paths each") && r.stdout.contains("aug-2015 / alvh-442")
                && r.stdout.contains("my-shock / single-vix-call"), "\(r.stdout)")
        #expect(!CLITests.hasNonFiniteNumber(r.stdout))
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json)))
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let errors = validator.validate(parsed, against: validator.resolve("#/$defs/stress"))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(validator.validate(parsed, against: validator.root).isEmpty)
        let scenarios = try #require((parsed as? [String: Any])?["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["name"] as? String } == ["aug-2015", "feb-2018", "my-shock"])
        #expect((scenarios[0]["layouts"] as? [Any])?.count == 3)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "scenario,layout,metric,value,stderr")
        #expect(lines.count == 1 + 3 * 3 * 7, "\(lines.count)")
        #expect(lines.contains { $0.hasPrefix("feb-2018,alvh-442,es_99,") })
        let names = try FileManager.default.contentsOfDirectory(atPath: report).sorted()
        #expect(names == ["central_paths.svg", "report.html", "stress.csv", "stress.json"])
        let html = try Data(contentsOf: URL(fileURLWithPath: report + "/report.html"))
        #expect(XMLParser(data: html).parse(), "report.html is well-formed XML")
        let svg = try Data(contentsOf: URL(fileURLWithPath: report + "/central_paths.svg"))
        #expect(XMLParser(data: svg).parse(), "central_paths.svg is well-formed XML")
        // The same seed gives the same figures whatever the thread count.
        let one = try CLITests.run(["stress", "--scenario", "aug-2015", "--paths", "400", "--threads", "1", "--csv", "-", "--quiet"])
        let two = try CLITests.run(["stress", "--scenario", "aug-2015", "--paths", "400", "--threads", "2", "--batch-size", "64", "--csv", "-", "--quiet"])
        #expect(one.status == 0 && one.stdout == two.stdout && one.stdout.hasPrefix("scenario,layout,metric,value,stderr\naug-2015,"))
    }

    @Test("bad scenario input exits 2 naming the file and key, or the template names; nothing on standard output")
    func badInput() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let bad = folder.appendingPathComponent("bad.yaml").path
        try "name: bad\nhorizon_days: 5\nshocks:\n  - {day: 9, spx_percent: -5}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try CLITests.run(["stress", "--scenario", bad, "--paths", "100"])
        #expect(r.status == 2 && r.stderr.contains("\(bad): shocks[0].day = 9 is out of range; allowed: [1, 5]"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let unknown = try CLITests.run(["stress", "--scenario", "oct-1987", "--paths", "100"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no such file and no template of that name; templates: oct-2008, aug-2011"),
                "\(unknown.stderr)")
        let missing = try CLITests.run(["stress", "--scenario", folder.appendingPathComponent("none.yaml").path, "--paths", "100"])
        #expect(missing.status == 2 && missing.stderr.contains("none.yaml: no such file."), "\(missing.stderr)")
        let twice = try CLITests.run(["stress", "--scenario", "mar-2020", "--scenario", "mar-2020", "--paths", "100"])
        #expect(twice.status == 2 && twice.stderr.contains("'mar-2020' is given twice"), "\(twice.stderr)")
        let v = try CLITests.run(["validate", "configs/scenarios/mar-2020.yaml", bad])
        #expect(v.status == 2 && v.stdout.contains("configs/scenarios/mar-2020.yaml: ok (scenario)") && v.stderr.contains("shocks[0].day = 9"),
                "\(v.stdout) \(v.stderr)")
        let paths = try CLITests.run(["stress", "--paths", "0"])
        #expect(paths.status == 2 && paths.stderr.contains("--paths 0 is out of range"), "\(paths.stderr)")
    }
}
