import Foundation

/// What produced an output, recorded in every JSON alvh writes (and summarised in the text): the alvh version, the
/// UTC time, the full command line, the seed, the market as used (its source and the effective Q and P parameters),
/// every layout as booked (strikes, quantities, contracts, t0 prices, expiries, groups) and the warnings. Two outputs
/// from different markets, seeds or versions can always be told apart.
public struct Provenance: Sendable {
    /// Bumped when a JSON key is renamed or removed.
    public static let schemaVersion = 1
    public static let alvhVersion = "0.2.0"
    /// The git commit this binary was built from (12 hex digits, `+dirty` when the tree had uncommitted changes), or
    /// nil when it was built outside a git checkout. Written at build time by the BuildInfo plugin.
    public static let gitCommit: String? = buildGitCommit

    public let commandLine: [String]
    public let timestamp: Date
    public let seed: UInt64?
    public let market: MarketModel
    public let books: [StaticBook]
    public let warnings: [String]

    public init(commandLine: [String] = CommandLine.arguments, timestamp: Date = Date(), seed: UInt64?, market: MarketModel,
                books: [StaticBook] = [], warnings: [String]) {
        self.commandLine = commandLine
        self.timestamp = timestamp
        self.seed = seed
        self.market = market
        self.books = books
        self.warnings = warnings
    }

    /// The command line as a shell would take it back (arguments with spaces or quotes single-quoted).
    public var commandLineText: String { Provenance.commandLineText(commandLine) }

    /// `arguments` as a shell would take them back (arguments with spaces or quotes single-quoted).
    public static func commandLineText(_ arguments: [String]) -> String {
        arguments.map { argument in
            argument.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }) && !argument.isEmpty
                ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    public var timestampText: String { Provenance.timestampText(timestamp) }

    /// ISO 8601 UTC, whole seconds.
    public static func timestampText(_ timestamp: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: timestamp)
    }

    /// The provenance block of the text outputs: version, commit, time and seed; the market's source and its effective
    /// Q and P parameters (wrapped at 100 columns); the command line (the one line that may be longer).
    public var summaryLine: String {
        let head = "provenance: alvh \(Provenance.alvhVersion), commit \(Provenance.gitCommit ?? "unknown"), \(timestampText)"
            + (seed.map { ", seed \($0)" } ?? "")
        let parameters = market.parameterSummaries.flatMap { TextLayout.wrap($0.text, prefix: "  \($0.measure): ", indent: "     ") }
        return ([head] + TextLayout.wrap("market: \(market.source)") + parameters + ["command: \(commandLineText)"]).joined(separator: "\n")
    }

    public var json: JSONValue {
        .object([
            ("alvh_version", .string(Provenance.alvhVersion)),
            ("git_commit", Provenance.gitCommit.map { .string($0) } ?? .null),
            ("timestamp_utc", .string(timestampText)),
            ("command_line", .string(commandLineText)),
            ("seed", seed.map { .unsignedInteger($0) } ?? .null),
            ("market", market.provenanceJSON),
            ("layouts", .array(books.map(\.provenanceJSON))),
            ("warnings", .array(warnings.map { .string($0) })),
        ])
    }
}

extension MarketModel {
    /// The market as used: source, state at t0 and the effective dynamics under Q and P.
    public var provenanceJSON: JSONValue {
        var initial: [(String, JSONValue)] = [("spot", .number(spot)), ("variance", .number(initialVariance)), ("vix", .number(initialVIX))]
        if isTwoFactor {
            initial += [("second_variance", .number(initialSecondVariance)), ("vix3m", .number(initialVIX3M))]
        }
        return .object([
            ("source", .string(source)),
            ("rate", .number(rate)),
            ("dividend_yield", .number(dividendYield)),
            ("initial", .object(initial)),
            ("vix_floor", .number(vixFormula.minimumVIX)),
            ("risk_neutral", riskNeutral.provenanceJSON),
            ("real_world", realWorld.provenanceJSON),
        ])
    }
}

extension MeasureDynamics {
    var provenanceJSON: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("total_return_drift", .number(totalReturnDrift)),
            ("equity_premium_per_variance", .number(equityPremiumPerVariance)),
            ("variance_factors", .array(factors.map { f in
                .object([("kappa", .number(f.kappa)), ("theta", .number(f.theta)), ("sigma", .number(f.sigma)), ("rho", .number(f.rho))])
            })),
        ]
        if let j = jumps {
            pairs.append(("jumps", .object([
                ("intensity", .number(j.intensity)), ("intensity_per_variance", .number(j.intensityPerVariance)),
                ("mean_log_jump", .number(j.meanLogJump)), ("log_jump_vol", .number(j.logJumpVolatility)),
                ("variance_jump_mean", .number(j.varianceJumpMean)), ("correlation", .number(j.correlation)),
            ])))
        } else {
            pairs.append(("jumps", .null))
        }
        return .object(pairs)
    }
}

extension StaticBook {
    /// The layout as booked at t0.
    public var provenanceJSON: JSONValue {
        .object([
            ("name", .string(layout.name)),
            ("source", .string(layout.source)),
            ("notional", .number(layout.portfolio.notional)),
            ("beta", .number(layout.portfolio.beta)),
            ("premium", HedgeRunReport.moneyJSON(premium)),
            ("adaptive", layout.adaptive?.provenanceJSON ?? .null),
            ("layers", .array(layers.map { b in
                .object([
                    ("name", .string(b.layer.name)),
                    ("group", .string(b.layer.group.rawValue)),
                    ("instrument", .string(b.layer.instrument.rawValue)),
                    ("expiry_days", .integer(b.layer.expiryDays)),
                    ("lower_strike", b.lowerStrike.map { .number($0) } ?? .null),
                    ("upper_strike", b.upperStrike.map { .number($0) } ?? .null),
                    ("quantity_units", .number(b.quantity)),
                    ("contracts", .number(b.quantity / b.layer.instrument.contractMultiplier)),
                    ("unit_price_t0", .number(b.unitPrice)),
                    ("premium", HedgeRunReport.moneyJSON(b.premium)),
                ])
            })),
        ])
    }
}
