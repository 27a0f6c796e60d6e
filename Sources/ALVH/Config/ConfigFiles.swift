/// The kinds of config file alvh reads, recognised by their top-level keys.
public enum ConfigKind: String, Sendable {
    case market
}

public enum ConfigFiles {
    /// Parses and validates one config file of any kind; returns its kind and the warnings it raised.
    public static func validate(path: String) throws(ConfigError) -> (kind: ConfigKind, warnings: [String]) {
        let root = try ConfigMapping.load(path: path)
        if root.contains("heston") || root.contains("spot") {
            let market = try MarketModel(config: root)
            return (.market, market.warnings)
        }
        throw .invalid(file: path, keyPath: "(top level)",
                       reason: "not a config alvh knows: a market file has 'spot', 'rate' and 'heston' (see configs/markets/default.yaml).")
    }
}
