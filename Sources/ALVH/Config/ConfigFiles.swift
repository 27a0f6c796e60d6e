/// The kinds of config file alvh reads, recognised by their top-level keys.
public enum ConfigKind: String, Sendable {
    case market
    case layout
    case scenario
}

public enum ConfigFiles {
    /// Parses and validates one config file of any kind; returns its kind and the warnings it raised. A layout is
    /// also booked against `market` (strikes resolved, prices checked), so that `alvh validate` refuses exactly what
    /// `alvh simulate` with that market would.
    public static func validate(path: String, market: MarketModel = .embeddedDefault()) throws(ConfigError) -> (kind: ConfigKind, warnings: [String]) {
        let root = try ConfigMapping.load(path: path)
        if root.contains("heston") || root.contains("spot") || root.contains("variance_factors") {
            let market = try MarketModel(config: root)
            return (.market, market.allWarnings)
        }
        if root.contains("layers") || root.contains("budget") {
            let layout = try HedgeLayout(config: root)
            if layout.adaptive != nil {
                try AdaptiveBook.checkHoldable(layout)
            } else {
                _ = try StaticBook(layout: layout, model: market, horizonDays: 63)
            }
            return (.layout, [])
        }
        if root.contains("shocks") || root.contains("horizon_days") {
            // A scenario is also checked against `market` (start VIX above the model's floor, windows' mean reversion).
            _ = try StressScenario(config: root).centralPath(model: market)
            return (.scenario, [])
        }
        throw .invalid(file: path, keyPath: "(top level)",
                       reason: "not a config alvh knows: a market has 'spot', 'rate' and 'heston' (configs/markets/default.yaml), a layout has 'budget' and 'layers' (configs/layouts/alvh-442.yaml), a scenario has 'horizon_days' and 'shocks' (configs/scenarios/mar-2020.yaml).")
    }
}
