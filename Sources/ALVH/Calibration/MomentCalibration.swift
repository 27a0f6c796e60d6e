import Foundation

/// Real-world (P) parameters by the simulated method of moments (McFadden 1989; Duffie & Singleton 1993, Econometrica
/// 61(4)): the parameters that make the simulated stylised facts closest to the history's.
///
/// Estimator: `theta_hat = argmin J(theta)`, `J = sum_k ((m_k(theta) - h_k) / s_k)^2`, with `h_k` a fact of the
/// history (`StylisedFacts`), `s_k` its batch-means standard error and `m_k(theta)` the same fact measured on paths
/// simulated under P by `ModelCheck.simulate` with fixed random numbers (the same seed at every `theta`, so `J` is a
/// deterministic function and the search sees no simulation noise). The search is Nelder-Mead in `MomentParameter`'s
/// unbounded coordinates from the market's values.
///
/// Standard errors: the sandwich `V = (D'WD)^-1 D'W Omega W D (D'WD)^-1` with `D = dm/du` by central differences in
/// the search coordinates (step `jacobianStep`), `W = diag(1 / s_k^2)` and `Omega = diag(s_k^2 + e_k^2)` (`e_k` the
/// model's own standard error: the simulation noise of `m_k`), mapped to the parameters by the delta method. Caveats:
/// `Omega` ignores the correlation between facts (the bands of one VIX series are not independent), and `s_k` from
/// about 18 two-year blocks is itself uncertain by about a sixth; read the errors as indicative. `J` at the optimum is
/// reported with its degrees of freedom (facts less parameters) but is not a formal over-identification test, because
/// `W` is not the efficient weight.
public struct MomentCalibration: Sendable {
    public struct Settings: Sendable {
        public var parameters: [MomentParameter]
        public var moments: [StylisedFact]
        /// How the paths are simulated at every trial (paths, years, burn-in, seed, threads, scheme).
        public var simulation: ModelCheckSettings
        public var maxIterations: Int
        /// Central-difference step for the Jacobian, in search coordinates (0.05: 5 % of a positive parameter).
        public var jacobianStep: Double
        /// First simplex: the start plus this step along each search coordinate.
        public var startStep: Double

        public init(parameters: [MomentParameter] = MomentCalibration.defaultParameters,
                    moments: [StylisedFact] = MomentCalibration.defaultMoments,
                    simulation: ModelCheckSettings = ModelCheckSettings(paths: 20, years: 25),
                    maxIterations: Int = 400, jacobianStep: Double = 0.05, startStep: Double = 0.25) {
            self.parameters = parameters
            self.moments = moments
            self.simulation = simulation
            self.maxIterations = maxIterations
            self.jacobianStep = jacobianStep
            self.startStep = startStep
        }
    }

    /// The facts the default fit matches: the VIX distribution, the volatility of VIX by band, the AR(1) half-life,
    /// the SPX-VIX correlation and the futures curve's shape. The SPX return quantiles and ES99, VIX p99 and the share
    /// above 40, the ratio of the band volatilities, the ln VIX half-life, the roll cost and VIX3M against VIX are left
    /// out, so that `alvh check-model` tests the fit on facts it did not see.
    public static let defaultMoments: [StylisedFact] =
        [5.0, 25, 50, 75, 95].map { StylisedFact.vixPercentile($0) } + [.vixShareAbove(30)]
        + VIXBand.allCases.map { StylisedFact.vixChangeVolatility($0) }
        + [.halfLife(logarithm: false), .spxVIXCorrelation, .backwardationShare, .secondOverFront]

    /// The parameters the default fit moves: the slow factor's P drift, both shared volatilities of variance and the
    /// state-dependent jump rate. `kappa_1` (the spikes' decay), `theta_1` and `lambda_0` (tiny under P: the fast
    /// factor sleeps in calm markets, and so barely moves a fact) and the jump sizes stay at the market's values.
    public static let defaultParameters: [MomentParameter] = [.kappa2, .theta2, .sigma1, .sigma2, .intensityPerVariance]

    /// One fitted fact: the history's value, the model's at the estimate and the gap in history standard errors.
    public struct Line: Sendable {
        public let fact: StylisedFact
        public let history: FactEstimate
        public let model: FactEstimate
        /// `(model - history) / s_history`.
        public var standardizedGap: Double? {
            guard let h = history.value, let m = model.value, let s = history.standardError, s > 0 else { return nil }
            return (m - h) / s
        }
    }

    public let settings: Settings
    /// The market the search started from and the fitted one (the start with the estimates set).
    public let start: MarketModel
    public let market: MarketModel
    /// One per `settings.parameters`, in order (standard errors `nil` when the sandwich is singular).
    public let estimates: [ParameterEstimate]
    public let lines: [Line]
    /// `J` at the start and at the estimate.
    public let startObjective: Double
    public let objective: Double
    /// Simulations run: one per distinct trial point (the search and the Jacobian).
    public let simulations: Int
    public let converged: Bool
    public let elapsedSeconds: Double

    /// Degrees of freedom of `J`: facts less parameters.
    public var degreesOfFreedom: Int { settings.moments.count - settings.parameters.count }

    /// Fits `settings.parameters` of `market` to `history`'s `settings.moments`.
    /// - Throws: `CalibrationError.momentSetup` for a parameter the market lacks, a fact the history cannot measure,
    ///   fewer facts than parameters or a start whose simulation fails; `SettingsError` for out-of-range simulation
    ///   settings.
    public static func fit(market: MarketModel, history: StylisedFacts, settings: Settings,
                           progress: (@Sendable (Int, Double) -> Void)? = nil) throws -> MomentCalibration {
        let began = Date()
        if settings.parameters.isEmpty { throw CalibrationError.momentSetup(reason: "no parameter to fit; name at least one.") }
        if Set(settings.parameters).count != settings.parameters.count {
            throw CalibrationError.momentSetup(reason: "a parameter is named twice.")
        }
        for p in settings.parameters where !p.applies(to: market) {
            throw CalibrationError.momentSetup(reason: "the market has no \(p.rawValue) (\(p.factor == nil ? "it needs a jumps: block" : "it needs two variance factors")).")
        }
        if settings.parameters.contains(where: \.isShared), market.realWorld.driverCorrelation != nil || market.riskNeutral.driverCorrelation != nil {
            throw CalibrationError.momentSetup(reason: "the market sets driver_correlation, so sigma_i and rho_i cannot move alone; fit without them.")
        }
        var targets: [(fact: StylisedFact, value: Double, se: Double)] = []
        for fact in settings.moments {
            let h = history[fact]
            guard let value = h.value, let se = h.standardError, se > 0 else {
                throw CalibrationError.momentSetup(reason: "the history has no value with a standard error for '\(fact.label)'; choose a longer window or other facts.")
            }
            targets.append((fact, value, se))
        }
        if targets.count < settings.parameters.count {
            throw CalibrationError.momentSetup(reason: "\(targets.count) facts cannot identify \(settings.parameters.count) parameters; name at least as many facts as parameters.")
        }
        _ = try settings.simulation.pathSettings()

        let parameters = settings.parameters
        func model(at u: [Double]) -> MarketModel? {
            var m = market
            for (p, x) in zip(parameters, u) {
                let v = p.value(atCoordinate: x)
                guard v.isFinite, p.range.contains(v) else { return nil }
                m = p.setting(v, in: m)
            }
            // The schema's own checks on what the trial moved (stationary fast factor, finite mean jump factor).
            do {
                try MarketModel.checkStationary(m.realWorld, file: "", keyPath: "")
                if let j = m.realWorld.jumps { try MarketModel.checkCompensator(j, file: "", keyPath: "") }
            } catch {
                return nil
            }
            return m
        }
        // Each point is simulated once: the start, the best point and the Jacobian's neighbours come back from here.
        var simulated: [[Double]: StylisedFacts?] = [:]
        var simulations = 0
        func facts(at u: [Double]) -> StylisedFacts? {
            if let known = simulated[u] { return known }
            var result: StylisedFacts?
            if let m = model(at: u), let paths = try? ModelCheck.simulate(model: m, settings: settings.simulation) {
                simulations += 1
                let finite = paths.filter(\.isFinite)
                if finite.count == paths.count { result = StylisedFacts(series: finite, standardErrors: .acrossSeries) }
            }
            simulated[u] = result
            return result
        }
        func objective(_ f: StylisedFacts?) -> Double {
            guard let f else { return .infinity }
            var j = 0.0
            for t in targets {
                guard let m = f[t.fact].value else { return .infinity }
                let z = (m - t.value) / t.se
                j += z * z
            }
            return j
        }
        let u0 = parameters.map { $0.coordinate($0.value(in: market)) }
        let j0 = objective(facts(at: u0))
        guard j0.isFinite else {
            throw CalibrationError.momentSetup(reason: "the start market's simulation gives no value for every fact (non-finite paths or an empty band); start from other values.")
        }
        var best = j0
        var search = NelderMead()
        search.tolerance = 1e-4
        search.pointTolerance = 1e-3
        search.maxIterations = settings.maxIterations
        let result = search.minimize({ u in
            let j = objective(facts(at: u))
            best = min(best, j)
            progress?(simulations, best)
            return j
        }, start: u0, step: parameters.map { _ in settings.startStep })
        let uHat = result.point
        guard let fitted = model(at: uHat), let fittedFacts = facts(at: uHat) else {
            throw CalibrationError.momentSetup(reason: "the search ended on a market whose simulation fails.")
        }

        // Jacobian of the facts in search coordinates, by central differences.
        let k = targets.count, n = parameters.count, h = settings.jacobianStep
        var jacobian = [[Double]](repeating: [Double](repeating: .nan, count: n), count: k)
        for i in 0..<n {
            var up = uHat, down = uHat
            up[i] += h
            down[i] -= h
            let (fu, fd) = (facts(at: up), facts(at: down))
            for (r, t) in targets.enumerated() {
                if let a = fu?[t.fact].value, let b = fd?[t.fact].value { jacobian[r][i] = (a - b) / (2 * h) }
            }
        }
        let omega = targets.map { t -> Double in
            let e = fittedFacts[t.fact].standardError ?? 0
            return t.se * t.se + e * e
        }
        // Facts undefined at a trial point (an empty band) carry no derivative: their rows go. Parameters that move no
        // remaining fact (a flat direction: J is piecewise constant under fixed random numbers when a rate is tiny)
        // are not identified locally and get no standard error; the others are computed without them.
        let rows = jacobian.indices.filter { jacobian[$0].allSatisfy(\.isFinite) }
        let columns = (0..<n).filter { i in rows.contains { jacobian[$0][i] != 0 } }
        let covariance = sandwich(jacobian: rows.map { r in columns.map { jacobian[r][$0] } },
                                  weights: rows.map { 1 / (targets[$0].se * targets[$0].se) }, omega: rows.map { omega[$0] })
        let estimates = parameters.enumerated().map { i, p -> ParameterEstimate in
            let value = p.value(atCoordinate: uHat[i])
            var se: Double?
            if let c = covariance, let k = columns.firstIndex(of: i), c[k][k].isFinite, c[k][k] >= 0 {
                se = sqrt(c[k][k]) * abs(p.derivative(atCoordinate: uHat[i]))
            }
            return ParameterEstimate(name: p.rawValue, value: value, standardError: se, units: p.units)
        }
        let lines = targets.map { Line(fact: $0.fact, history: history[$0.fact], model: fittedFacts[$0.fact]) }
        return MomentCalibration(settings: settings, start: market, market: fitted, estimates: estimates, lines: lines,
                                 startObjective: j0, objective: objective(fittedFacts), simulations: simulations,
                                 converged: result.converged, elapsedSeconds: Date().timeIntervalSince(began))
    }

    /// `(D'WD)^-1 D'W Omega W D (D'WD)^-1` for diagonal `W` and `Omega`; `nil` when `D'WD` is singular or `D` has a
    /// missing entry.
    static func sandwich(jacobian d: [[Double]], weights w: [Double], omega: [Double]) -> [[Double]]? {
        let n = d.first?.count ?? 0
        guard n > 0, d.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return nil }
        var bread = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var meat = bread
        for (r, row) in d.enumerated() {
            for a in 0..<n {
                for b in 0..<n {
                    bread[a][b] += row[a] * w[r] * row[b]
                    meat[a][b] += row[a] * w[r] * omega[r] * w[r] * row[b]
                }
            }
        }
        guard let inverse = smallMatrixInverse(bread) else { return nil }
        func product(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
            (0..<n).map { a in (0..<n).map { b in (0..<n).reduce(0) { $0 + x[a][$1] * y[$1][b] } } }
        }
        return product(product(inverse, meat), inverse)
    }
}
