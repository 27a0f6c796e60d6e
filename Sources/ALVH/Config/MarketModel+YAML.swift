import Foundation

extension MarketModel {
    /// Allowed ranges of the market YAML (DESIGN section 8). Wide enough for any plausible index market, narrow
    /// enough to catch unit mistakes (a volatility of 20 for 0.20, a rate in percent).
    public enum Ranges {
        public static let spot = NumberRange.aboveUpTo(0, 1e7)
        public static let rate = NumberRange.closed(-0.1, 0.5)
        public static let dividendYield = NumberRange.closed(0, 0.2)
        public static let variance = NumberRange.closed(0, 4)
        public static let vix = NumberRange.aboveUpTo(0, 300)
        public static let kappa = NumberRange.aboveUpTo(0, 50)
        public static let theta = NumberRange.aboveUpTo(0, 4)
        public static let sigma = NumberRange.aboveUpTo(0, 10)
        public static let rho = NumberRange.open(-1, 1)
        public static let intensity = NumberRange.aboveUpTo(0, 100)
        public static let meanLogJump = NumberRange.closed(-1, 1)
        public static let logJumpVolatility = NumberRange.closed(0, 1)
        public static let varianceJumpMean = NumberRange.closed(0, 1)
        public static let jumpCorrelation = NumberRange.closed(-20, 20)
        public static let equityDrift = NumberRange.closed(-0.5, 0.5)
    }

    static let topLevelKeys = ["spot", "rate", "dividend_yield", "variance", "vix", "heston", "jumps", "real_world"]
    static let hestonKeys = ["kappa", "theta", "sigma", "rho"]
    static let jumpKeys = ["intensity", "mean_log_jump", "log_jump_vol", "variance_jump_mean", "correlation"]
    static let realWorldKeys = ["equity_drift", "kappa", "theta", "jump_intensity", "mean_log_jump", "variance_jump_mean"]

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

    public init(config root: ConfigMapping) throws(ConfigError) {
        let file = root.file
        try root.rejectUnknownKeys(allowed: MarketModel.topLevelKeys)
        let spot = try root.number("spot", in: Ranges.spot)
        let rate = try root.number("rate", in: Ranges.rate)
        let dividendYield = try root.optionalNumber("dividend_yield", in: Ranges.dividendYield) ?? 0

        let h = try root.mapping("heston", expected: "a mapping with kappa, theta, sigma, rho")
        try h.rejectUnknownKeys(allowed: MarketModel.hestonKeys)
        let heston = HestonParameters(kappa: try h.number("kappa", in: Ranges.kappa),
                                      theta: try h.number("theta", in: Ranges.theta),
                                      sigma: try h.number("sigma", in: Ranges.sigma),
                                      rho: try h.number("rho", in: Ranges.rho))

        var jumps: JumpParameters?
        if let j = try root.optionalMapping("jumps") {
            try j.rejectUnknownKeys(allowed: MarketModel.jumpKeys)
            let parsed = JumpParameters(
                intensity: try j.number("intensity", in: Ranges.intensity),
                meanLogJump: try j.number("mean_log_jump", in: Ranges.meanLogJump),
                logJumpVolatility: try j.optionalNumber("log_jump_vol", in: Ranges.logJumpVolatility) ?? 0,
                varianceJumpMean: try j.optionalNumber("variance_jump_mean", in: Ranges.varianceJumpMean) ?? 0,
                correlation: try j.optionalNumber("correlation", in: Ranges.jumpCorrelation) ?? 0)
            try MarketModel.checkCompensator(parsed, file: file, keyPath: "jumps")
            jumps = parsed
        }
        let q = MeasureDynamics(totalReturnDrift: rate, dividendYield: dividendYield, heston: heston, jumps: jumps)

        var p = q
        if let rw = try root.optionalMapping("real_world") {
            try rw.rejectUnknownKeys(allowed: MarketModel.realWorldKeys)
            p.totalReturnDrift = try rw.optionalNumber("equity_drift", in: Ranges.equityDrift) ?? rate
            p.heston.kappa = try rw.optionalNumber("kappa", in: Ranges.kappa) ?? heston.kappa
            p.heston.theta = try rw.optionalNumber("theta", in: Ranges.theta) ?? heston.theta
            let jumpKeys = ["jump_intensity", "mean_log_jump", "variance_jump_mean"]
            if var pj = jumps {
                pj.intensity = try rw.optionalNumber("jump_intensity", in: Ranges.intensity) ?? pj.intensity
                pj.meanLogJump = try rw.optionalNumber("mean_log_jump", in: Ranges.meanLogJump) ?? pj.meanLogJump
                pj.varianceJumpMean = try rw.optionalNumber("variance_jump_mean", in: Ranges.varianceJumpMean) ?? pj.varianceJumpMean
                try MarketModel.checkCompensator(pj, file: file, keyPath: "real_world")
                p.jumps = pj
            } else if let key = jumpKeys.first(where: rw.contains) {
                throw .invalid(file: file, keyPath: "real_world.\(key)",
                               reason: "jump overrides need a 'jumps' block: jumps under P but not under Q would make the measures inequivalent.")
            }
        }

        let vixFormula = VIXFormula(riskNeutral: q)
        let v0: Double
        switch (try root.optionalNumber("variance", in: Ranges.variance), try root.optionalNumber("vix", in: Ranges.vix)) {
        case (let v?, nil):
            v0 = v
        case (nil, let vix?):
            guard let implied = vixFormula.variance(vix: vix) else {
                throw .outOfRange(file: file, keyPath: "vix", value: NumberRange.format(vix),
                                  allowed: String(format: "[%.4g, 300] for these parameters: the model VIX at v = 0 is 100 sqrt(B) = %.4g", vixFormula.minimumVIX, vixFormula.minimumVIX))
            }
            v0 = implied
        case (.some, .some):
            throw .invalid(file: file, keyPath: "variance", reason: "give either 'variance' (v0) or 'vix' (model-implied v0), not both.")
        case (nil, nil):
            throw .missingKey(file: file, keyPath: "variance", expected: "v0 in \(Ranges.variance), or 'vix' in \(Ranges.vix) for the model-implied v0")
        }

        var warnings: [String] = []
        func checkFeller(_ h: HestonParameters, _ where_: String) {
            let ratio = h.fellerRatio
            if ratio < 1 {
                warnings.append("\(file): \(where_): the Feller condition fails (2 kappa theta / sigma^2 = "
                    + String(format: "%.3g", ratio)
                    + " < 1), so the variance can reach zero; QE handles this, full-truncation Euler truncates it.")
            }
        }
        checkFeller(q.heston, "heston")
        if p.heston != q.heston { checkFeller(p.heston, "real_world") }
        self.init(spot: spot, rate: rate, dividendYield: dividendYield, initialVariance: v0,
                  riskNeutral: q, realWorld: p, warnings: warnings)
    }

    static func checkCompensator(_ jumps: JumpParameters, file: String, keyPath: String) throws(ConfigError) {
        if jumps.correlation * jumps.varianceJumpMean >= 1 {
            throw .invalid(file: file, keyPath: "\(keyPath).correlation",
                           reason: "correlation x variance_jump_mean = \(jumps.correlation * jumps.varianceJumpMean) must be < 1 (otherwise E[e^J] is infinite).")
        }
    }
}
