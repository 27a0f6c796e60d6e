/// The kinds of config file alvh reads, recognised by their top-level keys.
public enum ConfigKind: String, Sendable {
    case market
    case layout
}

public enum ConfigFiles {
    /// Parses and validates one config file of any kind; returns its kind and the warnings it raised.
    public static func validate(path: String) throws(ConfigError) -> (kind: ConfigKind, warnings: [String]) {
        let root = try ConfigMapping.load(path: path)
        if root.contains("heston") || root.contains("spot") {
            let market = try MarketModel(config: root)
            return (.market, market.warnings)
        }
        if root.contains("layers") || root.contains("budget") {
            _ = try HedgeLayout(config: root)
            return (.layout, [])
        }
        throw .invalid(file: path, keyPath: "(top level)",
                       reason: "not a config alvh knows: a market has 'spot', 'rate' and 'heston' (configs/markets/default.yaml), a layout has 'budget' and 'layers' (configs/layouts/alvh-442.yaml).")
    }
}
