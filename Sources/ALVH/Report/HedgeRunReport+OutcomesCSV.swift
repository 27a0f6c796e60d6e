import Foundation

/// The shape of the per-path outcomes file (`--csv`, `--csv-form`).
public enum OutcomeTableForm: String, Sendable, CaseIterable {
    /// One row per path, one column per quantity: `path, spx_return, vix_terminal, vix_max, <layout>__<quantity>...`.
    case wide
    /// One row per (path, quantity): `path, layout, layer, quantity, value` (tidy; pivot it as you like).
    case long
}

extension HedgeRunReport {
    /// A CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A per-path number: shortest round-trip digits, empty when not finite (pandas reads an empty field as NaN).
    @inline(__always) static func pathNumber(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }

    /// Column names pandas can use as attributes: lower case, letters, digits and `_` only, not starting with a digit.
    static func identifier(_ name: String) -> String {
        var out = String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if out.first.map({ $0.isNumber }) ?? true { out = "x_" + out }
        return out
    }

    /// The per-path outcomes streamed to `sink` (never built as one string).
    public static func writeCSV(outcomes: [LayoutOutcome], form: OutcomeTableForm = .wide, to sink: TextSink) {
        switch form {
        case .wide: writeWideCSV(outcomes: outcomes) { sink.write($0) }
        case .long: writeLongCSV(outcomes: outcomes) { sink.write($0) }
        }
    }

    /// The wide header: `path, spx_return, vix_terminal, vix_max`, then per layout `<layout>__portfolio_pnl`,
    /// `<layout>__hedge_value`, `<layout>__hedged_pnl` and `<layout>__<layer>` (the layer's value at the horizon), with
    /// names made identifiers (`alvh-442` -> `alvh_442`; a clash gets `_2`, `_3`).
    static func wideHeader(_ outcomes: [LayoutOutcome]) -> [String] {
        var used = Set<String>()
        func unique(_ name: String) -> String {
            var candidate = name, k = 2
            while used.contains(candidate) { candidate = "\(name)_\(k)"; k += 1 }
            used.insert(candidate)
            return candidate
        }
        var header = ["path", "spx_return", "vix_terminal", "vix_max"].map(unique)
        for o in outcomes {
            let n = identifier(o.book.layout.name)
            header += ["\(n)__portfolio_pnl", "\(n)__hedge_value", "\(n)__hedged_pnl"].map(unique)
                + o.book.layers.map { unique("\(n)__" + identifier($0.layer.name)) }
                + (o.adaptive?.perPathColumns ?? []).map { unique("\(n)__" + $0.name) }
        }
        return header
    }

    static func writeWideCSV(outcomes: [LayoutOutcome], _ emit: (String) -> Void) {
        guard let first = outcomes.first else { return }
        emit(wideHeader(outcomes).map(HedgeRunReport.csvField).joined(separator: ",") + "\n")
        let adaptiveColumns = Dictionary(outcomes.compactMap { o in o.adaptive.map { (o.book.layout.name, $0.perPathColumns) } },
                                         uniquingKeysWith: { a, _ in a })
        let hasVIX = first.vixTerminal.count == first.spxReturn.count
        var row = ""
        for i in 0..<first.spxReturn.count {
            row.removeAll(keepingCapacity: true)
            row += "\(i),\(pathNumber(first.spxReturn[i]))"
            row += hasVIX ? ",\(pathNumber(first.vixTerminal[i])),\(pathNumber(first.vixMax[i]))" : ",,"
            for o in outcomes {
                row += ",\(pathNumber(o.portfolioPnL[i])),\(pathNumber(o.hedgeValue[i])),\(pathNumber(o.hedgedPnL[i]))"
                for column in o.layerValues { row += ",\(pathNumber(column[i]))" }
                for column in adaptiveColumns[o.book.layout.name] ?? [] { row += ",\(pathNumber(column.values[i]))" }
            }
            row += "\n"
            emit(row)
        }
    }

    /// Long form, one row per path and quantity: `path, layout, layer, quantity, value`. Path-level quantities
    /// (`spx_return`, `vix_terminal`, `vix_max`) have empty layout and layer; `portfolio_pnl`, `hedge_value` and
    /// `hedged_pnl` name their layout; `layer_value` names its layout and layer. Names are written as given (quoted
    /// per RFC 4180 where needed), not made identifiers: here they are values, not column names.
    static func writeLongCSV(outcomes: [LayoutOutcome], _ emit: (String) -> Void) {
        guard let first = outcomes.first else { return }
        emit("path,layout,layer,quantity,value\n")
        let hasVIX = first.vixTerminal.count == first.spxReturn.count
        let layouts = outcomes.map { csvField($0.book.layout.name) }
        let layers = outcomes.map { $0.book.layers.map { csvField($0.layer.name) } }
        let adaptiveColumns = outcomes.map { $0.adaptive?.perPathColumns ?? [] }
        var rows = ""
        for i in 0..<first.spxReturn.count {
            rows.removeAll(keepingCapacity: true)
            rows += "\(i),,,spx_return,\(pathNumber(first.spxReturn[i]))\n"
            if hasVIX {
                rows += "\(i),,,vix_terminal,\(pathNumber(first.vixTerminal[i]))\n\(i),,,vix_max,\(pathNumber(first.vixMax[i]))\n"
            }
            for (b, o) in outcomes.enumerated() {
                rows += "\(i),\(layouts[b]),,portfolio_pnl,\(pathNumber(o.portfolioPnL[i]))\n"
                rows += "\(i),\(layouts[b]),,hedge_value,\(pathNumber(o.hedgeValue[i]))\n"
                rows += "\(i),\(layouts[b]),,hedged_pnl,\(pathNumber(o.hedgedPnL[i]))\n"
                for (l, column) in o.layerValues.enumerated() {
                    rows += "\(i),\(layouts[b]),\(layers[b][l]),layer_value,\(pathNumber(column[i]))\n"
                }
                for column in adaptiveColumns[b] { rows += "\(i),\(layouts[b]),,\(column.name),\(pathNumber(column.values[i]))\n" }
            }
            emit(rows)
        }
    }

    /// The side file written beside a per-path CSV (`<name>.provenance.json`): the run's provenance, the file's form
    /// and a dictionary of its columns or quantities with units, so the CSV never travels without its origin.
    public func outcomesSideFile(outcomes: [LayoutOutcome], form: OutcomeTableForm, csvFile: String) -> JSONValue {
        let money = "currency of the layout"
        var dictionary: [(String, String, String)] = [
            ("spx_return", "fraction", "SPX price return over the horizon, S_H / S_0 - 1"),
            ("vix_terminal", "VIX points", "model VIX at the horizon's close"),
            ("vix_max", "VIX points", "highest daily close of the model VIX over the horizon"),
        ]
        let perLayout = [("portfolio_pnl", "notional x beta x SPX total return over the horizon"),
                         ("hedge_value", "sum of the layers' values at the horizon"),
                         ("hedged_pnl", "portfolio_pnl + hedge_value - premium with carry")]
        switch form {
        case .wide:
            let header = HedgeRunReport.wideHeader(outcomes)
            var k = 4
            for o in outcomes {
                for (_, text) in perLayout { dictionary.append((header[k], money, "\(o.book.layout.name): \(text)")); k += 1 }
                for layer in o.book.layers {
                    dictionary.append((header[k], money, "\(o.book.layout.name) / \(layer.layer.name): value at the horizon")); k += 1
                }
                for column in o.adaptive?.perPathColumns ?? [] {
                    dictionary.append((header[k], column.unit, "\(o.book.layout.name): \(column.description)")); k += 1
                }
            }
        case .long:
            dictionary += perLayout.map { ($0.0, money, $0.1) }
            dictionary.append(("layer_value", money, "the named layer's value at the horizon"))
            var seen = Set<String>()
            for column in outcomes.flatMap({ $0.adaptive?.perPathColumns ?? [] }) where seen.insert(column.name).inserted {
                dictionary.append((column.name, column.unit, "adaptive layouts: " + column.description))
            }
        }
        return .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("file", .string(csvFile)),
            ("form", .string(form.rawValue)),
            ("paths", .integer(outcomes.first?.spxReturn.count ?? 0)),
            ("horizon_days", .integer(settings.days)),
            (form == .wide ? "columns" : "quantities", .array(dictionary.map {
                .object([("name", .string($0.0)), ("unit", .string($0.1)), ("description", .string($0.2))])
            })),
            ("provenance", provenance?.json ?? .null),
        ])
    }

    /// Where the side file of a per-path CSV goes: `out.csv` -> `out.provenance.json` (other names get the suffix).
    public static func sideFilePath(forCSV path: String) -> String {
        (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".provenance.json"
    }
}
