import Foundation

extension ModelCheck {
    /// The comparison table printed by `alvh check-model`: one row per line, history and model in display units with
    /// standard errors in parentheses, the band and the flag (`*` marks a hard requirement).
    public var text: String {
        let s = settings
        var out: [String] = []
        out.append("alvh check-model: \(marketSource) under P, \(s.paths) paths x \(s.years) years (burn-in \(s.burnInDays) days), "
            + "seed \(s.seed), scheme \(s.scheme)")
        out.append("history: \(history.panelDays) SPX/VIX days, \(history.futuresDays) futures days; model: \(model.panelDays) days, "
            + "\(model.futuresDays) futures days (21-day expiry cycle)")
        out.append("standard errors: history \(history.standardErrorMethod.description); model \(model.standardErrorMethod.description)")
        out.append("")
        var rows: [[String]] = [["line", "unit", "history", "model", "band", "flag"]]
        for line in lines {
            let f = line.fact
            rows.append([f.label, f.unit, ModelCheck.formatted(line.history, f), ModelCheck.formatted(line.model, f),
                         line.band.description(scale: f.displayScale, unit: f.unit),
                         line.flag.rawValue + (line.isHardRequirement ? " *" : "")])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            out.append(r.enumerated().map { c, cell in
                c < 2 || c >= 4 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                                : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        out.append("")
        let attention = lines.filter { $0.flag == .attention }.count, unavailable = lines.filter { $0.flag == .unavailable }.count
        out.append("* hard requirement. \(lines.count - attention - unavailable) pass, \(attention) attention, \(unavailable) unavailable; "
            + "hard requirements \(hardRequirementsMet ? "met" : "NOT met")")
        out.append(String(format: "elapsed %.2f s", elapsedSeconds))
        for w in warnings { out.append("warning: " + w) }
        if let provenance { out.append(provenance.summaryLine) }
        return out.joined(separator: "\n") + "\n"
    }

    /// `value (SE)` in the line's display unit and precision (the SE with one more decimal); `n/a` when undefined.
    static func formatted(_ e: FactEstimate, _ fact: StylisedFact) -> String {
        guard let v = e.value else { return "n/a" }
        let text = String(format: "%.\(fact.decimals)f", fact.displayScale * v)
        guard let se = e.standardError else { return text }
        return text + String(format: " (%.\(fact.decimals + 1)f)", fact.displayScale * se)
    }

    /// The JSON document (snake_case keys; values in natural units: fractions, not percent).
    public var json: JSONValue {
        let s = settings
        return .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("provenance", provenance?.json ?? .null),
            ("market", .string(marketSource)),
            ("measure", .string(Measure.realWorld.rawValue)),
            ("paths", .integer(s.paths)),
            ("years", .integer(s.years)),
            ("burn_in_days", .integer(s.burnInDays)),
            ("seed", .unsignedInteger(s.seed)),
            ("scheme", .string(s.scheme.description)),
            ("futures_expiry_cycle_days", .integer(VIXFuturesRollSchedule().cycleDays)),
            ("history_data", historyData ?? .null),
            ("history", history.json),
            ("model", model.json),
            ("lines", .array(lines.map { line in
                .object([
                    ("key", .string(line.fact.key)),
                    ("label", .string(line.fact.label)),
                    ("history", line.history.value.map { .number($0) } ?? .null),
                    ("history_stderr", line.history.standardError.map { .number($0) } ?? .null),
                    ("model", line.model.value.map { .number($0) } ?? .null),
                    ("model_stderr", line.model.standardError.map { .number($0) } ?? .null),
                    ("band", .string(line.band.description(scale: line.fact.displayScale, unit: line.fact.unit))),
                    ("hard_requirement", .bool(line.isHardRequirement)),
                    ("flag", .string(line.flag.rawValue)),
                ])
            })),
            ("hard_requirements_met", .bool(hardRequirementsMet)),
            ("non_finite_paths", .integer(nonFinitePaths)),
            ("warnings", .array(warnings.map { .string($0) })),
            ("elapsed_seconds", .number(elapsedSeconds)),
        ])
    }
}
