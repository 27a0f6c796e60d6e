import Foundation
import Testing

/// `alvh bench` end to end on tiny sizes: the JSON matches the schema and counts the items each stage's unit says;
/// stages without their input are listed as skipped; bad flags exit 2 naming the flag. (No timing is asserted.)
@Suite("alvh bench")
struct BenchCLITests {
    @Test("four stages x threads 1,2: schema-valid JSON, items per round by unit, speed-up 1 at the first thread count")
    func stages() throws {
        let document = try JSONSchemaTests.check(["bench", "--paths", "2000", "--days", "5", "--threads", "1,2", "--rounds", "1", "--quiet",
                                                  "--stages", "random numbers,normals,qe paths,risk summary", "--json", "-"], definition: "bench")
        let stages = try #require(document["stages"] as? [[String: Any]])
        #expect(stages.count == 8)
        // 3 Philox words and 3 normals per path-step; one per path-step; one per path and default layout (3).
        let expected = ["random numbers": 3 * 2000 * 5, "normals": 3 * 2000 * 5, "qe paths": 2000 * 5, "risk summary": 2000 * 3]
        for s in stages {
            let name = try #require(s["name"] as? String)
            #expect(s["items"] as? Int == expected[name], "\(name): \(s["items"] ?? "-")")
            if s["threads"] as? Int == 1 { #expect(s["speed_up"] as? Double == 1 && s["parallel_efficiency"] as? Double == 1) }
            #expect((s["items_per_second"] as? Double ?? 0) > 0)
        }
        #expect((document["skipped"] as? [Any])?.isEmpty == true)
    }

    @Test("stages without their input are skipped and listed; the text table has one line per stage and thread count")
    func skipped() throws {
        let r = try CLITests.run(["bench", "--paths", "1000", "--days", "3", "--threads", "1", "--rounds", "1", "--quiet",
                                  "--stages", "qe paths,two-factor paths,adaptive book", "--two-factor-market", "none", "--adaptive-layout", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("skipped: two-factor paths (no two-factor market)") && r.stdout.contains("skipped: adaptive book (no adaptive layout)"))
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("qe paths") }.count == 1)
    }

    /// A stand-in Python: imports succeed except QuantLib's; every script prints a rate of 1 M path-steps/s.
    static func fakePython(in folder: URL) throws -> String {
        let url = folder.appendingPathComponent("python")
        try """
            #!/bin/sh
            if [ "$1" = "-c" ]; then case "$2" in *QuantLib*) exit 1;; esac; exit 0; fi
            echo "fake: path_steps_per_second=1.00M"
            """.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    @Test("--reference: the script's rate beside the one-thread stage, the ratio alvh / reference, a missing module skipped")
    func references() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let python = try Self.fakePython(in: folder)
        let document = try JSONSchemaTests.check(["bench", "--paths", "1000", "--days", "4", "--threads", "1", "--rounds", "1", "--quiet",
                                                  "--stages", "euler paths", "--market", "configs/markets/heston.yaml",
                                                  "--reference", "--python", python, "--json", "-"], definition: "bench")
        let references = try #require(document["references"] as? [[String: Any]])
        #expect(references.map { $0["library"] as? String } == ["NumPy", "QuantLib"])
        let numpy = references[0], quantlib = references[1]
        let stage = try #require((document["stages"] as? [[String: Any]])?.first?["items_per_second"] as? Double)
        #expect(numpy["path_steps_per_second"] as? Double == 1e6 && numpy["alvh_path_steps_per_second"] as? Double == stage)
        let ratio = try #require(numpy["ratio"] as? Double)
        #expect(abs(ratio - stage / 1e6) <= 1e-12 * ratio && numpy["same_model"] as? Bool == true, "\(ratio) vs \(stage / 1e6)")
        #expect(quantlib["path_steps_per_second"] is NSNull && quantlib["ratio"] is NSNull)
        #expect((quantlib["skipped"] as? String)?.contains("cannot import QuantLib") == true)

        // The text table, on another market: the same rows and a note that the models differ.
        let r = try CLITests.run(["bench", "--paths", "1000", "--days", "4", "--threads", "1", "--rounds", "1", "--quiet",
                                  "--stages", "euler paths", "--reference", "--python", python])
        #expect(r.status == 0, "\(r.stderr)")
        let numpyLine = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("NumPy") })
        #expect(numpyLine.contains("1.0 M") && numpyLine.contains("euler paths") && numpyLine.hasSuffix("x"))
        #expect(r.stdout.contains("skipped: QuantLib reference (\(python) cannot import QuantLib)"))
        #expect(r.stdout.contains("note: the stages ran another market than the references"))
    }

    @Test("bad input exits 2 with a message naming the flag")
    func badInput() throws {
        let cases: [([String], String)] = [
            (["--threads", "0,2"], "alvh: error: --threads 0,2 is not a list of thread counts; allowed: comma-separated integers, each 1 ... 1024"),
            (["--threads", "1,,2"], "alvh: error: --threads 1,,2 is not a list of thread counts"),
            (["--stages", "paths"], "alvh: error: --stages: 'paths' is not a stage; allowed: random numbers, normals"),
            (["--rounds", "0"], "alvh: error: --rounds 0 is out of range; allowed: 1 ... 20."),
            (["--paths", "0"], "alvh: error: --paths 0 is out of range; allowed: 1 ... 100000000."),
            (["--two-factor-market", "configs/markets/illustrative.yaml", "--stages", "qe paths"], "has one variance factor; give a two-factor market or 'none'."),
            (["--adaptive-layout", "configs/layouts/alvh-442.yaml", "--stages", "qe paths"], "has no adaptive: section; give an adaptive layout or 'none'."),
        ]
        for (extra, message) in cases {
            let r = try CLITests.run(["bench", "--quiet"] + extra)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(extra): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(message), "\(extra): \(r.stderr)")
        }
    }
}
