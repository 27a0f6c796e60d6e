import Foundation
import Yams

/// A YAML mapping being read, with the file name and the key path so far, so that every error can say exactly
/// where it is (`heston.kappa`, `layers[3].strike.moneyness`).
public struct ConfigMapping {
    public let file: String
    public let keyPath: String
    private let pairs: [(key: String, value: Node)]

    init(file: String, keyPath: String, node: Node) throws(ConfigError) {
        guard case let .mapping(mapping) = node else { throw .notAMapping(file: file, keyPath: keyPath) }
        self.file = file
        self.keyPath = keyPath
        var pairs: [(String, Node)] = []
        for (k, v) in mapping {
            guard let key = k.scalar?.string else { throw .wrongType(file: file, keyPath: keyPath, found: "a non-text key", expected: "text keys") }
            if pairs.contains(where: { $0.0 == key }) {
                throw .invalid(file: file, keyPath: ConfigMapping.join(keyPath, key), reason: "the key appears twice.")
            }
            pairs.append((key, v))
        }
        self.pairs = pairs
    }

    /// Parses YAML text into its top-level mapping.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> ConfigMapping {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw .malformedYAML(file: file, reason: ConfigMapping.describe(error))
        } catch {
            throw .malformedYAML(file: file, reason: "\(error)")
        }
        guard let node else { throw .notAMapping(file: file, keyPath: "") }
        return try ConfigMapping(file: file, keyPath: "", node: node)
    }

    /// Largest config file alvh reads (1 MB): the shipped ones are a few kilobytes, and a runaway file (a 50 MB list
    /// under an unknown key) is refused before it costs seconds and gigabytes.
    public static let maximumFileBytes = 1 << 20

    /// Reads and parses a file: a regular file of UTF-8 text, at most `maximumFileBytes`.
    public static func load(path: String) throws(ConfigError) -> ConfigMapping {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .fileNotFound(file: path) }
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .unreadable(file: path, reason: "it is a folder, not a config file")
        case S_IFCHR, S_IFBLK: throw .unreadable(file: path, reason: "it is a device, not a config file")
        case S_IFIFO: throw .unreadable(file: path, reason: "it is a pipe, not a config file")
        default: throw .unreadable(file: path, reason: "not a regular file")
        }
        if Int(info.st_size) > maximumFileBytes {
            throw .unreadable(file: path, reason: "it has \(info.st_size) bytes; a config file may have at most 1 MB (\(maximumFileBytes) bytes)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(file: path, reason: "no permission")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumFileBytes + 1)) ?? Data()
        if data.count > maximumFileBytes {
            throw .unreadable(file: path, reason: "it has more than 1 MB; a config file may have at most \(maximumFileBytes) bytes")
        }
        if data.isEmpty { throw .unreadable(file: path, reason: "the file is empty") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "not UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    public var keys: [String] { pairs.map(\.key) }

    func path(_ key: String) -> String { ConfigMapping.join(keyPath, key) }

    static func join(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

    func node(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }

    public func contains(_ key: String) -> Bool { node(key) != nil }

    /// Fails on the first key not in `allowed`.
    public func rejectUnknownKeys(allowed: [String]) throws(ConfigError) {
        for key in keys where !allowed.contains(key) {
            throw .unknownKey(file: file, keyPath: path(key), allowed: allowed)
        }
    }

    /// A required number in `range`.
    public func number(_ key: String, in range: NumberRange) throws(ConfigError) -> Double {
        guard let value = try optionalNumber(key, in: range) else {
            throw .missingKey(file: file, keyPath: path(key), expected: "a number in \(range)")
        }
        return value
    }

    /// An optional number in `range` (`nil` when the key is absent).
    public func optionalNumber(_ key: String, in range: NumberRange) throws(ConfigError) -> Double? {
        guard let node = node(key) else { return nil }
        guard case let .scalar(scalar) = node, scalar.style == .plain, let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            throw .wrongType(file: file, keyPath: path(key), found: ConfigMapping.describe(node), expected: "a number in \(range)")
        }
        guard range.contains(value) else {
            throw .outOfRange(file: file, keyPath: path(key), value: scalar.string, allowed: range.description)
        }
        return value
    }

    /// An optional nested mapping.
    public func optionalMapping(_ key: String) throws(ConfigError) -> ConfigMapping? {
        guard let node = node(key) else { return nil }
        return try ConfigMapping(file: file, keyPath: path(key), node: node)
    }

    /// A required nested mapping.
    public func mapping(_ key: String, expected: String) throws(ConfigError) -> ConfigMapping {
        guard let m = try optionalMapping(key) else { throw .missingKey(file: file, keyPath: path(key), expected: expected) }
        return m
    }

    /// A required text value from `allowed` (when given).
    public func string(_ key: String, allowed: [String]? = nil) throws(ConfigError) -> String {
        guard let value = try optionalString(key, allowed: allowed) else {
            throw .missingKey(file: file, keyPath: path(key), expected: allowed.map { "one of \($0.joined(separator: ", "))" } ?? "text")
        }
        return value
    }

    /// An optional text value from `allowed` (when given).
    public func optionalString(_ key: String, allowed: [String]? = nil) throws(ConfigError) -> String? {
        guard let node = node(key) else { return nil }
        let expected = allowed.map { "one of \($0.joined(separator: ", "))" } ?? "text"
        guard case let .scalar(scalar) = node else {
            throw .wrongType(file: file, keyPath: path(key), found: ConfigMapping.describe(node), expected: expected)
        }
        if let allowed, !allowed.contains(scalar.string) {
            throw .outOfRange(file: file, keyPath: path(key), value: "'\(scalar.string)'", allowed: allowed.joined(separator: ", "))
        }
        return scalar.string
    }

    /// An optional `true`/`false`.
    public func optionalBool(_ key: String) throws(ConfigError) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case let .scalar(scalar) = node, ["true", "false"].contains(scalar.string) else {
            throw .wrongType(file: file, keyPath: path(key), found: ConfigMapping.describe(node), expected: "true or false")
        }
        return scalar.string == "true"
    }

    /// A required list of mappings; element `i` reports its key path as `key[i]`.
    public func mappingList(_ key: String, expected: String) throws(ConfigError) -> [ConfigMapping] {
        guard let node = node(key) else { throw .missingKey(file: file, keyPath: path(key), expected: expected) }
        guard case let .sequence(sequence) = node else {
            throw .wrongType(file: file, keyPath: path(key), found: ConfigMapping.describe(node), expected: "a list (\(expected))")
        }
        var out: [ConfigMapping] = []
        for (i, element) in sequence.enumerated() {
            out.append(try ConfigMapping(file: file, keyPath: "\(path(key))[\(i)]", node: element))
        }
        return out
    }

    /// An optional square matrix of numbers written as a list of rows (`[[1, -0.8], [-0.8, 1]]`), each entry in
    /// `range`; errors name the entry as `key[row][column]`.
    public func optionalNumberMatrix(_ key: String, order: Int, in range: NumberRange) throws(ConfigError) -> [[Double]]? {
        guard let node = node(key) else { return nil }
        let expected = "a list of \(order) rows of \(order) numbers in \(range)"
        guard case let .sequence(rows) = node, rows.count == order else {
            throw .wrongType(file: file, keyPath: path(key), found: ConfigMapping.describe(node), expected: expected)
        }
        var out: [[Double]] = []
        for (r, row) in rows.enumerated() {
            guard case let .sequence(entries) = row, entries.count == order else {
                throw .wrongType(file: file, keyPath: "\(path(key))[\(r)]", found: ConfigMapping.describe(row), expected: "a row of \(order) numbers")
            }
            var values: [Double] = []
            for (c, entry) in entries.enumerated() {
                let where_ = "\(path(key))[\(r)][\(c)]"
                guard case let .scalar(scalar) = entry, scalar.style == .plain, let value = Double(scalar.string) else {
                    throw .wrongType(file: file, keyPath: where_, found: ConfigMapping.describe(entry), expected: "a number in \(range)")
                }
                guard range.contains(value) else {
                    throw .outOfRange(file: file, keyPath: where_, value: scalar.string, allowed: range.description)
                }
                values.append(value)
            }
            out.append(values)
        }
        return out
    }

    /// An optional half-open band `[lower, upper)` written as a list of two numbers, `lower < upper`, either end
    /// possibly infinite (`.inf`, `-.inf`), both within `range` where finite.
    public func optionalBand(_ key: String, in range: NumberRange) throws(ConfigError) -> (Double, Double)? {
        guard let node = node(key) else { return nil }
        let expected = "a list [lower, upper] of two numbers in \(range) (.inf for no upper bound)"
        guard case let .sequence(ends) = node, ends.count == 2 else {
            throw .wrongType(file: file, keyPath: path(key), found: ConfigMapping.describe(node), expected: expected)
        }
        var values: [Double] = []
        for (i, end) in ends.enumerated() {
            guard case let .scalar(scalar) = end, scalar.style == .plain else {
                throw .wrongType(file: file, keyPath: "\(path(key))[\(i)]", found: ConfigMapping.describe(end), expected: expected)
            }
            let text = scalar.string.lowercased()
            let value: Double? = [".inf", "+.inf", "inf"].contains(text) ? .infinity : ["-.inf", "-inf"].contains(text) ? -.infinity : Double(text)
            guard let value, !value.isNaN else {
                throw .wrongType(file: file, keyPath: "\(path(key))[\(i)]", found: ConfigMapping.describe(end), expected: expected)
            }
            guard !value.isFinite || range.contains(value) else {
                throw .outOfRange(file: file, keyPath: "\(path(key))[\(i)]", value: scalar.string, allowed: range.description)
            }
            values.append(value)
        }
        guard values[0] < values[1] else {
            throw .invalid(file: file, keyPath: path(key), reason: "the lower end \(values[0]) must be below the upper end \(values[1]).")
        }
        return (values[0], values[1])
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func describe(_ error: YamlError) -> String {
        // Yams's own text names the line and column; keep its first line only.
        let text = "\(error)"
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}
