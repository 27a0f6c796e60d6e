import Foundation

extension MarketModel {
    /// Allowed ranges of the market YAML (DESIGN section 8). Wide enough for any plausible index market, narrow
    /// enough to catch unit mistakes (a volatility of 20 for 0.20, a rate in percent) and to keep the numerics
    /// finite: kappa, theta and sigma have floors (a kappa or sigma of 1e-308 overflows the schemes' coefficients;
    /// found by the config fuzz tests), spot is at least 1 index point.
    public enum Ranges {
        public static let spot = NumberRange.closed(1, 1e7)
        public static let rate = NumberRange.closed(-0.1, 0.5)
        public static let dividendYield = NumberRange.closed(0, 0.2)
        public static let variance = NumberRange.closed(0, 4)
        public static let vix = NumberRange.aboveUpTo(0, 300)
        public static let kappa = NumberRange.closed(0.001, 50)
        public static let theta = NumberRange.closed(1e-6, 4)
        public static let sigma = NumberRange.closed(0.001, 10)
        public static let rho = NumberRange.open(-1, 1)
        public static let intensity = NumberRange.aboveUpTo(0, 100)
        public static let intensityPerVariance = NumberRange.closed(0, 1000)
        public static let meanLogJump = NumberRange.closed(-1, 1)
        public static let logJumpVolatility = NumberRange.closed(0, 1)
        public static let varianceJumpMean = NumberRange.closed(0, 1)
        public static let jumpCorrelation = NumberRange.closed(-20, 20)
        public static let equityDrift = NumberRange.closed(-0.5, 0.5)
        /// `eta` of `mu_t = mu + eta (V_t - Vbar)`: the literature's estimates are 0 to about 5 (Pan 2002: about 3.6).
        public static let equityPremiumPerVariance = NumberRange.closed(-10, 10)
    }

    static let topLevelKeys = ["spot", "rate", "dividend_yield", "variance", "vix", "heston", "variance_factors", "initial",
                               "driver_correlation", "jumps", "real_world"]
    static let hestonKeys = ["kappa", "theta", "sigma", "rho"]
    static let factorKeys = ["kappa", "theta", "sigma", "rho", "variance"]
    static let initialKeys = ["vix", "vix3m"]
    static let jumpKeys = ["intensity", "intensity_per_variance", "mean_log_jump", "log_jump_vol", "variance_jump_mean", "correlation"]
    static let realWorldKeys = ["equity_drift", "kappa", "theta", "variance_factors", "jump_intensity", "intensity_per_variance",
                                "mean_log_jump", "variance_jump_mean", "equity_premium_per_variance"]
    static let realWorldFactorKeys = ["kappa", "theta"]

    /// Reads a market file (see `configs/markets/default.yaml` for the documented schema).
    public static func load(path: String) throws(ConfigError) -> MarketModel {
        try MarketModel(config: ConfigMapping.load(path: path))
    }

    /// Parses market YAML text; `file` names it in errors.
    public init(yaml: String, file: String) throws(ConfigError) {
        try self.init(config: ConfigMapping.parse(yaml: yaml, file: file))
    }

    /// The embedded default market (identical to `configs/markets/default.yaml`).
    public static func embeddedDefault() -> MarketModel {
        do {
            return try MarketModel(yaml: EmbeddedConfigs.defaultMarket, file: "<embedded default market>")
        } catch {
            preconditionFailure("the embedded default market does not parse: \(error)")
        }
    }

    /// Two forms (DESIGN section 8): one factor, `heston:` with `variance:` or `vix:`; or `variance_factors:` (one or two
    /// entries, the first the fast one) with each entry's `variance:` or `initial: {vix, vix3m}`.
    public init(config root: ConfigMapping) throws(ConfigError) {
        let file = root.file
        try root.rejectUnknownKeys(allowed: MarketModel.topLevelKeys)
        let spot = try root.number("spot", in: Ranges.spot)
        let rate = try root.number("rate", in: Ranges.rate)
        let dividendYield = try root.optionalNumber("dividend_yield", in: Ranges.dividendYield) ?? 0

        // Variance factors and any per-factor initial variances.
        var factors: [HestonParameters] = []
        var factorVariances: [Double?] = []
        let factorForm = root.contains("variance_factors")
        if factorForm {
            for key in ["heston", "variance", "vix"] where root.contains(key) {
                throw .invalid(file: file, keyPath: key, reason: "give either 'heston' (one factor) or 'variance_factors', not both; with 'variance_factors' the initial state is each factor's 'variance' or 'initial: {vix, vix3m}'.")
            }
            let list = try root.mappingList("variance_factors", expected: "one or two mappings with kappa, theta, sigma, rho and optionally variance")
            guard (1...2).contains(list.count) else {
                throw .outOfRange(file: file, keyPath: "variance_factors", value: "\(list.count) entries", allowed: "1 or 2 entries (fast factor first)")
            }
            for f in list {
                try f.rejectUnknownKeys(allowed: MarketModel.factorKeys)
                factors.append(try MarketModel.hestonParameters(f))
                factorVariances.append(try f.optionalNumber("variance", in: Ranges.variance))
            }
        } else {
            if root.contains("initial") {
                throw .invalid(file: file, keyPath: "initial", reason: "'initial' goes with 'variance_factors'; with 'heston' give 'variance' or 'vix'.")
            }
            if root.contains("driver_correlation") {
                throw .invalid(file: file, keyPath: "driver_correlation", reason: "a driver correlation matrix needs two 'variance_factors'; one factor has only heston.rho.")
            }
            let h = try root.mapping("heston", expected: "a mapping with kappa, theta, sigma, rho (or 'variance_factors' for the factor form)")
            try h.rejectUnknownKeys(allowed: MarketModel.hestonKeys)
            factors = [try MarketModel.hestonParameters(h)]
        }

        var jumps: JumpParameters?
        if let j = try root.optionalMapping("jumps") {
            try j.rejectUnknownKeys(allowed: MarketModel.jumpKeys)
            let parsed = JumpParameters(
                intensity: try j.number("intensity", in: Ranges.intensity),
                meanLogJump: try j.number("mean_log_jump", in: Ranges.meanLogJump),
                logJumpVolatility: try j.optionalNumber("log_jump_vol", in: Ranges.logJumpVolatility) ?? 0,
                varianceJumpMean: try j.optionalNumber("variance_jump_mean", in: Ranges.varianceJumpMean) ?? 0,
                correlation: try j.optionalNumber("correlation", in: Ranges.jumpCorrelation) ?? 0,
                intensityPerVariance: try j.optionalNumber("intensity_per_variance", in: Ranges.intensityPerVariance) ?? 0)
            try MarketModel.checkCompensator(parsed, file: file, keyPath: "jumps")
            jumps = parsed
        }

        var correlation: Matrix?
        if let rows = try root.optionalNumberMatrix("driver_correlation", order: 4, in: .closed(-1, 1)) {
            guard factors.count == 2 else {
                throw .invalid(file: file, keyPath: "driver_correlation", reason: "the 4 x 4 driver correlation [W_1, B_1, W_2, B_2] needs two variance factors.")
            }
            correlation = try MarketModel.driverCorrelation(rows, factors: factors, file: file)
        }
        let q = MeasureDynamics(totalReturnDrift: rate, dividendYield: dividendYield, factors: factors, jumps: jumps,
                                driverCorrelation: correlation)
        try MarketModel.checkStationary(q, file: file, keyPath: "jumps.intensity_per_variance")
        try MarketModel.checkVIXFloor(q, file: file, keyPath: jumps == nil ? (factorForm ? "variance_factors" : "heston") : "jumps")

        var p = q
        if let rw = try root.optionalMapping("real_world") {
            try rw.rejectUnknownKeys(allowed: MarketModel.realWorldKeys)
            p.totalReturnDrift = try rw.optionalNumber("equity_drift", in: Ranges.equityDrift) ?? rate
            p.equityPremiumPerVariance = try rw.optionalNumber("equity_premium_per_variance", in: Ranges.equityPremiumPerVariance) ?? 0
            if factorForm {
                for key in ["kappa", "theta"] where rw.contains(key) {
                    throw .invalid(file: file, keyPath: "real_world.\(key)", reason: "with 'variance_factors' give P overrides per factor: real_world.variance_factors: [{kappa, theta}, ...].")
                }
                if rw.contains("variance_factors") {
                    let list = try rw.mappingList("variance_factors", expected: "one mapping with kappa and/or theta per factor")
                    guard list.count == factors.count else {
                        throw .outOfRange(file: file, keyPath: "real_world.variance_factors", value: "\(list.count) entries",
                                          allowed: "\(factors.count) (one per entry of variance_factors)")
                    }
                    for (i, f) in list.enumerated() {
                        try f.rejectUnknownKeys(allowed: MarketModel.realWorldFactorKeys)
                        p.factors[i].kappa = try f.optionalNumber("kappa", in: Ranges.kappa) ?? factors[i].kappa
                        p.factors[i].theta = try f.optionalNumber("theta", in: Ranges.theta) ?? factors[i].theta
                    }
                }
            } else {
                if rw.contains("variance_factors") {
                    throw .invalid(file: file, keyPath: "real_world.variance_factors", reason: "per-factor P overrides go with 'variance_factors'; with 'heston' use real_world.kappa and real_world.theta.")
                }
                p.heston.kappa = try rw.optionalNumber("kappa", in: Ranges.kappa) ?? factors[0].kappa
                p.heston.theta = try rw.optionalNumber("theta", in: Ranges.theta) ?? factors[0].theta
            }
            let jumpKeys = ["jump_intensity", "intensity_per_variance", "mean_log_jump", "variance_jump_mean"]
            if var pj = jumps {
                pj.intensity = try rw.optionalNumber("jump_intensity", in: Ranges.intensity) ?? pj.intensity
                pj.intensityPerVariance = try rw.optionalNumber("intensity_per_variance", in: Ranges.intensityPerVariance) ?? pj.intensityPerVariance
                pj.meanLogJump = try rw.optionalNumber("mean_log_jump", in: Ranges.meanLogJump) ?? pj.meanLogJump
                pj.varianceJumpMean = try rw.optionalNumber("variance_jump_mean", in: Ranges.varianceJumpMean) ?? pj.varianceJumpMean
                try MarketModel.checkCompensator(pj, file: file, keyPath: "real_world")
                p.jumps = pj
            } else if let key = jumpKeys.first(where: rw.contains) {
                throw .invalid(file: file, keyPath: "real_world.\(key)",
                               reason: "jump overrides need a 'jumps' block: jumps under P but not under Q would make the measures inequivalent.")
            }
            try MarketModel.checkStationary(p, file: file, keyPath: "real_world.intensity_per_variance")
        }

        let vixFormula = VIXFormula(riskNeutral: q)
        var v0 = 0.0, v20 = 0.0
        if factorForm {
            if let initial = try root.optionalMapping("initial") {
                try initial.rejectUnknownKeys(allowed: MarketModel.initialKeys)
                if factorVariances.contains(where: { $0 != nil }) {
                    throw .invalid(file: file, keyPath: "initial", reason: "give either each factor's 'variance' or 'initial', not both.")
                }
                let vix = try initial.number("vix", in: Ranges.vix)
                if factors.count == 1 {
                    if initial.contains("vix3m") {
                        throw .invalid(file: file, keyPath: "initial.vix3m", reason: "one factor is pinned by the VIX alone; VIX3M needs two variance_factors.")
                    }
                    v0 = try MarketModel.impliedVariance(vix: vix, formula: vixFormula, file: file, keyPath: "initial.vix")
                } else {
                    let vix3m = try initial.number("vix3m", in: Ranges.vix)
                    let threeMonth = VIXFormula(riskNeutral: q, tau: VIXFormula.threeMonthTau)
                    _ = try MarketModel.impliedVariance(vix: vix, formula: vixFormula, file: file, keyPath: "initial.vix")
                    guard let pair = vixFormula.factorVariances(vix: vix, threeMonth: threeMonth, vix3m: vix3m) else {
                        let range = vixFormula.feasibleThreeMonthRange(vix: vix, threeMonth: threeMonth)
                        let allowed = range.map { String(format: "[%.4g, %.4g]", $0.lowerBound, $0.upperBound) } ?? "none"
                        throw .outOfRange(file: file, keyPath: "initial.vix3m", value: NumberRange.format(vix3m),
                                          allowed: "\(allowed) for vix \(NumberRange.format(vix)): no non-negative (v1, v2) reproduces both indices otherwise")
                    }
                    (v0, v20) = pair
                }
            } else {
                for (i, v) in factorVariances.enumerated() where v == nil {
                    throw .missingKey(file: file, keyPath: "variance_factors[\(i)].variance",
                                      expected: "v0 of this factor in \(Ranges.variance), or 'initial: {vix, vix3m}' for both factors")
                }
                v0 = factorVariances[0]!
                v20 = factorVariances.count > 1 ? factorVariances[1]! : 0
            }
        } else {
            switch (try root.optionalNumber("variance", in: Ranges.variance), try root.optionalNumber("vix", in: Ranges.vix)) {
            case (let v?, nil):
                v0 = v
                let vix = vixFormula.vix(variance: v)
                if vix > 300 {
                    throw .outOfRange(file: file, keyPath: "variance", value: NumberRange.format(v),
                                      allowed: String(format: "a variance whose model VIX is at most 300 (this one gives %.4g)", vix))
                }
            case (nil, let vix?):
                v0 = try MarketModel.impliedVariance(vix: vix, formula: vixFormula, file: file, keyPath: "vix")
            case (.some, .some):
                throw .invalid(file: file, keyPath: "variance", reason: "give either 'variance' (v0) or 'vix' (model-implied v0), not both.")
            case (nil, nil):
                throw .missingKey(file: file, keyPath: "variance", expected: "v0 in \(Ranges.variance), or 'vix' in \(Ranges.vix) for the model-implied v0")
            }
        }

        var warnings: [String] = []
        var feller: [FellerWarning] = []
        func checkFeller(_ h: HestonParameters, _ where_: String, _ measure: Measure) {
            let ratio = h.fellerRatio
            if ratio < 1 {
                feller.append(FellerWarning(measure: measure, text: "\(file): \(where_): the Feller condition fails (2 kappa theta / sigma^2 = "
                    + String(format: "%.3g", ratio)
                    + " < 1), so the variance can reach zero; full-truncation Euler truncates it (biased), QE handles it."))
            }
        }
        if let c = correlation, [(0, 2), (0, 3), (1, 2), (1, 3)].contains(where: { c[$0.0, $0.1] != 0 }) {
            warnings.append("\(file): driver_correlation links the two factors: with cross-factor correlations the model is not "
                + "affine, so prices, tables and the VIX formula treat the factors as independent while Euler paths use the full "
                + "matrix (QE refuses it); Q paths will not reprice exactly.")
        }
        for (i, f) in q.factors.enumerated() {
            checkFeller(f, factorForm ? "variance_factors[\(i)]" : "heston", .riskNeutral)
            let pWhere = p.factors[i] != f ? (factorForm ? "real_world.variance_factors[\(i)]" : "real_world") : (factorForm ? "variance_factors[\(i)] (also under P)" : "heston (also under P)")
            checkFeller(p.factors[i], pWhere, .realWorld)
        }
        self.init(spot: spot, rate: rate, dividendYield: dividendYield, initialVariance: v0, initialSecondVariance: v20,
                  riskNeutral: q, realWorld: p, warnings: warnings)
        fellerWarnings = feller
        source = file
    }

    static func hestonParameters(_ h: ConfigMapping) throws(ConfigError) -> HestonParameters {
        HestonParameters(kappa: try h.number("kappa", in: Ranges.kappa),
                         theta: try h.number("theta", in: Ranges.theta),
                         sigma: try h.number("sigma", in: Ranges.sigma),
                         rho: try h.number("rho", in: Ranges.rho))
    }

    /// `((VIX/100)^2 - B) / A` or a range error that says where the model's floor is.
    static func impliedVariance(vix: Double, formula: VIXFormula, file: String, keyPath: String) throws(ConfigError) -> Double {
        guard let implied = formula.variance(vix: vix) else {
            throw .outOfRange(file: file, keyPath: keyPath, value: NumberRange.format(vix),
                              allowed: String(format: "[%.4g, 300] for these parameters: the model VIX at zero variance is 100 sqrt(B) = %.4g", formula.minimumVIX, formula.minimumVIX))
        }
        return implied
    }

    /// The full driver correlation must agree with each factor's `rho` and be positive definite (LAPACK Cholesky;
    /// the error names the smallest eigenvalue).
    static func driverCorrelation(_ rows: [[Double]], factors: [HestonParameters], file: String) throws(ConfigError) -> Matrix {
        let m = Matrix(rows)
        for i in 0..<2 {
            let (w, b) = (2 * i, 2 * i + 1)
            if m[w, b] != factors[i].rho || m[b, w] != factors[i].rho {
                throw .invalid(file: file, keyPath: "driver_correlation[\(w)][\(b)]",
                               reason: "the correlation of W_\(i + 1) and B_\(i + 1) must equal variance_factors[\(i)].rho = \(NumberRange.format(factors[i].rho)) (found \(NumberRange.format(m[w, b])) and \(NumberRange.format(m[b, w]))).")
            }
        }
        do {
            _ = try m.choleskyLower()
        } catch {
            throw .invalid(file: file, keyPath: "driver_correlation", reason: "\(error).")
        }
        return m
    }

    /// `kappa_1 - lambda_1 mu_v > 0`: otherwise the variance jumps, coming faster as variance rises, outrun the mean
    /// reversion of the fast factor and the variance has no stationary mean.
    static func checkStationary(_ d: MeasureDynamics, file: String, keyPath: String) throws(ConfigError) {
        guard let j = d.jumps, j.intensityPerVariance > 0 else { return }
        if d.effectiveFastKappa <= 0 {
            throw .invalid(file: file, keyPath: keyPath,
                           reason: "intensity_per_variance x variance_jump_mean = \(NumberRange.format(j.intensityPerVariance * j.varianceJumpMean)) must be below the first factor's kappa = \(NumberRange.format(d.factors[0].kappa)) (otherwise the variance explodes).")
        }
    }

    /// The jump's mean price factor `E[e^{J_S}] = 1 + mbar` must be finite (`rho_J mu_v < 1`) and at most 2: an
    /// average jump that more than doubles the index drives the compensated drift to minus hundreds per year, the
    /// SPX to 0 on every path and the VIX floor into the thousands.
    static func checkCompensator(_ jumps: JumpParameters, file: String, keyPath: String) throws(ConfigError) {
        let loading = jumps.correlation * jumps.varianceJumpMean
        if loading >= 1 {
            throw .invalid(file: file, keyPath: "\(keyPath).correlation",
                           reason: "correlation x variance_jump_mean = \(NumberRange.format(loading)) must be < 1 (otherwise E[e^J] is infinite).")
        }
        let factor = 1 + jumps.compensator
        if !(factor <= 2) {
            throw .invalid(file: file, keyPath: "\(keyPath).correlation",
                           reason: "with correlation x variance_jump_mean = \(NumberRange.format(loading)) the mean jump factor E[e^J] is "
                               + "\(String(format: "%.3g", factor)); it must be at most 2 (lower the correlation, variance_jump_mean or mean_log_jump).")
        }
    }

    /// The model VIX at zero variance, `100 sqrt(B)`, must stay below 100: above it the jump or mean-reversion terms
    /// alone claim more than 100 % volatility, which no shipped pricer or table range is built for.
    static func checkVIXFloor(_ q: MeasureDynamics, file: String, keyPath: String) throws(ConfigError) {
        let floor = VIXFormula(riskNeutral: q).minimumVIX
        if !(floor < 100) {
            throw .invalid(file: file, keyPath: keyPath,
                           reason: "these parameters put the model VIX floor 100 sqrt(B) at \(String(format: "%.4g", floor)) (B from theta and the jump terms); it must be below 100.")
        }
    }
}
