import Foundation
import Testing

/// `alvh check-model` end to end: the shipped history from data/, a small simulation, the table, the JSON against the
/// schema, and exit 2 for bad input.
@Suite("alvh check-model")
struct CheckModelCLITests {
    static let small = ["check-model", "--paths", "4", "--years", "2", "--threads", "2"]

    @Test("--paths 4 --years 2: the data summary and the table; exit 0, or 1 with the documented one-line message")
    func smallRun() throws {
        let r = try CLITests.run(Self.small)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        if r.status == 1 { #expect(r.stderr.hasPrefix("alvh: hard requirements not met: ") && r.stderr.split(separator: "\n").count == 1) }
        let out = r.stdout
        #expect(out.contains("window 1990-01-02 .. 2026-07-22: 9194 SPX days (1990-01-02 .. 2026-07-07), 9190 with a VIX close; 4842 futures days"))
        #expect(out.contains("skipped: data/vix_futures/vx_futures_settlements_long.csv: 344 rows skipped, settle 0 (listing placeholder)"))
        #expect(out.contains("calendar: VIX: 33 days dropped: no SPX close that day (NYSE holidays); first 2004-06-11"))
        #expect(out.contains("calendar: SPX: 4 days without a VIX close (VIX left empty, not interpolated); first 1991-03-01, 1997-01-31, 1997-11-26, 1999-12-31"))
        #expect(out.contains("alvh check-model: <embedded default market> under P, 4 paths x 2 years"))
        #expect(out.contains("history: 9190 SPX/VIX days, 4842 futures days"))
        // History figures as scripts/history_facts.py prints them.
        #expect(out.range(of: "VIX median +VIX pts +17\\.62 ", options: .regularExpression) != nil)
        #expect(out.range(of: "corr\\(SPX log return, d ln VIX\\) +corr +-0\\.7144 ", options: .regularExpression) != nil)
        #expect(out.contains("hard requirement") && !CLITests.hasNonFiniteNumber(out))
    }

    /// The calibrated default (issue 11) against 1990-2026 history: `alvh check-model` (40 paths x 25 years) passes
    /// every hard line at seed 1, the seed its P part was fitted with (80 paths, so these 40 are in the fit), and at
    /// seeds 2 and 3, which the fit did not see (all seven hard lines pass at each of seeds 1-10; figures in the
    /// default's comments). Fixed seeds: the same bits on any machine.
    @Test("default market: every hard line passes at seed 1 (fit) and at seeds 2 and 3 (out of sample)", arguments: [1, 2, 3])
    func defaultMarketHardLines(seed: Int) throws {
        let r = try CLITests.run(["check-model", "--threads", "2", "--seed", "\(seed)"])
        #expect(r.status == 0, "seed \(seed): \(r.stderr)")
        #expect(r.stdout.contains("alvh check-model: <embedded default market> under P, 40 paths x 25 years"))
        #expect(r.stdout.contains("hard requirements met"), "seed \(seed)")
    }

    @Test("alvh calibrate moments --json -: a short fit (theta_2 to the VIX median and p95) matches the schema; J does not rise")
    func momentsJSON() throws {
        let r = try CLITests.run(["calibrate", "moments", "--paths", "4", "--years", "2", "--iterations", "3", "--threads", "2",
                                  "--parameters", "theta_2", "--moments", "vix_p50,vix_p95", "--json", "-", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let document = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        let errors = validator.validate(document, against: validator.resolve("#/$defs/calibration_moments"))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(validator.validate(document, against: validator.root).isEmpty)
        let fit = try #require((document as? [String: Any])?["calibration"] as? [String: Any])
        let (j0, j) = (try #require(fit["objective_start"] as? Double), try #require(fit["objective"] as? Double))
        #expect(j <= j0)
        #expect((fit["facts"] as? [Any])?.count == 2 && (fit["parameters"] as? [String: Any])?.keys.sorted() == ["theta_2"])
    }

    @Test("alvh calibrate moments: bad --parameters, --moments and a jump parameter on a jump-free market exit 2 naming the value")
    func momentsBadInput() throws {
        let cases: [([String], String)] = [
            (["--parameters", "theta_9"], "alvh: error: --parameters: 'theta_9' is not a parameter; allowed: kappa_1,"),
            (["--moments", "vix_p50,vix_p51"], "alvh: error: --moments: 'vix_p51' is not a check-model fact; allowed: vix_p5,"),
            (["--market", "configs/markets/heston.yaml", "--parameters", "jump_intensity"], "alvh: error: the moment fit cannot run: the market has no jump_intensity (it needs a jumps: block)."),
            (["--iterations", "0"], "alvh: error: --iterations 0 is out of range; allowed: 1 ... 10000."),
        ]
        try CLITests.expectRefused(["calibrate", "moments", "--paths", "4", "--years", "2"], cases)
    }

    @Test("--json -: matches the schema's model_check document, history_data included; a window with --from/--to")
    func json() throws {
        let r = try CLITests.run(Self.small + ["--from", "2009-01-30", "--to", "2017-01-06", "--json", "-"])
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let document = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        let errors = validator.validate(document, against: validator.resolve("#/$defs/model_check"))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(validator.validate(document, against: validator.root).isEmpty)
        let data = try #require((document as? [String: Any])?["history_data"] as? [String: Any])
        #expect(data["from"] as? String == "2009-01-30" && data["first_day"] as? String == "2009-01-30")
        #expect(data["last_day"] as? String == "2017-01-06")
        #expect(((document as? [String: Any])?["hard_requirements_met"] as? Bool) == (r.status == 0))
    }

    @Test("bad input exits 2 with a one-line message: --from not a date, a missing data file, a broken one, no data folder")
    func badInput() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let broken = folder.appendingPathComponent("VIX.csv")
        try "DATE,OPEN,HIGH,LOW,CLOSE\n01/02/1990,17.24,17.24,17.24,17.24\n01/03/1990,18.19,18.19,18.19,abc\n"
            .write(to: broken, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--from", "2020-13-01"], "alvh: error: --from 2020-13-01 is not a date; allowed: YYYY-MM-DD"),
            (["--from", "2020-01-02", "--to", "2019-01-02"], "alvh: error: --to 2019-01-02 is before --from 2020-01-02."),
            (["--vix", "no-such-vix.csv"], "alvh: error: no-such-vix.csv: no such file (looked in "),
            (["--vix", broken.path], "alvh: error: \(broken.path) line 3, column CLOSE: 'abc' is not a number."),
            (["--data-dir", "/no/such/data"], "alvh: error: no data directory (looked at /no/such/data); run from the repository root or pass --data-dir DIR."),
            (["--from", "1950-01-03", "--to", "1960-01-04"], "alvh: error: --from 1950-01-03 --to 1960-01-04: fewer than 3 days"),
            (["--paths", "1"], "alvh: error: --paths 1"),
        ]
        try CLITests.expectRefused(Self.small, cases)
    }
}
