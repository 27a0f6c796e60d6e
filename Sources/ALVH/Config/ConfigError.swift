/// A bad configuration file: every case names the file and, where there is one, the key path and the allowed range.
/// The CLI prints `description` and exits with code 2.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(file: String)
    case unreadable(file: String, reason: String)
    case malformedYAML(file: String, reason: String)
    case notAMapping(file: String, keyPath: String)
    case unknownKey(file: String, keyPath: String, allowed: [String])
    case missingKey(file: String, keyPath: String, expected: String)
    case wrongType(file: String, keyPath: String, found: String, expected: String)
    case outOfRange(file: String, keyPath: String, value: String, allowed: String)
    case invalid(file: String, keyPath: String, reason: String)

    public var description: String {
        switch self {
        case let .fileNotFound(file):
            return "\(file): no such file."
        case let .unreadable(file, reason):
            return "\(file): cannot be read (\(reason))."
        case let .malformedYAML(file, reason):
            return "\(file): not valid YAML: \(reason)"
        case let .notAMapping(file, keyPath):
            return "\(file): \(keyPath.isEmpty ? "the document" : "'\(keyPath)'") must be a mapping of keys to values."
        case let .unknownKey(file, keyPath, allowed):
            return "\(file): unknown key '\(keyPath)'; allowed here: \(allowed.joined(separator: ", "))."
        case let .missingKey(file, keyPath, expected):
            return "\(file): missing key '\(keyPath)' (\(expected))."
        case let .wrongType(file, keyPath, found, expected):
            return "\(file): '\(keyPath)' is \(found); expected \(expected)."
        case let .outOfRange(file, keyPath, value, allowed):
            return "\(file): \(keyPath) = \(value) is out of range; allowed: \(allowed)."
        case let .invalid(file, keyPath, reason):
            return "\(file): \(keyPath): \(reason)"
        }
    }
}
