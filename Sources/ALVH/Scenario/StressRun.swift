import Foundation

/// Every layout under every scenario (`alvh stress`): one engine run per scenario, all layouts on the same paths
/// (common random numbers), each scenario's shocks and windows applied on every path, the books bought at the
/// scenario's t0 (its start VIX) and held to its horizon.
public struct StressRun: Sendable {
    /// One scenario's result.
    public struct ScenarioResult: Sendable {
        public let scenario: StressScenario
        public let central: ScenarioCentralPath
        /// Monte Carlo means over paths: SPX return to the horizon (percent) and the path's highest VIX.
        public let spxReturnMeanPercent: SampleStatistics
        public let vixMax: SampleStatistics
        public let layouts: [LayoutResult]
    }

    /// One layout under one scenario: money in currency, VaR/ES positive losses.
    public struct LayoutResult: Sendable {
        public let name: String
        public let notional: Double
        public let premium: Double
        public let hedged: PnLStatistics
        /// Mean value of the hedge at the horizon (payoffs and settlements carried), before its premium.
        public let hedgePayoff: SampleStatistics
        /// Hedge P&L: payoff less the premium carried to the horizon.
        public let hedgePnLMean: Double
        public let hedgePnLStandardError: Double
        /// The worst path's hedged P&L.
        public let worstPath: Double
        /// Mean of the paths' largest drawdown of the hedged book (currency; adaptive layouts, which mark daily), nil
        /// for static layouts (marked at the horizon only).
        public let maxDrawdown: SampleStatistics?
    }

    public let settings: PathSimulationSettings
    public let results: [ScenarioResult]
    public let elapsedSeconds: Double

    /// - Parameter settings: paths, seed, threads, scheme and measure; `days` is each scenario's horizon.
    /// - Throws: `ConfigError` (a scenario that does not fit the market), `SettingsError`, pricing errors.
    public static func run(model: MarketModel, layouts: [HedgeLayout], scenarios: [StressScenario], settings: PathSimulationSettings,
                           progress: (@Sendable (Int, Double) -> Void)? = nil) throws -> StressRun {
        var results: [ScenarioResult] = []
        let start = DispatchTime.now().uptimeNanoseconds
        for (k, scenario) in scenarios.enumerated() {
            var s = settings
            s.days = scenario.horizonDays
            let m = try scenario.startModel(model)
            let central = try scenario.centralPath(model: model, measure: settings.measure)
            let run = try HedgeSimulation.run(model: m, layouts: layouts, settings: s, scenario: scenario,
                                              progress: progress.map { p in { @Sendable fraction in p(k, fraction) } })
            let outcomes = run.outcomes
            let first = outcomes[0]
            let layoutResults = outcomes.map { o in
                let summary = LayoutSummary(o)
                return LayoutResult(name: o.book.layout.name, notional: o.book.layout.portfolio.notional, premium: o.meanPremium,
                                    hedged: summary.hedged, hedgePayoff: SampleStatistics(o.hedgeValue, percentileLevels: []),
                                    hedgePnLMean: summary.hedgeMean, hedgePnLStandardError: summary.hedgeMeanStandardError,
                                    worstPath: o.hedgedPnL.min() ?? .nan,
                                    maxDrawdown: o.adaptive.map { SampleStatistics($0.drawdown, percentileLevels: []) })
            }
            results.append(ScenarioResult(scenario: scenario, central: central,
                                          spxReturnMeanPercent: SampleStatistics(first.spxReturn.map { 100 * $0 }, percentileLevels: []),
                                          vixMax: SampleStatistics(first.vixMax, percentileLevels: []), layouts: layoutResults))
        }
        return StressRun(settings: settings, results: results,
                         elapsedSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
