import Foundation
import Testing

/// Issue 8, second round: colours per layout, money in cents everywhere in JSON, the same warnings in every output,
/// 100-column terminal text with four layouts and long names, `layers.csv` columns, `price --horizon-days`.
@Suite("alvh outputs: colours, cents, warnings, widths")
struct OutputGapsTests {
    static let fourLayouts = ["configs/layouts/alvh-442-etn.yaml", "configs/layouts/alvh-442.yaml", "configs/layouts/single-vix-call.yaml",
                              "configs/layouts/spx-put-ladder.yaml"].map { CLITests.root.appendingPathComponent($0).path }

    /// The values of `attribute` on every `<element ...>` of an SVG, in order.
    static func attributes(_ attribute: String, of element: String, in svg: String) -> [String] {
        let pattern = "<\(element) [^>]*\(attribute)=\"([^\"]*)\""
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { String(svg[Range($0.range(at: 1), in: svg)!]) }
    }

    static func isCents(_ x: Double) -> Bool { abs(x * 100 - (x * 100).rounded()) < 1e-6 }

    @Test("two layouts of one report never share a colour, and a layout keeps its colour across charts")
    func distinctColours() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        // Names that collided under the old hash: alvh-442, alvh-442-etn, unhedged (and a quoted name).
        let r = try CLITests.run(["compare", CLITests.root.appendingPathComponent("configs/layouts/unhedged.yaml").path]
                                 + OutputGapsTests.fourLayouts + ["--paths", "2000", "--horizon-days", "21", "--report", "rep"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let histogram = try String(contentsOf: folder.appendingPathComponent("rep/pnl_histogram.svg"), encoding: .utf8)
        let strokes = OutputGapsTests.attributes("stroke", of: "polyline", in: histogram)
        #expect(strokes.count == 5 && Set(strokes).count == 5, "\(strokes)")   // portfolio + four hedged layouts
        let exceedance = try String(contentsOf: folder.appendingPathComponent("rep/loss_exceedance.svg"), encoding: .utf8)
        #expect(OutputGapsTests.attributes("stroke", of: "polyline", in: exceedance) == strokes)
        // The ES contribution bars of a layout use its curve's colour.
        let bars = Set(OutputGapsTests.attributes("fill", of: "rect", in: try String(contentsOf: folder.appendingPathComponent("rep/es_contribution.svg"), encoding: .utf8)))
        #expect(Set(strokes.dropFirst()).isSubset(of: bars), "\(bars)")
    }

    @Test("money in JSON is in cents: provenance premiums, layer premiums, price contract_value; layers carry contracts and the ES stderr")
    func cents() throws {
        let r = try CLITests.run(["compare"] + OutputGapsTests.fourLayouts + ["--paths", "1000", "--horizon-days", "21", "--json", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let booked = (object["provenance"] as! [String: Any])["layouts"] as! [[String: Any]]
        for layout in booked {
            #expect(OutputGapsTests.isCents(layout["premium"] as! Double), "\(layout["premium"]!)")
            for layer in layout["layers"] as! [[String: Any]] { #expect(OutputGapsTests.isCents(layer["premium"] as! Double)) }
        }
        for layout in object["layouts"] as! [[String: Any]] {
            for layer in layout["layers"] as! [[String: Any]] {
                #expect(layer["contracts"] is Double && layer["es_contribution_99_stderr"] != nil, "\(layer)")
                #expect(OutputGapsTests.isCents(layer["premium"] as! Double))
            }
        }
        let price = try CLITests.run(["price", "--instrument", "vix-call", "--strike", "25", "--horizon-days", "21", "--json", "-"])
        #expect(price.status == 0, "\(price.stderr)")
        let quote = try JSONSerialization.jsonObject(with: Data(price.stdout.utf8)) as! [String: Any]
        #expect(OutputGapsTests.isCents(quote["contract_value"] as! Double), "\(quote["contract_value"]!)")
    }

    @Test("the small-sample and Feller warnings are in the text, the JSON's warnings, summary.json and the provenance")
    func sameWarnings() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let r = try CLITests.run(["compare", "--paths", "1000", "--horizon-days", "21", "--scheme", "euler", "--json", "out.json", "--report", "rep"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["out.json", "rep/summary.json"] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file))) as! [String: Any]
            let top = object["warnings"] as! [String], inner = (object["provenance"] as! [String: Any])["warnings"] as! [String]
            #expect(top == inner, "\(file)")
            #expect(top.contains { $0.contains("fewer than 100") } && top.contains { $0.contains("Feller") }, "\(file): \(top)")
        }
        let text = r.stdout.replacingOccurrences(of: "\n  ", with: " ")
        #expect(text.contains("99.9 % tail figures rest on fewer than 100 of the 1000 paths") && text.contains("warning: <embedded default market>")
                && text.contains("Feller"), "\(r.stdout)")
    }

    @Test("four layouts and a very long layout name: every line but the command within 100 columns, nothing truncated")
    func widths() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        // 90 characters: it fits a line of its own, not a table row (a name longer than a line is cut into pieces).
        let long = "a-very-long-layout-name-for-the-risk-committee-of-the-pension-fund-with-all-details-out-v2"
        let yaml = try String(contentsOfFile: CLITests.root.appendingPathComponent("configs/layouts/alvh-442.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "name: alvh-442\n", with: "name: \(long)\n")
        try yaml.write(to: folder.appendingPathComponent("long.yaml"), atomically: true, encoding: .utf8)
        for arguments in [OutputGapsTests.fourLayouts + ["--scheme", "euler"], ["long.yaml"] + OutputGapsTests.fourLayouts.suffix(1)] {
            let r = try CLITests.run(["compare"] + arguments + ["--paths", "5000"], in: folder)
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            #expect(lines.filter { !$0.hasPrefix("command:") }.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 })")
            #expect(lines.filter { $0.hasPrefix("money in currency units") }.count == 1)
            #expect(r.stdout.contains("put-25-delta-63d") && r.stdout.contains("Q: drift") && r.stdout.contains("P: drift"))
            if arguments[0] == "long.yaml" { #expect(r.stdout.contains(long)) }
        }
    }

    @Test("layers.csv: the documented header")
    func layersHeader() throws {
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let r = try CLITests.run(["compare", "--paths", "500", "--horizon-days", "21", "--report", "rep"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOf: folder.appendingPathComponent("rep/layers.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").first.map(String.init) == "layout,group,layer,instrument,expiry_days,lower_strike,upper_strike,contracts,t0_price,premium,"
                + "pnl_mean,pnl_stderr,es99_contribution,es99_contribution_stderr")
        #expect(csv.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 14 })
    }
}
