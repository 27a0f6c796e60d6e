extension HedgeLayout {
    public enum Ranges {
        public static let notional = NumberRange.aboveUpTo(0, 1e13)
        public static let beta = NumberRange.closed(-5, 5)
        public static let premium = NumberRange.closed(0, 0.5)
        public static let halfSpread = NumberRange.closed(0, 1000)
        public static let expiryDays = NumberRange.closed(1, 7560)
        public static let weight = NumberRange.closed(0, 1)
        public static let absolute = NumberRange.aboveUpTo(0, 1e7)
        public static let moneyness = NumberRange.closed(0.05, 5)
        public static let pointsOverFuture = NumberRange.closed(-50, 200)
        public static let percentOverFuture = NumberRange.closed(-90, 500)
        public static let delta = NumberRange.open(-1, 0)
    }

    static let topLevelKeys = ["name", "portfolio", "budget", "layers", "adaptive"]
    static let layerKeys = ["name", "group", "instrument", "expiry_days", "strike", "upper_strike", "weight"]

    /// Reads a layout file (schema: `configs/layouts/alvh-442.yaml`).
    public static func load(path: String) throws(ConfigError) -> HedgeLayout {
        try HedgeLayout(config: ConfigMapping.load(path: path))
    }

    /// Reads the layouts of one run, in order; none given: the default comparison (`embeddedComparison`).
    /// - Throws: `ConfigError` for a bad file, or two layouts with one name (names label every row and column of the
    ///   outputs).
    public static func loadRun(paths: [String]) throws(ConfigError) -> [HedgeLayout] {
        var loaded: [HedgeLayout] = []
        for path in paths {
            let layout = try load(path: path)
            if let other = loaded.first(where: { $0.name == layout.name }) {
                throw .invalid(file: path, keyPath: "name",
                               reason: "'\(layout.name)' is also the name of \(other.source); layouts in one run need different names (they label the outputs).")
            }
            loaded.append(layout)
        }
        return loaded.isEmpty ? embeddedComparison() : loaded
    }

    public init(yaml: String, file: String) throws(ConfigError) {
        try self.init(config: ConfigMapping.parse(yaml: yaml, file: file))
    }

    /// The embedded default, the ALVH 4/4/2 (identical to `configs/layouts/alvh-442.yaml`).
    public static func embeddedDefault() -> HedgeLayout {
        do { return try HedgeLayout(yaml: EmbeddedConfigs.defaultLayout, file: "<embedded alvh-442 layout>") }
        catch { preconditionFailure("the embedded default layout does not parse: \(error)") }
    }

    /// The layouts `alvh compare` uses without arguments: unhedged, single-vix-call, alvh-442 (embedded copies of
    /// the files in configs/layouts/).
    public static func embeddedComparison() -> [HedgeLayout] {
        [(EmbeddedConfigs.unhedgedLayout, "unhedged"), (EmbeddedConfigs.singleVIXCallLayout, "single-vix-call"),
         (EmbeddedConfigs.defaultLayout, "alvh-442")].map { text, name in
            do { return try HedgeLayout(yaml: text, file: "<embedded \(name) layout>") }
            catch { preconditionFailure("the embedded \(name) layout does not parse: \(error)") }
        }
    }

    public init(config root: ConfigMapping) throws(ConfigError) {
        let file = root.file
        try root.rejectUnknownKeys(allowed: HedgeLayout.topLevelKeys)
        let name = try root.string("name")
        let p = try root.mapping("portfolio", expected: "a mapping with notional and beta")
        try p.rejectUnknownKeys(allowed: ["notional", "beta"])
        let portfolio = Portfolio(notional: try p.number("notional", in: Ranges.notional),
                                  beta: try p.optionalNumber("beta", in: Ranges.beta) ?? 1)
        let b = try root.mapping("budget", expected: "a mapping with premium, half_spread, integer_contracts, accept_tiny_prices")
        try b.rejectUnknownKeys(allowed: ["premium", "half_spread", "integer_contracts", "accept_tiny_prices"])
        var halfSpreads: [HedgeInstrument: Double] = [:]
        if let h = try b.optionalMapping("half_spread") {
            try h.rejectUnknownKeys(allowed: HedgeInstrument.allCases.map(\.rawValue))
            for instrument in HedgeInstrument.allCases {
                if let value = try h.optionalNumber(instrument.rawValue, in: Ranges.halfSpread) { halfSpreads[instrument] = value }
            }
        }
        let adaptiveSection = try root.optionalMapping("adaptive")
        // The adaptive book spends adaptive.budget_per_year as layers open and roll; a t0 premium has no meaning there.
        if adaptiveSection != nil, b.contains("premium") {
            throw .invalid(file: file, keyPath: "budget.premium", reason: "an adaptive layout spends adaptive.budget_per_year as layers open and roll; remove budget.premium.")
        }
        let premium = adaptiveSection == nil ? try b.number("premium", in: Ranges.premium) : 0
        let budget = Budget(premium: premium, halfSpreads: halfSpreads,
                            integerContracts: try b.optionalBool("integer_contracts") ?? false,
                            acceptTinyPrices: try b.optionalBool("accept_tiny_prices") ?? false)

        var layers: [HedgeLayer] = []
        for l in try root.mappingList("layers", expected: "the hedge layers; [] for none") {
            try l.rejectUnknownKeys(allowed: HedgeLayout.layerKeys)
            let instrument = HedgeInstrument(rawValue: try l.string("instrument", allowed: HedgeInstrument.allCases.map(\.rawValue)))!
            let expiry = try l.number("expiry_days", in: Ranges.expiryDays)
            if expiry != expiry.rounded() {
                throw .invalid(file: file, keyPath: "\(l.keyPath).expiry_days", reason: "\(expiry) is not a whole number of trading days.")
            }
            let layer = HedgeLayer(
                name: try l.string("name"),
                group: LayerGroup(rawValue: try l.string("group", allowed: LayerGroup.allCases.map(\.rawValue)))!,
                instrument: instrument,
                expiryDays: Int(expiry),
                strike: try HedgeLayout.strikeRule(l, "strike", instrument: instrument),
                upperStrike: try HedgeLayout.strikeRule(l, "upper_strike", instrument: instrument),
                weight: try l.number("weight", in: Ranges.weight))
            if instrument.hasStrike && layer.strike == nil {
                throw .missingKey(file: file, keyPath: "\(l.keyPath).strike", expected: "a strike rule for \(instrument.rawValue): one of \(StrikeRule.keys.joined(separator: ", "))")
            }
            if !instrument.hasStrike && layer.strike != nil {
                throw .invalid(file: file, keyPath: "\(l.keyPath).strike", reason: "\(instrument.rawValue) has no strike.")
            }
            if instrument.isSpread != (layer.upperStrike != nil) {
                throw instrument.isSpread
                    ? .missingKey(file: file, keyPath: "\(l.keyPath).upper_strike", expected: "the upper strike of the \(instrument.rawValue)")
                    : .invalid(file: file, keyPath: "\(l.keyPath).upper_strike", reason: "only spreads have an upper strike.")
            }
            if case .absolute(let lower)? = layer.strike, case .absolute(let upper)? = layer.upperStrike, upper <= lower {
                throw .invalid(file: file, keyPath: "\(l.keyPath).upper_strike",
                               reason: "the upper strike \(NumberRange.format(upper)) must be above the lower strike \(NumberRange.format(lower)).")
            }
            if layers.contains(where: { $0.name == layer.name }) {
                throw .invalid(file: file, keyPath: "\(l.keyPath).name", reason: "layer name '\(layer.name)' is used twice.")
            }
            layers.append(layer)
        }
        if adaptiveSection != nil {
            // Adaptive: a layer's weight is its share of its group (the regime gives the group's share).
            for group in LayerGroup.allCases where layers.contains(where: { $0.group == group }) {
                let total = layers.filter { $0.group == group }.reduce(0) { $0 + $1.weight }
                if abs(total - 1) > 1e-6 {
                    throw .invalid(file: file, keyPath: "layers[*].weight",
                                   reason: "the \(group.rawValue) layers' weights sum to \(total); in an adaptive layout each group's weights sum to 1 (a layer's share of its group).")
                }
            }
        } else {
            let total = layers.reduce(0) { $0 + $1.weight }
            if !layers.isEmpty && abs(total - 1) > 1e-6 {
                throw .invalid(file: file, keyPath: "layers[*].weight",
                               reason: "the weights sum to \(total); they must sum to 1 (each is a share of the premium budget).")
            }
        }
        if layers.isEmpty && (budget.premium > 0 || adaptiveSection != nil) {
            throw adaptiveSection == nil
                ? .invalid(file: file, keyPath: "budget.premium", reason: "a layout without layers spends no premium; set it to 0.")
                : .invalid(file: file, keyPath: "adaptive", reason: "an adaptive layout needs layers to trade.")
        }
        let adaptive = try adaptiveSection.map { a throws(ConfigError) in try AdaptiveRules(config: a, layers: layers) }
        self.init(name: name, portfolio: portfolio, budget: budget, layers: layers, adaptive: adaptive, source: file)
    }

    /// A strike rule: a mapping with exactly one of `StrikeRule.keys`, checked against what the instrument allows.
    static func strikeRule(_ layer: ConfigMapping, _ key: String, instrument: HedgeInstrument) throws(ConfigError) -> StrikeRule? {
        guard let m = try layer.optionalMapping(key) else { return nil }
        try m.rejectUnknownKeys(allowed: StrikeRule.keys)
        guard m.keys.count == 1, let rule = m.keys.first else {
            throw .invalid(file: m.file, keyPath: m.keyPath, reason: "give exactly one strike rule: one of \(StrikeRule.keys.joined(separator: ", ")).")
        }
        let allowedForInstrument: [String] = instrument.onSPX ? ["absolute", "moneyness", "delta"]
            : instrument.onETN ? ["absolute", "moneyness"]
            : ["absolute", "moneyness", "points_over_future", "percent_over_future"]
        guard allowedForInstrument.contains(rule) else {
            throw .invalid(file: m.file, keyPath: "\(m.keyPath).\(rule)",
                           reason: "not a strike rule for \(instrument.rawValue); allowed: \(allowedForInstrument.joined(separator: ", ")).")
        }
        switch rule {
        case "absolute": return .absolute(try m.number(rule, in: Ranges.absolute))
        case "moneyness": return .moneyness(try m.number(rule, in: Ranges.moneyness))
        case "points_over_future": return .pointsOverFuture(try m.number(rule, in: Ranges.pointsOverFuture))
        case "percent_over_future": return .percentOverFuture(try m.number(rule, in: Ranges.percentOverFuture))
        default: return .delta(try m.number(rule, in: Ranges.delta))
        }
    }
}
