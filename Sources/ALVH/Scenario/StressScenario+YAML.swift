extension StressScenario {
    public enum Ranges {
        public static let horizonDays = NumberRange.closed(1, 1260)
        public static let vix = NumberRange.closed(5, 200)
        public static let vixPoints = NumberRange.closed(-100, 150)
        public static let spxPercent = NumberRange.open(-100, 100)
        public static let priorDrawdown = NumberRange.closed(0, 95)
        public static let jumpMultiple = NumberRange.closed(0, 100)
        public static let kappa = NumberRange.aboveUpTo(0, 200)
        public static let theta = NumberRange.aboveUpTo(0, 4)
        public static let equityDrift = NumberRange.closed(-5, 5)
        public static let drawdownPercent = NumberRange.closed(0, 100)
    }

    static let topLevelKeys = ["name", "description", "horizon_days", "start", "shocks", "overrides", "recorded"]
    static let shockKeys = ["day", "spx_percent", "vix", "vix_points"]
    static let overrideKeys = ["from_day", "to_day", "jump_intensity_multiple", "kappa", "theta", "equity_drift"]

    /// Reads a scenario file (schema: `configs/scenarios/mar-2020.yaml`).
    public static func load(path: String) throws(ConfigError) -> StressScenario {
        try StressScenario(config: ConfigMapping.load(path: path))
    }

    public init(yaml: String, file: String) throws(ConfigError) {
        try self.init(config: ConfigMapping.parse(yaml: yaml, file: file))
    }

    /// The shipped crisis templates (embedded copies of `configs/scenarios/*.yaml`), in date order.
    public static func templates() -> [StressScenario] {
        EmbeddedConfigs.scenarioTemplates.map { name, text in
            do { return try StressScenario(yaml: text, file: "<template \(name)>") }
            catch { preconditionFailure("the embedded scenario \(name) does not parse: \(error)") }
        }
    }

    /// A whole number of days in `range`.
    static func day(_ m: ConfigMapping, _ key: String, in range: NumberRange) throws(ConfigError) -> Int {
        let x = try m.number(key, in: range)
        guard x == x.rounded() else { throw .outOfRange(file: m.file, keyPath: m.path(key), value: "\(x)", allowed: "a whole number in \(range)") }
        return Int(x)
    }

    public init(config root: ConfigMapping) throws(ConfigError) {
        let file = root.file
        try root.rejectUnknownKeys(allowed: Self.topLevelKeys)
        let name = try root.string("name")
        let horizon = try Self.day(root, "horizon_days", in: Ranges.horizonDays)
        let dayRange = NumberRange.closed(1, Double(horizon))
        var startVIX: Double?, prior = 0.0
        if let s = try root.optionalMapping("start") {
            try s.rejectUnknownKeys(allowed: ["vix", "spx_below_high_percent"])
            startVIX = try s.optionalNumber("vix", in: Ranges.vix)
            prior = try s.optionalNumber("spx_below_high_percent", in: Ranges.priorDrawdown) ?? 0
        }
        var shocks: [Shock] = []
        for m in try root.mappingList("shocks", expected: "shocks: day, spx_percent, vix or vix_points") {
            try m.rejectUnknownKeys(allowed: Self.shockKeys)
            let level = try m.optionalNumber("vix", in: Ranges.vix), points = try m.optionalNumber("vix_points", in: Ranges.vixPoints)
            if level != nil && points != nil {
                throw .invalid(file: file, keyPath: m.keyPath, reason: "give vix (a level) or vix_points (a move), not both.")
            }
            let spx = try m.optionalNumber("spx_percent", in: Ranges.spxPercent) ?? 0
            if spx == 0 && level == nil && points == nil {
                throw .invalid(file: file, keyPath: m.keyPath, reason: "a shock needs spx_percent, vix or vix_points.")
            }
            shocks.append(Shock(day: try Self.day(m, "day", in: dayRange), spxPercent: spx, vixLevel: level, vixPoints: points))
        }
        var overrides: [Override] = []
        if root.contains("overrides") {
            for m in try root.mappingList("overrides", expected: "windows: from_day, to_day and parameters") {
                try m.rejectUnknownKeys(allowed: Self.overrideKeys)
                let from = try Self.day(m, "from_day", in: dayRange), to = try Self.day(m, "to_day", in: dayRange)
                guard to >= from else {
                    throw .invalid(file: file, keyPath: m.path("to_day"), reason: "\(to) is before from_day \(from).")
                }
                if let other = overrides.first(where: { $0.fromDay <= to && from <= $0.toDay }) {
                    throw .invalid(file: file, keyPath: m.keyPath,
                                   reason: "days \(from) ... \(to) overlap the window \(other.fromDay) ... \(other.toDay); windows may not overlap.")
                }
                let o = Override(fromDay: from, toDay: to,
                                 jumpIntensityMultiple: try m.optionalNumber("jump_intensity_multiple", in: Ranges.jumpMultiple),
                                 kappa: try m.optionalNumber("kappa", in: Ranges.kappa), theta: try m.optionalNumber("theta", in: Ranges.theta),
                                 equityDrift: try m.optionalNumber("equity_drift", in: Ranges.equityDrift))
                if o.jumpIntensityMultiple == nil && o.kappa == nil && o.theta == nil && o.equityDrift == nil {
                    throw .invalid(file: file, keyPath: m.keyPath,
                                   reason: "a window needs at least one of jump_intensity_multiple, kappa, theta, equity_drift.")
                }
                overrides.append(o)
            }
        }
        var recorded: Recorded?
        if let r = try root.optionalMapping("recorded") {
            try r.rejectUnknownKeys(allowed: ["spx_drawdown_percent", "drawdown_day", "vix_peak"])
            recorded = Recorded(spxDrawdownPercent: try r.optionalNumber("spx_drawdown_percent", in: Ranges.drawdownPercent),
                                drawdownDay: r.contains("drawdown_day") ? try Self.day(r, "drawdown_day", in: dayRange) : nil,
                                vixPeak: try r.optionalNumber("vix_peak", in: Ranges.vix))
        }
        self.init(name: name, description: try root.optionalString("description") ?? "", source: file, horizonDays: horizon,
                  startVIX: startVIX, priorDrawdownPercent: prior, shocks: shocks.sorted { $0.day < $1.day }, overrides: overrides,
                  recorded: recorded)
    }
}
