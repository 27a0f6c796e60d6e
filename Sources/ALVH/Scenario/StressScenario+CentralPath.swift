import Foundation

/// The central path of a scenario: the path whose every random draw is zero (no diffusion, no random jumps), with the
/// scenario's shocks and windows. Daily Euler steps of the drifts under the run's measure:
/// `ln S += (mu - q - lambda_t mbar - V/2 ... ) dt` exactly as `MeasureDynamics.logPriceDrift - varianceDriftLoading V`,
/// `v_i += kappa_i (theta_i - v_i) dt` (floored at 0), `dt = 1/252`; the VIX from the Q formula. It is the scenario's
/// skeleton: the Monte Carlo paths spread around it.
public struct ScenarioCentralPath: Sendable, Equatable {
    /// SPX relative to t0 (1 at day 0), days 0 ... horizon.
    public let spx: [Double]
    public let vix: [Double]
    /// Largest peak-to-trough fall of SPX in percent, the peak counting the prior high (`priorDrawdownPercent`).
    public let maxDrawdownPercent: Double
    /// The same through `recorded.drawdownDay` (the whole horizon without one).
    public let recordedWindowDrawdownPercent: Double
    public let vixPeak: Double
    /// The day of the VIX peak.
    public let vixPeakDay: Int
}

extension StressScenario {
    /// - Throws: `ConfigError` as `startModel` and the overrides do.
    public func centralPath(model: MarketModel, measure: Measure = .realWorld) throws(ConfigError) -> ScenarioCentralPath {
        let start = try startModel(model)
        let settings = PathSimulationSettings(paths: 1, days: horizonDays, measure: measure)
        let scenario = try pathScenario(model: start, settings: settings)
        let base = start.dynamics(under: measure)
        let formula = start.vixFormula
        let dt = 1 / PathSimulationSettings.tradingDaysPerYear
        var x = 0.0, v1 = start.initialVariance, v2 = start.initialSecondVariance
        var spx = [1.0], vix = [formula.vix(variance: v1, secondVariance: v2)]
        for day in 1...horizonDays {
            let w = scenario.windowOfDay[day - 1]
            let d = w >= 0 ? scenario.windowDynamics[w] : base
            let total = max(v1, 0) + max(v2, 0)
            x += (d.logPriceDrift - d.varianceDriftLoading * total) * dt
            let f1 = d.factors[0]
            v1 = max(v1 + f1.kappa * (f1.theta - v1) * dt, 0)
            if let f2 = d.secondFactor { v2 = max(v2 + f2.kappa * (f2.theta - v2) * dt, 0) }
            for shock in scenario.shocks where shock.day == day {
                x += shock.logSpotJump
                if let move = shock.vix {
                    let now = formula.vix(variance: v1, secondVariance: v2)
                    let target: Double
                    switch move {
                    case .level(let l): target = l
                    case .points(let p): target = now + p
                    }
                    (v1, v2) = PathScenario.factors(forVIX: target, secondVariance: v2, formula: formula)
                }
            }
            spx.append(exp(x))
            vix.append(formula.vix(variance: v1, secondVariance: v2))
        }
        var high = 1 / (1 - priorDrawdownPercent / 100), worst = 0.0, worstByDay = 0.0
        let lastDay = recorded?.drawdownDay ?? horizonDays
        for (day, s) in spx.enumerated() {
            high = max(high, s)
            worst = max(worst, 1 - s / high)
            if day <= lastDay { worstByDay = worst }
        }
        let peakDay = vix.indices.max { vix[$0] < vix[$1] } ?? 0
        return ScenarioCentralPath(spx: spx, vix: vix, maxDrawdownPercent: 100 * worst, recordedWindowDrawdownPercent: 100 * worstByDay, vixPeak: vix[peakDay], vixPeakDay: peakDay)
    }
}
