import Foundation

extension ParameterEstimate {
    var json: JSONValue {
        .object([("estimate", .number(value)), ("standard_error", standardError.map { .number($0) } ?? .null), ("units", .string(units))])
    }
}

extension PhysicalEstimates {
    /// `equity_drift` as alvh's market YAML means it (total return): the price drift plus the market's dividend yield
    /// (the SPX file is a price index), same standard error.
    func equityDrift(dividendYield q: Double) -> ParameterEstimate {
        ParameterEstimate(name: "equity_drift", value: priceDrift.value + q, standardError: priceDrift.standardError, units: "per year")
    }

    /// The report's rows: label and estimate (`nil`: not estimable in this sample).
    func rows(dividendYield q: Double) -> [(label: String, estimate: ParameterEstimate?)] {
        var out: [(String, ParameterEstimate?)] = []
        for (i, f) in factors.enumerated() {
            let prefix = factors.count == 1 ? "" : "factor \(i + 1) "
            out += [(prefix + "kappa", f.kappa), (prefix + "theta", f.theta), (prefix + "sigma", f.sigma), (prefix + "rho", correlations[i])]
        }
        out += [("price drift mu - q", priceDrift), ("equity_drift (+q \(NumberRange.format(q)))", equityDrift(dividendYield: q)),
                ("jump_intensity", jumps.intensity), ("  lambda_0 (at V = 0)", jumps.intensityAtZeroVariance),
                ("  lambda_1 (per unit V)", jumps.intensityPerVariance), ("mean log jump size", jumps.meanLogJump),
                ("log_jump_vol", jumps.logJumpVolatility), ("variance jump mu_v", varianceJumpMean)]
        return out
    }

    func json(dividendYield q: Double) -> JSONValue {
        .object([
            ("transitions", .integer(transitions)),
            ("mean_vix", .number(meanVIX)),
            ("variance_factors", .array(factors.enumerated().map { i, f in
                .object([("kappa", f.kappa.json), ("theta", f.theta.json), ("sigma", f.sigma.json), ("rho", correlations[i].json),
                         ("log_likelihood", .number(f.logLikelihood)), ("converged", .bool(f.converged))])
            })),
            ("price_drift", priceDrift.json),
            ("equity_drift", equityDrift(dividendYield: q).json),
            ("jumps", .object([
                ("threshold_sd", .number(jumps.threshold)),
                ("jump_days", .integer(jumps.count)),
                ("intensity", jumps.intensity.json),
                ("intensity_at_zero_variance", jumps.intensityAtZeroVariance?.json ?? .null),
                ("intensity_per_variance", jumps.intensityPerVariance?.json ?? .null),
                ("mean_log_jump_size", jumps.meanLogJump?.json ?? .null),
                ("log_jump_vol", jumps.logJumpVolatility?.json ?? .null),
                ("variance_jump_mean", varianceJumpMean?.json ?? .null),
            ])),
        ])
    }
}

extension HistoryCalibration {
    /// How the numbers were made, for the report and the JSON.
    public var estimatorText: String { (method == .projection ? Self.projectionText : Self.kalmanText) + Self.commonText }

    static let projectionText = """
        factors read off each day's VIX (and VIX3M) with the market's Q VIX formula, (VIX, VIX3M) pairs outside the \
        model's reach projected onto its edge with the VIX kept exact; per factor kappa, theta, sigma by Gaussian QML on the \
        square-root transition's exact conditional mean and variance (dt = 1/252; Nelder-Mead; sandwich standard errors from \
        the numerical Hessian and per-day scores);
        """

    static let kalmanText = """
        kappa_i, theta_i, sigma_i by the QML Kalman filter: (VIX/100)^2 and (VIX3M/100)^2 affine in (v1, v2) by the market's Q \
        formula plus independent measurement errors (estimated), square-root transitions with their exact conditional \
        mean and variance at the filtered state (dt = 1/252; VIX-only days update on the VIX alone); Nelder-Mead on the \
        logarithms; sandwich standard errors from the numerical Hessian and per-day scores; per VIX band: QML on the filtered factors;
        """

    static let commonText = """
         rho_i = corr(r, factor residual) sqrt(sum V / sum v_i) on \
        non-jump days (jackknife s.e.); price drift = 252 mean(r) + 252 Var(r)/2 (equity_drift adds the market's dividend yield); jumps: days with \
        |r - rbar| > 4 local sds (bipower variation of the 21 returns before), intensity N/years (Poisson s.e.), lambda_0 + lambda_1 V by least squares of the jump \
        indicator on V (White s.e.), sizes = the jump days' log returns, mu_v = mean of the fast factor's QML residual on the jump days
        """

    /// The table: one column (estimate, standard error, units), or with regimes one column per sample, `est (s.e.)`.
    public var text: String {
        let q = market.dividendYield
        var out = "alvh calibrate history: \(factorCount) factor\(factorCount == 1 ? "" : "s") under P, factors filtered with the Q formula of \(market.source)\n"
        out += Self.wrapped(filter.summary, width: 100)
        if let kalman { out += Self.wrapped(kalman.summary, width: 100) }
        out += warnings.map { Self.wrapped("warning: " + $0, width: 100) }.joined()
        out += Self.wrapped("estimator: " + estimatorText, width: 100) + "\n"
        func number(_ x: Double?) -> String {
            guard let x else { return "-" }
            return String(format: "%.4g", x)
        }
        let allRows = all.rows(dividendYield: q)
        if regimes.isEmpty {
            out += "transitions \(all.transitions) (mean VIX \(String(format: "%.1f", all.meanVIX))), jump days \(all.jumps.count)\n"
            out += "parameter".padding(toLength: 32, withPad: " ", startingAt: 0) + "estimate".leftPadded(12) + "s.e.".leftPadded(12) + "   units\n"
            for (label, e) in allRows {
                out += label.padding(toLength: 32, withPad: " ", startingAt: 0) + number(e?.value).leftPadded(12)
                    + number(e?.standardError).leftPadded(12) + "   " + (e?.units ?? "") + "\n"
            }
            return out
        }
        let columns: [(name: String, estimates: PhysicalEstimates?)] = [("all", all)] + regimes.map { ($0.band.name, try? $0.estimates.get()) }
        func cell(_ e: ParameterEstimate?) -> String {
            guard let e else { return "-" }
            return String(format: "%.3g", e.value) + " (" + (e.standardError.map { String(format: "%.2g", $0) } ?? "-") + ")"
        }
        let width = 15
        out += Self.wrapped("regimes by the VIX at the start of each day: " + VIXRegime.all.map { "\($0.name) \($0.label)" }.joined(separator: ", ")
            + "; cells: estimate (s.e.)", width: 100)
        out += "parameter".padding(toLength: 24, withPad: " ", startingAt: 0) + columns.map { $0.name.leftPadded(width) }.joined() + "\n"
        out += "transitions".padding(toLength: 24, withPad: " ", startingAt: 0)
            + columns.map { ($0.estimates.map { "\($0.transitions)" } ?? "-").leftPadded(width) }.joined() + "\n"
        out += "mean VIX".padding(toLength: 24, withPad: " ", startingAt: 0)
            + columns.map { ($0.estimates.map { String(format: "%.1f", $0.meanVIX) } ?? "-").leftPadded(width) }.joined() + "\n"
        for (r, row) in allRows.enumerated() {
            out += row.label.padding(toLength: 24, withPad: " ", startingAt: 0)
            out += columns.map { c in cell(c.estimates.flatMap { $0.rows(dividendYield: q)[r].estimate }).leftPadded(width) }.joined() + "\n"
        }
        for (band, result) in regimes {
            if case .failure(let error) = result { out += "\(band.name): no estimates: \(error.description)\n" }
        }
        return out
    }

    /// The calibration as JSON (the CLI adds `provenance` and `history_data`).
    public var json: JSONValue {
        let q = market.dividendYield
        return .object([
            ("factors", .integer(factorCount)),
            ("q_market", .string(market.source)),
            ("dt_years", .number(PhysicalEstimates.dt)),
            ("method", .string(method.rawValue)),
            ("estimator", .string(estimatorText)),
            ("filter", .object([
                ("floor", .number(FactorFilter.floor)),
                ("days_without_index", .integer(filter.missingDays)),
                ("adjusted_days", .integer(filter.adjustedDays.count)),
                ("adjustment", .string(factorCount == 1 ? "floored" : "projected to the feasible boundary, VIX kept exact")),
                ("vix3m_miss_mean", filter.threeMonthMisses.isEmpty ? .null
                    : .number(filter.threeMonthMisses.reduce(0, +) / Double(filter.threeMonthMisses.count))),
            ])),
            ("kalman_filter", kalman.map { k in
                .object([("days_with_vix_and_vix3m", .integer(k.daysWithBoth)), ("days_with_vix_only", .integer(k.daysWithVIXOnly)),
                         ("measurement_errors", .array(k.measurementErrors.map(\.json))),
                         ("vix3m_rms_miss", .number(k.threeMonthRMSMiss)), ("log_likelihood", .number(k.logLikelihood)),
                         ("converged", .bool(k.converged))])
            } ?? .null),
            ("all", all.json(dividendYield: q)),
            ("regimes", .array(regimes.map { band, result in
                var pairs: [(String, JSONValue)] = [("name", .string(band.name)), ("vix_from", .number(band.range.lowerBound)),
                                                    ("vix_to", band.range.upperBound.isFinite ? .number(band.range.upperBound) : .null)]
                switch result {
                case .success(let e): pairs.append(("estimates", e.json(dividendYield: q)))
                case .failure(let error): pairs.append(("error", .string(error.description)))
                }
                return .object(pairs)
            })),
        ])
    }
}

extension HistoryCalibration {
    /// `text` broken at spaces into lines of at most `width` characters (a longer word stays whole), each ending in a newline.
    static func wrapped(_ text: String, width: Int) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = "  " + word
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { $0 + "\n" }.joined()
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
