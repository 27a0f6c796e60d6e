import Foundation

extension MomentCalibration {
    /// A market YAML with the fit written in: `marketText` (the YAML the start market came from) with its
    /// `real_world:` block replaced by the fitted P values (every P value written; a comment says which were fitted,
    /// with standard errors, and which kept from the start) and, when `sigma_i` or `rho_i` were fitted, those fields
    /// of the Q factor lines rewritten (the schema shares them with P).
    /// - Parameter window: a few words on the history (dates, files) for the header comment.
    /// - Throws: `CalibrationError.marketYAML` when the result does not load again (a bug: every trial value is inside
    ///   the schema's ranges).
    public func marketYAML(marketText: String, window: String) throws(CalibrationError) -> String {
        func number(_ x: Double) -> String { String(format: "%.6g", x) }
        let fitted = Dictionary(uniqueKeysWithValues: zip(settings.parameters, estimates))
        func note(_ p: MomentParameter) -> String {
            guard let e = fitted[p] else { return "\(p.rawValue) kept" }
            return "\(p.rawValue) fitted (" + (e.standardError.map { "s.e. " + String(format: "%.3g", $0) } ?? "no s.e.") + ")"
        }
        var lines = MarketYAMLEdit.linesWithoutRealWorld(marketText)
        let shared: [[MomentParameter]] = [[.sigma1, .rho1], [.sigma2, .rho2]]
        MarketYAMLEdit.rewriteFactorLines(&lines) { i in
            guard i < shared.count, i < market.riskNeutral.factors.count else { return nil }
            let moved = shared[i].filter { fitted[$0] != nil }
            guard !moved.isEmpty else { return nil }
            let f = market.riskNeutral.factors[i]
            var fields: [String: String] = [:]
            if moved.contains(shared[i][0]) { fields["sigma"] = number(f.sigma) }
            if moved.contains(shared[i][1]) { fields["rho"] = number(f.rho) }
            return (fields, moved.map(note).joined(separator: ", ") + " by alvh calibrate moments, shared with P")
        }
        let p = market.realWorld
        var block = ["real_world:", "  equity_drift: \(number(p.totalReturnDrift))   # kept"]
        if p.equityPremiumPerVariance != 0 || fitted[.equityPremiumPerVariance] != nil {
            block.append("  equity_premium_per_variance: \(number(p.equityPremiumPerVariance))   # eta; " + note(.equityPremiumPerVariance))
        }
        if p.isTwoFactor {
            block.append("  variance_factors:")
            let names: [[MomentParameter]] = [[.kappa1, .theta1], [.kappa2, .theta2]]
            for (i, f) in p.factors.enumerated() {
                block.append("    - {kappa: \(number(f.kappa)), theta: \(number(f.theta))}   # " + names[i].map(note).joined(separator: ", "))
            }
        } else {
            block.append("  kappa: \(number(p.factors[0].kappa))   # " + note(.kappa1))
            block.append("  theta: \(number(p.factors[0].theta))   # " + note(.theta1))
        }
        if let j = p.jumps {
            block.append("  jump_intensity: \(number(j.intensity))   # lambda_0; " + note(.jumpIntensity))
            block.append("  intensity_per_variance: \(number(j.intensityPerVariance))   # lambda_1; " + note(.intensityPerVariance))
            block.append("  mean_log_jump: \(number(j.meanLogJump))   # mu_s; " + (fitted[.varianceJumpMean] != nil
                ? "moved with mu_v to keep the mean log price jump mu_s + rho_J mu_v = \(number(j.meanLogPriceJump))" : "kept"))
            block.append("  variance_jump_mean: \(number(j.varianceJumpMean))   # mu_v; " + note(.varianceJumpMean))
        }
        let header = ["",
                      "# real_world: fitted by alvh calibrate moments (simulated method of moments, \(window)): the P values that bring",
                      "# \(self.lines.count) facts closest to the history (J \(String(format: "%.1f", startObjective)) -> \(String(format: "%.1f", objective)), \(degreesOfFreedom) degrees of freedom)."]
        let text = lines.joined(separator: "\n") + "\n" + header.joined(separator: "\n") + "\n" + block.joined(separator: "\n") + "\n"
        do {
            _ = try MarketModel(yaml: text, file: "<calibrated market>")
        } catch {
            throw .marketYAML(reason: error.description)
        }
        return text
    }
}
