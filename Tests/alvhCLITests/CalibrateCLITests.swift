import Foundation
import Testing

/// `alvh calibrate history` end to end on the shipped history: the table, the JSON, `--out` that `alvh validate`
/// accepts, and exit 2 for bad input.
@Suite("alvh calibrate history")
struct CalibrateCLITests {
    @Test("--factors 1 over 2010-2019: the table; --out writes a market YAML that alvh validate accepts; --json - matches the schema")
    func oneFactor() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let out = folder.appendingPathComponent("calibrated.yaml").path
        let r = try CLITests.run(["calibrate", "history", "--from", "2010-01-04", "--to", "2019-12-31", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let flat = r.stdout.replacingOccurrences(of: "\n  ", with: " ")
        #expect(flat.contains("alvh calibrate history: 1 factor under P, factors filtered with the Q formula of configs/markets/illustrative.yaml"))
        #expect(flat.contains("filter: v = ((VIX/100)^2 - B) / A on 2516 days"))
        for row in ["kappa", "theta", "sigma", "rho", "price drift mu - q", "jump_intensity", "log_jump_vol"] {
            #expect(r.stdout.range(of: "\n" + NSRegularExpression.escapedPattern(for: row) + " +-?[0-9]", options: .regularExpression) != nil, "\(row)")
        }
        #expect(!CLITests.hasNonFiniteNumber(r.stdout))
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.contains("real_world:\n  equity_drift: ") && yaml.contains("# real_world: estimated by alvh calibrate history"))
        let v = try CLITests.run(["validate", out])
        #expect(v.status == 0 && v.stdout.contains("ok (market)"), "\(v.stdout) \(v.stderr)")

        let j = try CLITests.run(["calibrate", "history", "--from", "2010-01-04", "--to", "2019-12-31", "--regimes", "--json", "-", "--quiet"])
        #expect(j.status == 0, "\(j.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8))
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let errors = validator.validate(parsed, against: validator.resolve("#/$defs/calibration_history"))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(validator.validate(parsed, against: validator.root).isEmpty)
        let document = try #require(parsed as? [String: Any])
        let calibration = try #require(document["calibration"] as? [String: Any])
        #expect(calibration["factors"] as? Int == 1 && (calibration["regimes"] as? [Any])?.count == 4)
        #expect(document["provenance"] != nil && document["history_data"] != nil)
    }

    @Test("--factors 2 with the two-factor market: both factors, projected days counted; --out validates")
    func twoFactors() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let out = folder.appendingPathComponent("two.yaml").path
        let r = try CLITests.run(["calibrate", "history", "--factors", "2", "--from", "2012-01-03", "--to", "2019-12-31", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let flat = r.stdout.replacingOccurrences(of: "\n  ", with: " ")
        #expect(flat.contains("factor 2 kappa") && flat.contains("infeasible pairs projected to the boundary"))
        #expect(try CLITests.run(["validate", out]).status == 0)
        // Before 2009-09-18 VIX3M comes from the shipped VXV file (counted); --vxv none leaves those days out.
        let spliced = try CLITests.run(["calibrate", "history", "--factors", "2", "--from", "2007-01-03", "--to", "2010-12-31", "--quiet"])
        #expect(spliced.status == 0 && spliced.stdout.contains("note: VIX3M before its first close from VXV (data/vix/VXV_yahoo_2006-2017.csv): 683 days"),
                "\(spliced.stdout.suffix(300)) \(spliced.stderr)")
        let plain = try CLITests.run(["calibrate", "history", "--factors", "2", "--from", "2007-01-03", "--to", "2010-12-31", "--vxv", "none", "--quiet"])
        #expect(plain.status == 0 && !plain.stdout.contains("VXV") && plain.stdout.contains("filter: (v1, v2) from VIX and VIX3M on 325 days"), "\(plain.stdout)")
    }

    @Test("--factors 2 --filter kalman: the filter's line and JSON (schema), sigma_i written into the Q lines; --out validates")
    func kalmanFilter() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let out = folder.appendingPathComponent("kalman.yaml").path
        let document = try JSONSchemaTests.check(["calibrate", "history", "--factors", "2", "--filter", "kalman", "--from", "2012-01-03",
                                                  "--to", "2019-12-31", "--out", out, "--json", "-", "--quiet"], definition: "calibration_history")
        let calibration = try #require(document["calibration"] as? [String: Any])
        let kalman = try #require(calibration["kalman_filter"] as? [String: Any])
        #expect(calibration["method"] as? String == "kalman" && kalman["days_with_vix_and_vix3m"] as? Int == 2012)
        #expect((kalman["measurement_errors"] as? [Any])?.count == 2 && kalman["converged"] as? Bool == true)
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.contains("# sigma, rho: alvh calibrate history"), "\(yaml.prefix(1500))")
        #expect(try CLITests.run(["validate", out]).status == 0)
    }

    @Test("bad input exits 2 with a message naming the flag, file or key, and prints nothing on standard output")
    func badInput() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let broken = folder.appendingPathComponent("VIX.csv")
        try "DATE,OPEN,HIGH,LOW,CLOSE\n01/02/1990,17.24,17.24,17.24,17.24\n01/03/1990,18.19,18.19,18.19,abc\n"
            .write(to: broken, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--factors", "3"], "alvh: error: --factors 3 is out of range; allowed: 1 or 2."),
            (["--filter", "kalman"], "alvh: error: --filter kalman needs --factors 2"),
            (["--factors", "2", "--filter", "smooth"], "alvh: error: The value 'smooth' is invalid for '--filter <method>'"),
            (["--from", "2020-13-01"], "alvh: error: --from 2020-13-01 is not a date"),
            (["--vix", "no-such-vix.csv"], "alvh: error: no-such-vix.csv: no such file"),
            (["--vix", broken.path], "alvh: error: \(broken.path) line 3, column CLOSE: 'abc' is not a number."),
            (["--data-dir", "/no/such/data"], "alvh: error: no data directory (looked at /no/such/data)"),
            (["--factors", "2", "--market", "configs/markets/illustrative.yaml"], "alvh: error: --market configs/markets/illustrative.yaml has 1 variance factor under Q; --factors 2 needs"),
            (["--factors", "2", "--to", "2005-01-03"], "alvh: error: --factors 2 needs VIX3M closes inside the window"),
            (["--from", "2020-01-02", "--to", "2020-01-10"], "alvh: error: the window: 6 day-to-day transitions with the indices needed; at least 30"),
            (["--market", "no-such-market.yaml"], "alvh: error: no-such-market.yaml"),
        ]
        try CLITests.expectRefused(["calibrate", "history", "--quiet"], cases)
    }
}
