import Foundation
import Testing

/// `alvh calibrate market` end to end on the shipped data: the table, `--out` that `alvh validate` accepts, `--json`
/// against the schema, and exit 2 for bad input.
@Suite("alvh calibrate market")
struct CalibrateMarketCLITests {
    @Test("2020-12-01, one factor: the table of every instrument, --out validates, --json - matches the schema")
    func oneFactor() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let out = folder.appendingPathComponent("q.yaml").path
        let r = try CLITests.run(["calibrate", "market", "--date", "2020-12-01", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("alvh calibrate market: 1 factor under Q on 2020-12-01, template configs/markets/illustrative.yaml"))
        #expect(r.stdout.contains("futures data/vix_futures/vx_futures_settlements_long.csv (9 contracts)"))
        for row in ["VIX ", "VIX3M ", "VX 2020-12-16 ", "VX 2021-08-18 "] {
            #expect(r.stdout.range(of: "\n" + row + " *[0-9]+ +[0-9.]+ VIX +[0-9.]+ +[-+][0-9.]+\n", options: .regularExpression) != nil, "\(row)")
        }
        for p in ["v", "kappa", "theta"] {
            #expect(r.stdout.range(of: "\n\(p) +[0-9.e-]+ +[0-9.e-]+\n", options: .regularExpression) != nil, "\(p)")
        }
        #expect(r.stdout.contains("RMS error futures: ") && !r.stdout.contains("RMS error options"))
        #expect(!CLITests.hasNonFiniteNumber(r.stdout))
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.contains("spot: 3662.45   # SPX close 2020-12-01") && yaml.contains("real_world:"))
        let v = try CLITests.run(["validate", out])
        #expect(v.status == 0 && v.stdout.contains("ok (market)"), "\(v.stdout) \(v.stderr)")

        let j = try CLITests.run(["calibrate", "market", "--date", "2020-12-01", "--spx-options",
                                  "data/options/SPX_options_20201201_optionmetrics_style.csv", "--json", "-", "--quiet"])
        #expect(j.status == 0, "\(j.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8))
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let errors = validator.validate(parsed, against: validator.resolve("#/$defs/calibration_market"))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(validator.validate(parsed, against: validator.root).isEmpty)
        let calibration = try #require((parsed as? [String: Any])?["calibration"] as? [String: Any])
        #expect(calibration["uses_options"] as? Bool == true && (calibration["parameters"] as? [Any])?.count == 5)
        let instruments = try #require(calibration["instruments"] as? [[String: Any]])
        #expect(instruments.filter { $0["group"] as? String == "option" }.count == 75)
    }

    @Test("bad input exits 2 with a message naming the flag, file or range, and prints nothing on standard output")
    func badInput() throws {
        let cases: [([String], String)] = [
            (["--date", "2024-01-02"], "alvh: error: --date 2024-01-02: data/vix_futures/vx_futures_settlements_long.csv has no VIX futures settlements that day; allowed: a trade date in 2004-03-26 .. 2023-06-16"),
            (["--date", "2003-06-02"], "alvh: error: --date 2003-06-02: data/vix_futures/vx_futures_settlements_long.csv has no VIX futures settlements that day; allowed: a trade date in 2004-03-26 .. 2023-06-16"),
            (["--date", "2020-13-01"], "alvh: error: --date 2020-13-01 is not a date"),
            (["--date", "2020-12-01", "--factors", "3"], "alvh: error: --factors 3 is out of range; allowed: 1 or 2."),
            (["--date", "2020-12-01", "--spx-options", "no-such-chain.csv"], "alvh: error: no-such-chain.csv: no such file"),
            (["--date", "2020-11-30", "--spx-options", "data/options/SPX_options_20201201_optionmetrics_style.csv",
              "--zero-rates", "data/options/zero_rates_20201201.csv"],
             "alvh: error: data/options/SPX_options_20201201_optionmetrics_style.csv line 2: the date is 2020-12-01, not the calibrated --date 2020-11-30"),
            (["--date", "2020-12-01", "--factors", "2", "--market", "configs/markets/illustrative.yaml"], "alvh: error: --market configs/markets/illustrative.yaml has 1 variance factor under Q; --factors 2 needs"),
        ]
        try CLITests.expectRefused(["calibrate", "market", "--quiet"], cases)
    }
}

extension CalibrateMarketCLITests {
    @Test("--panel: the two-factor drift from a panel of days, then the state on --date; --out validates; --json matches the schema")
    func panel() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let out = folder.appendingPathComponent("panel.yaml").path
        // two-factor.yaml with a constant Q jump rate (as scripts/calibrate-two-factor-market makes it): closed-form
        // transforms; with lambda_1 > 0 every price needs the Riccati ODEs and the panel takes minutes.
        let twoFactor = try String(contentsOf: CLITests.root.appendingPathComponent("configs/markets/two-factor.yaml"), encoding: .utf8)
        let constant = twoFactor.replacingOccurrences(of: "intensity: 0.75 ", with: "intensity: 1.15 ")
            .replacingOccurrences(of: "intensity_per_variance: 9.9 ", with: "intensity_per_variance: 0 ")
        #expect(constant != twoFactor)
        let template = folder.appendingPathComponent("template.yaml").path
        try constant.write(toFile: template, atomically: true, encoding: .utf8)
        let r = try CLITests.run(["calibrate", "market", "--date", "2023-06-16", "--factors", "2", "--market", template, "--panel", "2019-01-02..2023-06-16",
                                  "--every", "40", "--out", out, "--json", folder.appendingPathComponent("p.json").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("alvh calibrate market --panel: 2-factor Q drift fitted to 29 days (2019-01-02 .. "), "\(r.stdout.prefix(600))")
        #expect(r.stdout.range(of: "\nv1 +[0-9.e-]+ +[0-9.e-]+\nv2 ", options: .regularExpression) != nil)
        #expect(!r.stdout.contains("\nkappa_1 ") || r.stdout.components(separatedBy: "\nkappa_1 ").count == 2)   // only in the panel table
        #expect(try CLITests.run(["validate", out]).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("kappa panel"))
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("p.json")))
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let errors = validator.validate(parsed, against: validator.resolve("#/$defs/calibration_market"))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        for (extra, message) in [(["--panel", "2019-01-02..2023-06-16"], "alvh: error: --panel fits the two-factor term structure; add --factors 2."),
                                 (["--factors", "2", "--panel", "2019-01-02"], "alvh: error: --panel 2019-01-02 is not a range"),
                                 (["--factors", "2", "--market", template, "--panel", "2019-01-02..2019-01-10"], "alvh: error: the Q fit cannot start: the panel has 1 days"),
                                 (["--factors", "2", "--panel", "2019-01-02..2023-06-16", "--panel-hold", "sigma_1"],
                                  "alvh: error: --panel-hold: 'sigma_1' is not a panel parameter"),
                                 (["--factors", "2", "--panel-hold", "kappa_1"], "alvh: error: --panel-hold needs --panel.")] {
            let b = try CLITests.run(["calibrate", "market", "--date", "2023-06-16", "--quiet"] + extra)
            #expect(b.status == 2 && b.stderr.hasPrefix(message) && b.stdout.isEmpty, "\(extra): \(b.status) \(b.stderr)")
        }
    }
}
