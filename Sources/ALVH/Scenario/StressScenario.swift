import Foundation

/// A stress scenario (`configs/scenarios/*.yaml`, every key documented in `configs/scenarios/mar-2020.yaml`): shocks
/// on given trading days, real-world parameter overrides over windows of days, and Monte Carlo around them (every
/// path gets the same shocks on top of its own draws).
///
/// - Shocks (`Shock`), at the close of day `day` (1 ... horizon): SPX jumps by `spxPercent` on every path
///   (`ln S += ln(1 + p/100)`); the VIX goes to a level or moves by points on every path. A VIX becomes factor
///   variances through the market's Q formula `(VIX/100)^2 = A_1 v1 + A_2 v2 + B` (`Model/VIXFormula.swift`): one factor
///   `v = ((VIX/100)^2 - B)/A`; two factors: the move goes to the fast factor `v1` with the slow `v2` kept (a spike), and
///   only when `v1 = 0` still leaves the VIX too high does `v2` fall to fit (`PathScenario.factors`).
/// - Overrides (`Override`) replace the real-world (P) dynamics on the days `fromDay ... toDay`: jump intensity times
///   a multiple (`lambda_0` and `lambda_1`), the fast factor's `kappa` and `theta`, the equity drift. Prices are
///   unchanged: marks use the Q model at each day's state.
/// - `startVIX` sets the market's VIX at t0 (same split as a shock); `priorDrawdownPercent` says how far SPX already
///   is below its high at t0 (drawdowns are measured from that high).
/// - `recorded`: the figures the template reproduces on its central path (cited in the file's comments).
public struct StressScenario: Sendable, Equatable {
    public struct Shock: Sendable, Equatable {
        public let day: Int
        /// SPX jump, percent (-6.66 = a 6.66 % fall).
        public let spxPercent: Double
        public let vixLevel: Double?
        public let vixPoints: Double?
    }

    public struct Override: Sendable, Equatable {
        public let fromDay: Int
        public let toDay: Int
        public let jumpIntensityMultiple: Double?
        public let kappa: Double?
        public let theta: Double?
        public let equityDrift: Double?
    }

    public struct Recorded: Sendable, Equatable {
        /// Peak-to-trough SPX fall, percent (positive).
        public let spxDrawdownPercent: Double?
        /// The drawdown counts the days up to this one (nil: the whole horizon).
        public let drawdownDay: Int?
        public let vixPeak: Double?
    }

    public let name: String
    public let description: String
    /// The file, or `<template NAME>`.
    public let source: String
    public let horizonDays: Int
    public let startVIX: Double?
    public let priorDrawdownPercent: Double
    public let shocks: [Shock]
    public let overrides: [Override]
    public let recorded: Recorded?

    public init(name: String, description: String = "", source: String = "<scenario>", horizonDays: Int, startVIX: Double? = nil,
                priorDrawdownPercent: Double = 0, shocks: [Shock], overrides: [Override] = [], recorded: Recorded? = nil) {
        self.name = name
        self.description = description
        self.source = source
        self.horizonDays = horizonDays
        self.startVIX = startVIX
        self.priorDrawdownPercent = priorDrawdownPercent
        self.shocks = shocks
        self.overrides = overrides
        self.recorded = recorded
    }

    /// The market at the scenario's t0: `startVIX` (if any) sets the factor variances.
    /// - Throws: `ConfigError` when the start VIX is below the model's floor `100 sqrt(B)`.
    public func startModel(_ model: MarketModel) throws(ConfigError) -> MarketModel {
        guard let vix = startVIX else { return model }
        let formula = model.vixFormula
        guard vix >= formula.minimumVIX else {
            throw .outOfRange(file: source, keyPath: "start.vix", value: "\(vix)",
                              allowed: "at least the market's lowest VIX \(NumberRange.format(formula.minimumVIX)) (100 sqrt(B))")
        }
        var m = model
        (m.initialVariance, m.initialSecondVariance) = PathScenario.factors(forVIX: vix, secondVariance: model.initialSecondVariance, formula: formula)
        return m
    }

    /// The dynamics `base` with `override` applied.
    /// - Throws: `ConfigError` when the overridden fast factor's effective mean reversion `kappa - lambda_1 mu_v` is not
    ///   positive.
    func dynamics(_ base: MeasureDynamics, with o: Override, index: Int) throws(ConfigError) -> MeasureDynamics {
        var d = base
        if base.equityPremiumPerVariance != 0 {   // the premium's zero point stays the unstressed market's
            d.premiumReferenceVariance = base.premiumReferenceVariance ?? base.stationaryMeanTotalVariance
        }
        if let m = o.jumpIntensityMultiple, var j = d.jumps {
            j.intensity *= m
            j.intensityPerVariance *= m
            d.jumps = j
        }
        if let k = o.kappa { d.factors[0].kappa = k }
        if let t = o.theta { d.factors[0].theta = t }
        if let mu = o.equityDrift { d.totalReturnDrift = mu }
        guard d.effectiveFastKappa > 0 else {
            throw .invalid(file: source, keyPath: "overrides[\(index)]",
                           reason: "the fast factor's effective mean reversion kappa - lambda_1 mu_v = \(d.effectiveFastKappa) must be above 0 in this market; raise kappa or lower jump_intensity_multiple.")
        }
        return d
    }

    /// The engine's form of the scenario for `model` under the run's measure.
    func pathScenario(model: MarketModel, settings: PathSimulationSettings) throws(ConfigError) -> PathScenario {
        guard horizonDays <= settings.days else {
            throw .invalid(file: source, keyPath: "horizon_days",
                           reason: "\(horizonDays) days but the run has \(settings.days); the run must cover the scenario.")
        }
        let base = model.dynamics(under: settings.measure)
        var windowOfDay = [Int](repeating: -1, count: settings.days)
        var windows: [MeasureDynamics] = []
        for (k, o) in overrides.enumerated() {
            windows.append(try dynamics(base, with: o, index: k))
            for day in o.fromDay...min(o.toDay, settings.days) { windowOfDay[day - 1] = k }
        }
        let formula = model.vixFormula
        let shocks = self.shocks.map { s in
            PathScenario.Shock(day: s.day, logSpotJump: log1p(s.spxPercent / 100),
                               vix: s.vixLevel.map { .level($0) } ?? s.vixPoints.map { .points($0) })
        }
        return PathScenario(shocks: shocks, windowOfDay: windowOfDay, windowDynamics: windows, formula: formula)
    }
}
