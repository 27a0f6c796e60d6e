import Foundation

extension HistoryCalibration {
    /// A market YAML with the estimates as its P part: `marketText` (the YAML the Q formula came from) unchanged except
    /// that its top-level `real_world:` block is replaced by the estimated one, with comments naming the source and
    /// the standard errors. Written: `equity_drift`, per factor `kappa` and `theta`, and (when the market has a
    /// `jumps:` block; the schema refuses P jumps without Q jumps) `jump_intensity` = lambda_0,
    /// `intensity_per_variance` = lambda_1, `variance_jump_mean` = mu_v (P's own, from the jump days; Q's when the
    /// sample has fewer than 2) and `mean_log_jump` = mu_s = (mean log jump size) - rho_J mu_v. Not written,
    /// because the schema shares them with Q (Girsanov): `sigma_i`, `rho_i`, `log_jump_vol` (they go in the comments);
    /// with two factors (Kalman filter) `sigma_i` and `rho_i` are written into the Q factor lines instead, since the
    /// filter estimated the drift with them.
    /// With P variance jumps (`variance_jump_mean` > 0) the fast factor's `kappa_1`, `theta_1` are mapped from the fitted
    /// conditional mean (which includes the jumps' drift): `kappa_1 = kappa_hat + lambda_1 mu_v`, `theta_1 = (kappa_hat
    /// theta_hat - (lambda_0 + lambda_1 theta_2) mu_v) / kappa_1`, so that the written model has the fitted mean reversion.
    /// Values outside the schema's ranges are clamped to them and each clamp is listed in `notes` and in the comments.
    /// - Parameter window: a few words on the data (dates, files) for the header comment.
    /// - Throws: `CalibrationError.marketYAML` when the result does not load again (a bug, not an input error).
    public func marketYAML(marketText: String, window: String) throws(CalibrationError) -> (text: String, notes: [String]) {
        var notes: [String] = []
        func clamp(_ x: Double, _ range: NumberRange, _ key: String) -> Double {
            let (lo, hi) = (range.lower, range.upper)
            let y = min(max(x, lo), hi)
            if y != x { notes.append("real_world.\(key): estimate \(fmt(x)) clamped to \(fmt(y)) (allowed \(range)).") }
            return y
        }
        func fmt(_ x: Double) -> String { String(format: "%.6g", x) }
        func se(_ e: ParameterEstimate?) -> String { e?.standardError.map { "s.e. " + String(format: "%.3g", $0) } ?? "no s.e." }

        var kept = MarketYAMLEdit.linesWithoutRealWorld(marketText)
        let factorForm = kept.contains { $0.hasPrefix("variance_factors:") }
        // Two factors (Kalman filter): sigma_i and rho_i are estimated and the schema shares them between P and Q, so
        // they replace the values in the Q factor lines (`- {kappa: .., theta: .., sigma: .., rho: .., ...}`).
        var sharedWritten = false
        if kalman != nil && factorForm {
            let seen = MarketYAMLEdit.rewriteFactorLines(&kept) { item in
                guard item < all.factors.count else { return nil }
                let sigma = clamp(all.factors[item].sigma.value, MarketModel.Ranges.sigma, "variance_factors[\(item)].sigma")
                let rho = min(max(all.correlations[item].value, -0.99), 0.99)
                if rho != all.correlations[item].value {
                    notes.append("variance_factors[\(item)].rho: estimate \(fmt(all.correlations[item].value)) clamped to \(fmt(rho)) (allowed (-1, 1)).")
                }
                let errors = "(" + se(all.factors[item].sigma) + ", " + se(all.correlations[item]) + ")"
                return (["sigma": fmt(sigma), "rho": fmt(rho)], "sigma, rho: alvh calibrate history " + errors + ", shared with P")
            }
            sharedWritten = seen == all.factors.count
        }

        let p = market.realWorld
        var block: [String] = []
        let drift = all.equityDrift(dividendYield: market.dividendYield)
        block.append("  equity_drift: \(fmt(clamp(drift.value, MarketModel.Ranges.equityDrift, "equity_drift")))   # \(se(drift)); price drift + dividend_yield")
        // The jump part first: the variance jumps' drift enters the fast factor's conditional mean, so the written
        // kappa_1 and theta_1 are mapped from the fitted ones (see below).
        let j = all.jumps
        let lambda0 = j.intensityAtZeroVariance ?? j.intensity
        var l0 = 0.0, l1 = 0.0, muV = 0.0
        if let qj = p.jumps {
            l0 = clamp(lambda0.value, .closed(1e-3, MarketModel.Ranges.intensity.upper), "jump_intensity")
            l1 = clamp(j.intensityPerVariance?.value ?? 0, MarketModel.Ranges.intensityPerVariance, "intensity_per_variance")
            // P's own mean variance jump where the jump days give one (schema: real_world.variance_jump_mean).
            muV = all.varianceJumpMean.map { clamp(max($0.value, 0), MarketModel.Ranges.varianceJumpMean, "variance_jump_mean") } ?? qj.varianceJumpMean
        }
        // QML fits the conditional mean kappa_hat (theta_hat - v); under P the fast factor's mean drift is
        // kappa_1 (theta_1 - v1) + (lambda_0 + lambda_1 (v1 + v2)) mu_v. Matching the two (v2 at its theta_2):
        // kappa_1 = kappa_hat_1 + lambda_1 mu_v, theta_1 = (kappa_hat_1 theta_hat_1 - (lambda_0 + lambda_1 theta_2) mu_v) / kappa_1.
        let theta2 = all.factors.count > 1 ? all.factors[1].theta.value : 0
        func mapped(_ i: Int) -> (kappa: Double, theta: Double) {
            let f = all.factors[i]
            guard i == 0, muV > 0 else { return (f.kappa.value, f.theta.value) }
            let k = f.kappa.value + l1 * muV
            return (k, (f.kappa.value * f.theta.value - (l0 + l1 * theta2) * muV) / k)
        }
        if muV > 0 {
            notes.append("kappa and theta of the fast factor are mapped from the fitted ones for the P variance jumps (lambda_0 \(fmt(l0)), "
                + "lambda_1 \(fmt(l1)), mu_v \(fmt(muV))): the fit's conditional mean includes the jumps' drift.")
        }
        if factorForm {
            block.append("  variance_factors:")
            for (i, f) in all.factors.enumerated() {
                let m = mapped(i)
                let k = clamp(m.kappa, MarketModel.Ranges.kappa, "variance_factors[\(i)].kappa")
                let t = clamp(m.theta, MarketModel.Ranges.theta, "variance_factors[\(i)].theta")
                block.append("    - {kappa: \(fmt(k)), theta: \(fmt(t))}   # fitted \(fmt(f.kappa.value)) (\(se(f.kappa))), \(fmt(f.theta.value)) (\(se(f.theta)))")
            }
        } else {
            let f = all.factors[0], m = mapped(0)
            let k = clamp(m.kappa, MarketModel.Ranges.kappa, "kappa"), t = clamp(m.theta, MarketModel.Ranges.theta, "theta")
            block.append("  kappa: \(fmt(k))   # fitted \(fmt(f.kappa.value)) (\(se(f.kappa)))")
            block.append("  theta: \(fmt(t))   # fitted \(fmt(f.theta.value)) (\(se(f.theta)))")
        }
        var shared: [String] = []
        for (i, f) in all.factors.enumerated() where !sharedWritten {
            let q = market.riskNeutral.factors[i]
            shared.append("factor \(i + 1) sigma \(fmt(f.sigma.value)) (\(se(f.sigma)); Q \(fmt(q.sigma))), rho \(fmt(all.correlations[i].value)) (\(se(all.correlations[i])); Q \(fmt(q.rho)))")
        }
        if let qj = p.jumps {
            block.append("  jump_intensity: \(fmt(l0))   # lambda_0, \(se(lambda0)); \(j.count) jump days beyond \(fmt(j.threshold)) sd, \(fmt(j.intensity.value)) per year on average")
            block.append("  intensity_per_variance: \(fmt(l1))   # lambda_1, \(se(j.intensityPerVariance))")
            if let m = j.meanLogJump {
                let muS = clamp(m.value - qj.correlation * muV, MarketModel.Ranges.meanLogJump, "mean_log_jump")
                block.append("  mean_log_jump: \(fmt(muS))   # mu_s = mean log jump size \(fmt(m.value)) (\(se(m))) - rho_J \(fmt(qj.correlation)) x mu_v \(fmt(muV))")
            }
            if let v = all.varianceJumpMean {
                block.append("  variance_jump_mean: \(fmt(muV))   # mu_v: the fast factor's mean move beyond its expected one on the jump days, \(fmt(v.value)) (\(se(v))); Q \(fmt(qj.varianceJumpMean))")
            }
            if let sd = j.logJumpVolatility { shared.append("log_jump_vol \(fmt(sd.value)) (\(se(sd)); Q \(fmt(qj.logJumpVolatility)))") }
        } else {
            notes.append("the market has no jumps block, so the jump estimates (\(fmt(j.intensity.value)) per year) are not written: P jumps need Q jumps.")
        }
        var header = ["", "# real_world: estimated by alvh calibrate history (\(all.factors.count) factor\(all.factors.count == 1 ? "" : "s"), \(window), \(all.transitions) daily transitions);",
                      "# the Q part above is \(market.source) " + (sharedWritten ? "with the estimated sigma_i, rho_i (shared by P and Q); its state and drift were fitted with the old ones." : "unchanged.")
                        + " Estimated but not written (the schema shares them with Q):"]
        header += shared.map { "#   " + $0 }
        header += notes.map { "# note: " + $0 }
        let text = kept.joined(separator: "\n") + "\n" + header.joined(separator: "\n") + "\nreal_world:\n" + block.joined(separator: "\n") + "\n"
        do {
            _ = try MarketModel(yaml: text, file: "<calibrated market>")
        } catch {
            throw .marketYAML(reason: error.description)
        }
        return (text, notes)
    }
}
