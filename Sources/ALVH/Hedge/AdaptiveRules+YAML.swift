extension AdaptiveRules {
    public enum Ranges {
        public static let budgetPerYear = NumberRange.closed(0, 0.5)
        public static let rollDays = NumberRange.closed(0, 1000)
        public static let takeProfitMultiple = NumberRange.aboveUpTo(1, 1000)
        public static let vixBand = NumberRange.closed(0, 1000)
        public static let slopeBand = NumberRange.closed(-1, 10)
        public static let weight = NumberRange.closed(0, 1)
        public static let budgetScale = NumberRange.closed(0, 10)
        public static let period = NumberRange.closed(1, 500)
        public static let rsiLevel = NumberRange.closed(0, 100)
        public static let fraction = NumberRange.closed(0, 1)
        public static let perVIXPoint = NumberRange.closed(0, 100)
    }

    static let keys = ["budget_per_year", "roll_days", "take_profit", "regimes", "macd", "rsi", "half_spread_per_vix_point"]
    static var groupNames: [String] { LayerGroup.allCases.map(\.rawValue) }

    /// Reads the `adaptive:` mapping of a layout and checks it against the layout's layers: groups exist, regime
    /// bands do not overlap and cover every (VIX, slope), weights sum to 1, roll days leave each layer some life.
    init(config a: ConfigMapping, layers: [HedgeLayer]) throws(ConfigError) {
        let file = a.file
        try a.rejectUnknownKeys(allowed: AdaptiveRules.keys)
        budgetPerYear = try a.number("budget_per_year", in: Ranges.budgetPerYear)

        rollDays = [:]
        if let r = try a.optionalMapping("roll_days") {
            try r.rejectUnknownKeys(allowed: AdaptiveRules.groupNames)
            for group in LayerGroup.allCases {
                guard let days = try r.optionalNumber(group.rawValue, in: Ranges.rollDays) else { continue }
                guard days == days.rounded() else {
                    throw .invalid(file: file, keyPath: "\(r.keyPath).\(group.rawValue)", reason: "\(days) is not a whole number of trading days.")
                }
                if let layer = layers.first(where: { $0.group == group && $0.expiryDays <= Int(days) }) {
                    throw .invalid(file: file, keyPath: "\(r.keyPath).\(group.rawValue)",
                                   reason: "\(Int(days)) roll days leave layer '\(layer.name)' (expiry_days \(layer.expiryDays)) no life; allowed: below every expiry_days of the group.")
                }
                rollDays[group] = Int(days)
            }
        }

        if let t = try a.optionalMapping("take_profit") {
            try t.rejectUnknownKeys(allowed: ["multiple", "redeploy_to"])
            takeProfit = TakeProfitRule(multiple: try t.number("multiple", in: Ranges.takeProfitMultiple),
                                        redeployTo: try AdaptiveRules.group(t, "redeploy_to", layers: layers))
        } else {
            takeProfit = nil
        }

        regimes = []
        var level: RegimeLevel?
        for r in try a.mappingList("regimes", expected: "the volatility regimes, each with name, vix (or future) band and group weights") {
            try r.rejectUnknownKeys(allowed: ["name", "vix", "future", "slope", "weights", "budget_scale"])
            if r.contains("vix") && r.contains("future") {
                throw .invalid(file: file, keyPath: "\(r.keyPath).future", reason: "a regime bands either the VIX or the 1-month future, not both.")
            }
            let key = r.contains("future") ? RegimeLevel.future : r.contains("vix") ? RegimeLevel.vix : nil
            if let key, let level, key != level {
                throw .invalid(file: file, keyPath: "\(r.keyPath).\(key.rawValue)",
                               reason: "the regimes band the \(level.rawValue == "vix" ? "VIX" : "1-month future"); every regime of a layout bands the same one.")
            }
            level = level ?? key
            let vix = try r.optionalBand(key?.rawValue ?? "vix", in: Ranges.vixBand) ?? (0, .infinity)
            let slope = try r.optionalBand("slope", in: Ranges.slopeBand) ?? (-.infinity, .infinity)
            let w = try r.mapping("weights", expected: "the groups' shares of the budget in this regime, summing to 1")
            try w.rejectUnknownKeys(allowed: AdaptiveRules.groupNames)
            var weights: [LayerGroup: Double] = [:]
            for group in LayerGroup.allCases {
                guard let value = try w.optionalNumber(group.rawValue, in: Ranges.weight) else { continue }
                if value > 0 && !layers.contains(where: { $0.group == group }) {
                    throw .invalid(file: file, keyPath: "\(w.keyPath).\(group.rawValue)",
                                   reason: "the layout has no \(group.rawValue) layer to spend this weight on.")
                }
                weights[group] = value
            }
            let total = LayerGroup.allCases.reduce(0.0) { $0 + (weights[$1] ?? 0) }   // in a fixed order: same bits, same message
            if abs(total - 1) > 1e-6 {
                throw .invalid(file: file, keyPath: w.keyPath, reason: "the weights sum to \(total); they must sum to 1.")
            }
            let regime = Regime(name: try r.string("name"), vix: Band(vix.0, vix.1), slope: Band(slope.0, slope.1), weights: weights,
                                budgetScale: try r.optionalNumber("budget_scale", in: Ranges.budgetScale) ?? 1)
            if let other = regimes.first(where: { $0.vix.overlaps(regime.vix) && $0.slope.overlaps(regime.slope) }) {
                throw .invalid(file: file, keyPath: "\(r.keyPath)",
                               reason: "regime '\(regime.name)' overlaps regime '\(other.name)' (VIX and slope bands both intersect); every day must fall in exactly one regime.")
            }
            regimes.append(regime)
        }
        levelSource = level ?? .vix
        if regimes.isEmpty {
            throw .invalid(file: file, keyPath: "\(a.keyPath).regimes", reason: "give at least one regime (one with no bands covers every day).")
        }
        if let gap = AdaptiveRules.uncovered(regimes) {
            throw .invalid(file: file, keyPath: "\(a.keyPath).regimes",
                           reason: "no regime covers VIX \(NumberRange.format(gap.vix)) with curve slope \(gap.slope); the bands must cover VIX [0, .inf) and slope (-.inf, .inf).")
        }

        macd = nil
        if let m = try a.optionalMapping("macd") {
            try m.rejectUnknownKeys(allowed: ["fast", "slow", "signal", "shift"])
            let p = MACDParameters(fast: try AdaptiveRules.period(m, "fast", default: 12), slow: try AdaptiveRules.period(m, "slow", default: 26),
                                   signal: try AdaptiveRules.period(m, "signal", default: 9))
            guard p.fast < p.slow else {
                throw .invalid(file: file, keyPath: "\(m.keyPath).fast", reason: "the fast period \(p.fast) must be shorter than the slow one \(p.slow).")
            }
            macd = MACDSignal(parameters: p, shift: try AdaptiveRules.shift(m.mapping("shift", expected: "from, to and fraction"), layers: layers))
        }
        rsi = nil
        if let s = try a.optionalMapping("rsi") {
            try s.rejectUnknownKeys(allowed: ["period", "oversold", "overbought", "when_oversold", "when_overbought"])
            let p = RSIParameters(period: try AdaptiveRules.period(s, "period", default: 14),
                                  oversold: try s.optionalNumber("oversold", in: Ranges.rsiLevel) ?? 30,
                                  overbought: try s.optionalNumber("overbought", in: Ranges.rsiLevel) ?? 70)
            guard p.oversold < p.overbought else {
                throw .invalid(file: file, keyPath: "\(s.keyPath).oversold", reason: "oversold \(p.oversold) must be below overbought \(p.overbought).")
            }
            let low = try s.optionalMapping("when_oversold"), high = try s.optionalMapping("when_overbought")
            if low == nil && high == nil {
                throw .missingKey(file: file, keyPath: "\(s.keyPath).when_oversold", expected: "what the signal does: when_oversold and/or when_overbought")
            }
            rsi = RSISignal(parameters: p, whenOversold: try low.map { m throws(ConfigError) in try AdaptiveRules.shift(m, layers: layers) },
                            whenOverbought: try high.map { m throws(ConfigError) in try AdaptiveRules.shift(m, layers: layers) })
        }
        var perPoint: [HedgeInstrument: Double] = [:]
        if let h = try a.optionalMapping("half_spread_per_vix_point") {
            try h.rejectUnknownKeys(allowed: HedgeInstrument.allCases.map(\.rawValue))
            for instrument in HedgeInstrument.allCases {
                if let value = try h.optionalNumber(instrument.rawValue, in: Ranges.perVIXPoint) { perPoint[instrument] = value }
            }
        }
        costs = TradingCosts(halfSpreadPerVIXPoint: perPoint)
    }

    static func group(_ m: ConfigMapping, _ key: String, layers: [HedgeLayer]) throws(ConfigError) -> LayerGroup {
        let group = LayerGroup(rawValue: try m.string(key, allowed: groupNames))!
        guard layers.contains(where: { $0.group == group }) else {
            throw .invalid(file: m.file, keyPath: "\(m.keyPath).\(key)", reason: "the layout has no \(group.rawValue) layer.")
        }
        return group
    }

    static func period(_ m: ConfigMapping, _ key: String, default value: Int) throws(ConfigError) -> Int {
        guard let days = try m.optionalNumber(key, in: Ranges.period) else { return value }
        guard days == days.rounded() else {
            throw .invalid(file: m.file, keyPath: "\(m.keyPath).\(key)", reason: "\(days) is not a whole number of trading days.")
        }
        return Int(days)
    }

    static func shift(_ m: ConfigMapping, layers: [HedgeLayer]) throws(ConfigError) -> WeightShift {
        try m.rejectUnknownKeys(allowed: ["from", "to", "fraction"])
        let shift = WeightShift(from: try group(m, "from", layers: layers), to: try group(m, "to", layers: layers),
                                fraction: try m.number("fraction", in: Ranges.fraction))
        guard shift.from != shift.to else {
            throw .invalid(file: m.file, keyPath: "\(m.keyPath).to", reason: "a shift moves weight between two different groups.")
        }
        return shift
    }

    /// A (VIX, slope) point no regime covers, searched on a grid finer than any sensible band (VIX 0 to 200 by
    /// 0.05 and the band ends themselves; slope -0.99 to 2 by 0.005 and the band ends), or nil.
    static func uncovered(_ regimes: [Regime]) -> (vix: Double, slope: Double)? {
        var vixes = stride(from: 0.0, through: 200, by: 0.05).map { $0 }
        var slopes = stride(from: -0.99, through: 2, by: 0.005).map { $0 }
        for r in regimes {
            vixes += [r.vix.lower, r.vix.upper].filter(\.isFinite)
            slopes += [r.slope.lower, r.slope.upper].filter(\.isFinite)
        }
        vixes.append(1e6)
        slopes += [-1e6, 1e6]
        for v in vixes where v >= 0 {
            let candidates = regimes.filter { $0.vix.contains(v) }
            for s in slopes where !candidates.contains(where: { $0.slope.contains(s) }) { return (v, s) }
        }
        return nil
    }
}
