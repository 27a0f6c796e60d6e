import Foundation

/// `alvh check-model`: the market's P dynamics against the real history, figure by figure (DESIGN section 7).
///
/// The model is simulated under P with alvh's path engine (`ModelCheckSettings`: by default 40 paths x 25 years after
/// a one-year burn-in), recording daily SPX, VIX, VIX3M and the front and second model VIX futures on a 21-day expiry
/// cycle (`MarketSeriesRecorder`); the same `StylisedFacts` are measured on the pooled paths (standard errors from the
/// spread across paths) and on the history (the caller's, with block standard errors), and each line is flagged
/// `pass` or `attention` by its band (`StylisedFact.comparisonBand`; some lines are hard requirements, see
/// `StylisedFact.isHardRequirement`). Futures and VIX3M on the paths are model prices (Q expectations at the path's
/// state), as real futures and VIX3M are market prices: their lines test the risk premia as well as the dynamics.
public struct ModelCheck: Sendable {
    public let settings: ModelCheckSettings
    /// Where the market came from (`MarketModel.source`).
    public let marketSource: String
    public let history: StylisedFacts
    public let model: StylisedFacts
    /// One per `StylisedFact.all`, in order.
    public let lines: [ModelCheckLine]
    /// Paths left out because a recorded value was not finite (0 for a sound market).
    public let nonFinitePaths: Int
    public let elapsedSeconds: Double
    /// What produced the run (the CLI sets it; JSON and text include it when present).
    public var provenance: Provenance?
    /// Where the history came from (files, window, skipped rows, calendar gaps: `HistoricalWindow.json`); the CLI sets
    /// it, JSON includes it as `history_data` (null when absent).
    public var historyData: JSONValue?

    /// Whether every hard-requirement line passes (one that cannot be measured on either side does not).
    public var hardRequirementsMet: Bool { lines.allSatisfy { !$0.isHardRequirement || $0.flag == .pass } }

    /// The market's warnings that apply to the check (Feller under P for the scheme in use); the CLI sets them.
    public var marketWarnings: [String] = []

    /// What every output of the check says: the market's warnings, paths left out.
    public var warnings: [String] {
        marketWarnings + (nonFinitePaths > 0 ? ["\(nonFinitePaths) simulated paths had non-finite values and are left out."] : [])
    }

    /// Simulates `model` under P and compares its stylised facts with `history`'s.
    /// - Throws: `SettingsError` for out-of-range settings, `LinearAlgebraError` for a driver correlation that cannot
    ///   be factored.
    public static func run(model: MarketModel, history: StylisedFacts, settings: ModelCheckSettings) throws -> ModelCheck {
        let start = Date()
        let paths = try simulate(model: model, settings: settings)
        let finite = paths.filter(\.isFinite)
        let facts = StylisedFacts(series: finite, standardErrors: .acrossSeries)
        let lines = StylisedFact.all.map { ModelCheckLine(fact: $0, history: history[$0], model: facts[$0]) }
        return ModelCheck(settings: settings, marketSource: model.source, history: history, model: facts, lines: lines,
                          nonFinitePaths: paths.count - finite.count, elapsedSeconds: Date().timeIntervalSince(start))
    }

    /// The recorded daily series of every simulated path (the burn-in dropped), in path order.
    static func simulate(model: MarketModel, settings: ModelCheckSettings) throws -> [DailyMarketSeries] {
        let engine = try PathEngine(model: model, settings: try settings.pathSettings())
        let curve = VIXFuturesCurveTables(pricer: VIXPricer(model: model), schedule: VIXFuturesRollSchedule())
        let recorder = MarketSeriesRecorder(paths: settings.paths, firstDay: settings.burnInDays, lastDay: settings.totalDays,
                                            vix: model.vixFormula, threeMonth: model.threeMonthVIXFormula, curve: curve)
        try engine.run(recorder)
        return (0..<settings.paths).map { recorder.series(path: $0) }
    }
}

/// One line of the comparison: the history's and the model's estimate, the band and the verdict.
public struct ModelCheckLine: Sendable, Equatable {
    public let fact: StylisedFact
    public let history: FactEstimate
    public let model: FactEstimate

    public var band: ComparisonBand { fact.comparisonBand }
    public var isHardRequirement: Bool { fact.isHardRequirement }

    /// `pass` when the model's value lies in the band around the history's, `attention` when not, `unavailable` when
    /// either side has no value. The band alone decides (standard errors are shown, not used).
    public var flag: ModelCheckFlag {
        guard let h = history.value, let m = model.value else { return .unavailable }
        return band.admits(model: m, history: h) ? .pass : .attention
    }
}

public enum ModelCheckFlag: String, Sendable {
    case pass, attention, unavailable
}
