import Foundation

/// A JSON document with ordered keys, so reports read top-down in a fixed order and diff cleanly.
/// Non-finite numbers are written as `null`: a report never contains NaN or infinity.
public indirect enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case number(Double)
    case integer(Int)
    /// A 64-bit unsigned integer (seeds), written in full: JSON numbers have no width limit.
    case unsignedInteger(UInt64)
    case string(String)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// Pretty-printed JSON text with two-space indentation and a final newline.
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1), closing = String(repeating: "  ", count: indent)
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in pairs.enumerated() {
                out += pad + JSONValue.quote(key) + ": "
                value.write(into: &out, indent: indent + 1)
                out += i + 1 < pairs.count ? ",\n" : "\n"
            }
            out += closing + "}"
        case .array(let values):
            if values.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, value) in values.enumerated() {
                out += pad
                value.write(into: &out, indent: indent + 1)
                out += i + 1 < values.count ? ",\n" : "\n"
            }
            out += closing + "]"
        case .number(let x):
            out += x.isFinite ? "\(x)" : "null"
        case .integer(let n):
            out += "\(n)"
        case .unsignedInteger(let n):
            out += "\(n)"
        case .string(let s):
            out += JSONValue.quote(s)
        case .bool(let b):
            out += b ? "true" : "false"
        case .null:
            out += "null"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
