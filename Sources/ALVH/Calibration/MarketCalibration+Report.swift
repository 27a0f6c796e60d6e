import Foundation

extension MarketCalibration {
    /// How the numbers were made, for the report and the JSON.
    public static let estimatorText = """
        weighted least squares: mean squared error of VIX, VIX3M and futures (VIX points) plus, with options, mean \
        squared vega-scaled price error of the out-of-the-money SPX mids (implied-volatility points to first order); \
        futures 100 E^Q[sqrt(Y_T + B)] (Laplace transform), options by COS, VIX and VIX3M by the affine formula; \
        Nelder-Mead on log / atanh coordinates with restarts; theta_1 (two factors), jump parameters and P fixed at the \
        template market's
        """

    func fmt(_ x: Double) -> String { String(format: "%.6g", x) }

    /// The text report: the fitted parameters, then every instrument (market, model, error) and the RMS per group.
    public var text: String {
        var lines = ["alvh calibrate market: \(factorCount) factor\(factorCount == 1 ? "" : "s") under Q on \(quotes.date), template \(template.source)"]
        lines += quotes.sources.map { "  " + $0 }
        lines.append("")
        var table: [[String]] = [["parameter", "start", "fitted"]]
        for p in parameters { table.append([p.name, fmt(p.start), fmt(p.value)]) }
        let formula = fitted.vixFormula
        table.append(["model VIX floor 100 sqrt(B)", "", String(format: "%.3f", formula.minimumVIX)])
        lines += TextLayout.table(table)
        lines.append(String(format: "objective %.6g after %d Nelder-Mead iterations%@", objective, evaluations, converged ? "" : " (tolerance not met)"))
        lines.append("")
        var fits: [[String]] = [["instrument", "days", "market", "model", "error"]]
        for r in rows {
            let unit = r.group == .option ? "IV %" : "VIX"
            fits.append([r.name, String(format: "%.0f", r.years * 365), String(format: "%.3f", r.market) + " " + unit,
                         String(format: "%.3f", r.model), String(format: "%+.3f", r.error)])
        }
        lines += TextLayout.table(fits)
        for (group, label, unit) in [(Row.Group.index, "indices", "VIX points"), (.future, "futures", "VIX points"), (.option, "options", "implied-volatility points")] {
            if let e = rootMeanSquaredError(group) {
                let worst = rows.filter { $0.group == group }.map { abs($0.error) }.max() ?? 0
                lines.append(String(format: "RMS error %@: %.3f %@ (largest %.3f)", label, e, unit, worst))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `calibration` object of `alvh calibrate market --json` (schema `calibration_market`).
    public var json: JSONValue {
        func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        return .object([
            ("date", .string("\(quotes.date)")),
            ("factors", .integer(factorCount)),
            ("template_market", .string(template.source)),
            ("uses_options", .bool(usesOptions)),
            ("estimator", .string(Self.estimatorText)),
            ("sources", .array(quotes.sources.map { .string($0) })),
            ("parameters", .array(parameters.map { .object([("name", .string($0.name)), ("start", .number($0.start)), ("fitted", .number($0.value))]) })),
            ("vix_floor", .number(fitted.vixFormula.minimumVIX)),
            ("objective", .number(objective)),
            ("iterations", .integer(evaluations)),
            ("converged", .bool(converged)),
            ("instruments", .array(rows.map {
                .object([("group", .string($0.group.rawValue)), ("name", .string($0.name)), ("years", .number($0.years)),
                         ("market", .number($0.market)), ("model", .number($0.model)), ("error", .number($0.error)),
                         ("unit", .string($0.group == .option ? "implied volatility, percent" : "VIX points"))])
            })),
            ("rms_error", .object([("indices", number(rootMeanSquaredError(.index))), ("futures", number(rootMeanSquaredError(.future))),
                                   ("options", number(rootMeanSquaredError(.option)))])),
        ])
    }
}
