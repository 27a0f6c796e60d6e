import Foundation

extension MomentCalibration {
    /// The report: estimates with standard errors, then each fitted fact (history, model, gap in history standard
    /// errors), then `J`.
    public var text: String {
        func number(_ x: Double) -> String { String(format: "%.6g", x) }
        var rows = [["parameter", "start", "estimate", "s.e.", "units"]]
        for (p, e) in zip(settings.parameters, estimates) {
            rows.append([p.rawValue + (p.isShared ? " (P and Q)" : ""), number(p.value(in: start)), number(e.value),
                         e.standardError.map(number) ?? "-", e.units])
        }
        var facts = [["fact", "unit", "history", "model", "gap (s.e.)"]]
        for line in lines {
            facts.append([line.fact.label, line.fact.unit, ModelCheck.formatted(line.history, line.fact),
                          ModelCheck.formatted(line.model, line.fact), line.standardizedGap.map { String(format: "%+.2f", $0) } ?? "-"])
        }
        let s = settings.simulation
        var out = ["alvh calibrate moments: \(start.source), \(settings.parameters.count) P parameters by the simulated method of moments",
                   "simulation: \(s.paths) paths x \(s.years) years (burn-in \(s.burnInDays) days), seed \(s.seed), scheme \(s.scheme), the same random numbers at every trial",
                   ""]
        out += TextLayout.table(rows, leftAligned: [0, 4])
        out += [""] + TextLayout.table(facts, leftAligned: [0, 1])
        out += ["",
                "J (sum of squared gaps): \(String(format: "%.2f", startObjective)) at the start, \(String(format: "%.2f", objective)) at the estimate; "
                    + "\(lines.count) facts, \(settings.parameters.count) parameters, \(degreesOfFreedom) degrees of freedom; "
                    + "\(simulations) simulations, \(converged ? "converged" : "stopped at \(settings.maxIterations) iterations"), \(String(format: "%.1f", elapsedSeconds)) s",
                "standard errors: sandwich with diagonal weights 1 / s.e.(history)^2 and Omega = s.e.(history)^2 + s.e.(model)^2, facts taken as uncorrelated: indicative."]
        return out.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        let s = settings.simulation
        return .object([
            ("market", .string(start.source)),
            ("estimator", .string("simulated method of moments, diagonal weights 1 / se_history^2, Nelder-Mead in log / atanh coordinates")),
            ("simulation", .object([("paths", .integer(s.paths)), ("years", .integer(s.years)), ("burn_in_days", .integer(s.burnInDays)),
                                    ("seed", .string(String(s.seed))), ("scheme", .string("\(s.scheme)"))])),
            ("parameters", .object(zip(settings.parameters, estimates).map { p, e in
                (p.rawValue, .object([("start", .number(p.value(in: start))), ("estimate", .number(e.value)),
                                      ("standard_error", e.standardError.map { .number($0) } ?? .null), ("units", .string(e.units)),
                                      ("shared_with_q", .bool(p.isShared))]))
            })),
            ("facts", .array(lines.map { line in
                .object([("key", .string(line.fact.key)), ("history", line.history.value.map { .number($0) } ?? .null),
                         ("history_standard_error", line.history.standardError.map { .number($0) } ?? .null),
                         ("model", line.model.value.map { .number($0) } ?? .null),
                         ("gap_in_standard_errors", line.standardizedGap.map { .number($0) } ?? .null)])
            })),
            ("objective_start", .number(startObjective)),
            ("objective", .number(objective)),
            ("degrees_of_freedom", .integer(degreesOfFreedom)),
            ("simulations", .integer(simulations)),
            ("converged", .bool(converged)),
            ("elapsed_seconds", .number(elapsedSeconds)),
        ])
    }
}
