import Foundation
import Testing

/// A validator for the part of JSON Schema (2020-12) that `docs/schema/alvh-output.schema.json` uses: `type` (a name or
/// a list), `properties`, `required`, `additionalProperties` (false or a schema), `items`, local `$ref`, `anyOf`,
/// `enum`, `minimum`. It returns every violation with its JSON path, so a failing test says where.
struct JSONSchemaValidator {
    let root: [String: Any]

    init(path: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as! [String: Any]
    }

    func validate(_ value: Any, against schema: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            return validate(value, against: resolve(ref), at: path)
        }
        if let alternatives = schema["anyOf"] as? [[String: Any]] {
            let results = alternatives.map { validate(value, against: $0, at: path) }
            if results.contains(where: \.isEmpty) { return [] }
            return ["\(path): matches none of anyOf (\(results.map { $0.first ?? "" }.joined(separator: " | ")))"]
        }
        var errors: [String] = []
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { JSONSchemaValidator.equal($0, value) }) {
            errors.append("\(path): \(value) is not one of \(allowed)")
        }
        if let declared = schema["type"] {
            let types = (declared as? [String]) ?? [declared as! String]
            if !types.contains(where: { JSONSchemaValidator.isType(value, $0) }) {
                errors.append("\(path): \(value) is not \(types)")
                return errors
            }
        }
        if let minimum = schema["minimum"] as? Double, let number = JSONSchemaValidator.number(value), number < minimum {
            errors.append("\(path): \(number) < minimum \(minimum)")
        }
        if let pattern = schema["pattern"] as? String, let string = value as? String,
           string.range(of: pattern, options: .regularExpression) == nil {
            errors.append("\(path): '\(string)' does not match \(pattern)")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { errors.append("\(path): missing \(key)") }
            for (key, member) in object {
                if let property = properties[key] {
                    errors += validate(member, against: property, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] {
                    if let allowed = extra as? Bool, !allowed { errors.append("\(path): unexpected key \(key)") }
                    if let extraSchema = extra as? [String: Any] { errors += validate(member, against: extraSchema, at: "\(path).\(key)") }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, element) in array.enumerated() { errors += validate(element, against: items, at: "\(path)[\(i)]") }
        }
        return errors
    }

    func resolve(_ ref: String) -> [String: Any] {
        precondition(ref.hasPrefix("#/"), "only local references")
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as! [String: Any])[String(part)]! }
        return node as! [String: Any]
    }

    static func number(_ value: Any) -> Double? {
        guard let n = value as? NSNumber, !isBool(n) else { return nil }
        return n.doubleValue
    }

    /// JSONSerialization gives booleans as `NSNumber`s of C type `char`.
    static func isBool(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    static func isType(_ value: Any, _ name: String) -> Bool {
        switch name {
        case "null": return value is NSNull
        case "string": return value is String
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "number": return number(value).map(\.isFinite) ?? false
        case "integer": return number(value).map { $0 == $0.rounded() } ?? false
        case "boolean": return (value as? NSNumber).map(isBool) ?? false
        default: return false
        }
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = number(a), let y = number(b) { return x == y }
        return false
    }
}

@Suite("JSON outputs against docs/schema/alvh-output.schema.json")
struct JSONSchemaTests {
    static let schemaURL = CLITests.root.appendingPathComponent("docs/schema/alvh-output.schema.json")

    /// Runs alvh with `arguments` (JSON on standard output), expects exit 0 and a document that matches
    /// `#/$defs/definition` and the top-level schema; returns the document for further checks.
    @discardableResult
    static func check(_ arguments: [String], definition: String) throws -> [String: Any] {
        let validator = try JSONSchemaValidator(path: schemaURL)
        let r = try CLITests.run(arguments)
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        let errors = validator.validate(document, against: validator.resolve("#/$defs/\(definition)"))
        #expect(errors.isEmpty, "\(arguments.joined(separator: " ")): \(errors.prefix(5))")
        // The top-level schema (any of the documents) accepts it too.
        #expect(validator.validate(document, against: validator.root).isEmpty)
        return try #require(document as? [String: Any])
    }

    @Test("paths (one and two factors), simulate, compare, price: every JSON matches the schema")
    func everyOutput() throws {
        try JSONSchemaTests.check(["paths", "--paths", "200", "--horizon-days", "5", "--json", "-"], definition: "paths")
        try JSONSchemaTests.check(["paths", "--paths", "200", "--horizon-days", "5", "--market", "configs/markets/two-factor.yaml", "--json", "-"], definition: "paths")
        try JSONSchemaTests.check(["simulate", "--paths", "300", "--json", "-"], definition: "hedge_run")
        try JSONSchemaTests.check(["compare", "--paths", "300", "--json", "-"], definition: "hedge_run")
        try JSONSchemaTests.check(["compare", "configs/layouts/alvh-442-etn.yaml", "configs/layouts/spx-put-ladder.yaml", "--paths", "300",
                                   "--market", "configs/markets/two-factor.yaml", "--json", "-"], definition: "hedge_run")
        try JSONSchemaTests.check(["compare", "configs/layouts/single-vix-call-rolled.yaml", "configs/layouts/alvh-442.yaml", "--paths", "300",
                                   "--horizon-days", "30", "--json", "-"], definition: "hedge_run")
        try JSONSchemaTests.check(["price", "--instrument", "spx-put", "--strike", "5600", "--days", "21", "--json", "-"], definition: "price")
        try JSONSchemaTests.check(["price", "--instrument", "vix-future", "--days", "21", "--json", "-"], definition: "price")
    }

    @Test("the report's summary.json matches the schema; a document with a wrong key does not")
    func reportAndNegative() throws {
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let r = try CLITests.run(["compare", "--paths", "200", "--report", folder.appendingPathComponent("rep").path])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("rep/summary.json")))
        #expect(validator.validate(summary, against: validator.resolve("#/$defs/hedge_run")).isEmpty)
        var broken = summary as! [String: Any]
        broken["days"] = 5
        broken["paths"] = "many"
        let errors = validator.validate(broken, against: validator.resolve("#/$defs/hedge_run"))
        #expect(errors.contains { $0.contains("unexpected key days") } && errors.contains { $0.contains("$.paths") }, "\(errors)")
    }

    @Test("every *.provenance.json side file (compare --csv wide and long, paths --record) matches csv_side_file")
    func sideFiles() throws {
        let validator = try JSONSchemaValidator(path: JSONSchemaTests.schemaURL)
        let folder = try CLITests.temporaryFolder()
        defer { CLITests.remove(folder) }
        let runs: [([String], String)] = [
            (["compare", "--paths", "200", "--csv", "wide.csv"], "wide.provenance.json"),
            (["compare", "--paths", "200", "--csv", "long.csv", "--csv-form", "long"], "long.provenance.json"),
            (["paths", "--paths", "50", "--horizon-days", "5", "--record", "rec.csv", "--record-paths", "3"], "rec.provenance.json"),
            (["paths", "--paths", "50", "--horizon-days", "5", "--market", "configs/markets/two-factor.yaml", "--record", "rec2.csv"],
             "rec2.provenance.json"),
        ]
        for (arguments, side) in runs {
            let absolute = arguments.map { $0.hasPrefix("configs/") ? CLITests.root.appendingPathComponent($0).path : $0 }
            let r = try CLITests.run(absolute, in: folder)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(side)))
            let errors = validator.validate(document, against: validator.resolve("#/$defs/csv_side_file"))
            #expect(errors.isEmpty, "\(side): \(errors.prefix(5))")
            #expect(validator.validate(document, against: validator.root).isEmpty, "\(side) against the top-level schema")
            let object = document as! [String: Any]
            #expect(object["file"] as? String == side.replacingOccurrences(of: ".provenance.json", with: ".csv"))
            #expect((object["provenance"] as? [String: Any])?["command_line"] != nil, "\(side) has no provenance")
        }
        let recorded = try String(contentsOf: folder.appendingPathComponent("rec.csv"), encoding: .utf8)
        let columns = (try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("rec.provenance.json"))) as! [String: Any])["columns"] as! [[String: Any]]
        #expect(recorded.split(separator: "\n").first.map(String.init) == columns.map { $0["name"] as! String }.joined(separator: ","))
    }
}
