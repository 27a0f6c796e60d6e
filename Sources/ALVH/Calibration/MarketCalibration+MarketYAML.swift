import Foundation

extension MarketCalibration {
    /// A market YAML of the fitted market, every number's source in its comment: spot (the day's SPX close), rate and
    /// dividend yield (zero curve and parity of the last option expiry, or the template's), the Q factors (fitted or
    /// kept from the template), the initial variances (fitted), the template's `jumps:` and `real_world:` blocks
    /// (copied from `templateText`, so their comments come along; the fitted `sigma_i`, `rho_i` apply under P too).
    /// - Throws: `CalibrationError.marketYAML` when the result does not load again (a bug, not an input error).
    /// - Parameter panel: the term-structure fit the template's drift came from (its fitted `kappa_1`, `kappa_2`,
    ///   `theta_1`, `theta_2` are then marked "panel", held ones "template", and the header names the panel).
    public func marketYAML(templateText: String, panel: TermStructureCalibration? = nil) throws(CalibrationError) -> String {
        let q = fitted.riskNeutral
        let fitted = Set(parameters.map(\.name))
        func source(_ name: String) -> String {
            if fitted.contains(name) { return "fitted" }
            if let panel, TermStructureCalibration.names.contains(name), !panel.held.contains(name) { return "panel" }
            return "template"
        }
        var lines = ["# alvh market calibrated by `alvh calibrate market --date \(quotes.date)` (\(factorCount) factor\(factorCount == 1 ? "" : "s")):",
                     "# Q fitted to that day's prices (\(quotes.sources.joined(separator: "; "))),",
                     "# fixed values and the real_world block from \(template.source). Fit errors: "
                        + [(Row.Group.index, "indices"), (.future, "futures"), (.option, "options")].compactMap { g, label in
                            rootMeanSquaredError(g).map { String(format: "%@ RMS %.3f", label, $0) } }.joined(separator: ", ")
                        + " (VIX points; options in implied-volatility points).",
                     "spot: \(fmt(self.fitted.spot))   # SPX close \(quotes.date)"]
        if let panel {
            lines.insert(String(format: "# Q drift (%@: 'panel') fitted to %d days' VIX, VIX3M and futures curves, %@ .. %@ "
                                + "(futures RMS %.3f VIX points, %d of %d (VIX, VIX3M) pairs projected).", TermStructureCalibration.names.filter { !panel.held.contains($0) }.joined(separator: ", "), panel.days.count, "\(panel.days.first!.date)",
                                "\(panel.days.last!.date)", panel.rmsFutures, panel.projectedDays, panel.days.count), at: 3)
        }
        let ratesFrom = quotes.optionExpiries.last.map { "zero curve and put-call parity at the \($0.expiry) option expiry" } ?? "template"
        lines.append("rate: \(fmt(self.fitted.rate))   # \(ratesFrom)")
        lines.append("dividend_yield: \(fmt(self.fitted.dividendYield))   # \(ratesFrom)")
        if factorCount == 1 {
            let h = q.factors[0]
            lines.append("variance: \(fmt(self.fitted.initialVariance))   # fitted v0 (model VIX \(String(format: "%.3f", self.fitted.initialVIX)); market \(fmt(quotes.vix)))")
            lines.append("heston:   # Q")
            lines.append("  kappa: \(fmt(h.kappa))   # \(source("kappa"))")
            lines.append("  theta: \(fmt(h.theta))   # \(source("theta"))")
            lines.append("  sigma: \(fmt(h.sigma))   # \(source("sigma"))")
            lines.append("  rho: \(fmt(h.rho))   # \(source("rho"))")
        } else {
            lines.append("variance_factors:   # Q; fast factor first (it carries the variance jumps). Model VIX "
                         + String(format: "%.3f, VIX3M %.3f at these variances", self.fitted.initialVIX, self.fitted.initialVIX3M))
            for (i, f) in q.factors.enumerated() {
                let v = i == 0 ? self.fitted.initialVariance : self.fitted.initialSecondVariance
                let k = "kappa_\(i + 1)", t = i == 0 ? "theta_1" : "theta_2", s = "sigma_\(i + 1)"
                lines.append("  - {kappa: \(fmt(f.kappa)), theta: \(fmt(f.theta)), sigma: \(fmt(f.sigma)), rho: \(fmt(f.rho)), variance: \(fmt(v))}"
                             + "   # kappa \(source(k)), theta \(source(t)), sigma \(source(s)), rho \(source("rho")), variance fitted")
            }
        }
        // The template's jumps: and real_world: blocks, verbatim.
        for key in ["jumps:", "real_world:"] { lines += Self.block(key, in: templateText) }
        let text = lines.joined(separator: "\n") + "\n"
        do {
            _ = try MarketModel(yaml: text, file: "<calibrated market>")
        } catch {
            throw .marketYAML(reason: error.description)
        }
        return text
    }

    /// A top-level block of a YAML text: the line starting with `key` and the indented, comment or blank lines after it
    /// (trailing blank and comment-only lines dropped).
    static func block(_ key: String, in text: String) -> [String] {
        var out: [String] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(key) { inside = true; out.append(String(line)); continue }
            if inside {
                if line.isEmpty || line.first == " " || line.first == "\t" { out.append(String(line)); continue }
                break
            }
        }
        while let last = out.last, last.trimmingCharacters(in: .whitespaces).isEmpty || last.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            out.removeLast()
        }
        return out
    }
}
