import Foundation
import Testing

/// `alvh check-index` end to end: the shipped futures table against the shipped VXX, the JSON against the schema, and
/// bad input.
@Suite("alvh check-index")
struct CheckIndexCLITests {
    @Test("the shipped data: 5-day correlation, monthly means, roll cost printed; exit 0; --json - matches the schema")
    func shipped() throws {
        let r = try CLITests.run(["check-index"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("span 2004-03-26 .. 2023-06-16") && r.stdout.contains("5-day log returns, ")
                && r.stdout.contains("(required > 0.98)") && r.stdout.contains("result: pass"), "\(r.stdout)")
        #expect(!CLITests.hasNonFiniteNumber(r.stdout))
        let j = try CLITests.run(["check-index", "--json", "-"])
        #expect(j.status == 0, "\(j.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8))
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        #expect(validator.validate(parsed, against: validator.resolve("#/$defs/index_check")).isEmpty)
        #expect(validator.validate(parsed, against: validator.root).isEmpty)
        let etn = try #require((parsed as? [String: Any])?["etn"] as? [String: Any])
        #expect((etn["five_day_correlation"] as? Double ?? 0) > 0.98 && etn["first_day"] as? String == "2009-01-30")
    }

    @Test("bad input exits 2 naming the file and line, or the flag; a window without the ETN's dates exits 2")
    func badInput() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let broken = folder.appendingPathComponent("vxx.csv").path
        try "Date,Open,High,Low,Close,Volume,Adj Close\n2009-01-30,1,1,1,1,1,26772.48\n2009-02-02,1,1,1,1,1,abc\n"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let r = try CLITests.run(["check-index", "--etn", broken])
        #expect(r.status == 2 && r.stderr.contains("\(broken) line 3, column Adj Close: 'abc' is not a number."), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let noColumn = folder.appendingPathComponent("noadj.csv").path
        try "Date,Close\n2009-01-30,1\n".write(toFile: noColumn, atomically: true, encoding: .utf8)
        let c = try CLITests.run(["check-index", "--etn", noColumn])
        #expect(c.status == 2 && c.stderr.contains("\(noColumn) line 1: no column Adj Close"), "\(c.stderr)")
        let w = try CLITests.run(["check-index", "--from", "2004-03-26", "--to", "2007-12-31"])
        #expect(w.status == 2 && w.stderr.contains("shares fewer than 10 dates with"), "\(w.stderr)")
        let d = try CLITests.run(["check-index", "--from", "2009-02-30"])
        #expect(d.status == 2 && d.stderr.contains("--from 2009-02-30 is not a date"), "\(d.stderr)")
        let missing = try CLITests.run(["check-index", "--futures", folder.appendingPathComponent("none.csv").path])
        #expect(missing.status == 2 && missing.stderr.contains("none.csv: no such file"), "\(missing.stderr)")
    }
}
