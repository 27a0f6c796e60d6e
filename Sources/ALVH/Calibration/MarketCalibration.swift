import Foundation

/// `alvh calibrate market`: the risk-neutral (Q) parameters and today's factor variances fitted to one day's prices
/// (`MarketQuotes`: VIX, VIX3M, every listed VIX future, optionally out-of-the-money SPX options) by weighted least
/// squares (METHODOLOGY section 8).
///
/// Model prices: VIX and VIX3M by the affine formula `(VIX/100)^2 = A_1 v1 + A_2 v2 + B` (`VIXFormula`, 30 and 93
/// days), futures `100 E^Q[sqrt(Y_T + B)]` (`VIXPricer.futurePrice`, `T` = calendar days to final settlement / 365),
/// SPX options by COS (`SPXOptionPricer`, per expiry with its zero rate and parity-implied dividend yield).
///
/// Objective: `mean_i (F_i^model - F_i)^2 + mean_j ((P_j^model - P_j) / vega_j)^2`, the first mean over the VIX-point
/// instruments (VIX, VIX3M, futures; errors in VIX points), the second over the options (price errors divided by
/// their Black–Scholes vega at the market's implied volatility, times 100: implied-volatility points to first order),
/// so the two groups weigh alike whatever their counts. Minimised by Nelder–Mead on transformed parameters (logs of
/// positive ones, `atanh` of the correlation), restarted from its best point until a restart gains less than 1e-9.
///
/// Fitted (the rest is the template market's, unchanged):
/// - one factor: `v`, `kappa`, `theta`; with options also `sigma`, `rho`;
/// - two factors: `v1`, `v2`, `kappa_2`, `kappa_1 > kappa_2` (as `kappa_2 + e^p`), `theta_2`; with options also
///   `sigma_1`, `sigma_2` and one `rho` for both factors.
/// Identification: the VIX-point prices depend on the Q drift through `E^Q[V_t] = c + c_1 e^{-k t} + c_2 e^{-kappa_2 t}`
/// (`MeasureDynamics.expectedVariances`), which pins the two speeds, the long-run level `c = m1* + theta_2` and the
/// two deviations `v_i - m_i*`, five numbers for six unknowns: `theta_1` is not identified from first moments (only
/// through the small convexity term of the futures), so it stays at the template's value. Volatilities of variance
/// and the correlation move the futures only through that convexity; they are identified by the options' smile and
/// are fitted only with options. The jump parameters stay at the template's (a one-day chain of three expiries does not
/// separate jump and diffusive skew well). The real-world (P) part is the template's; `sigma_i`, `rho_i` are shared
/// with Q by the schema, so P takes the fitted ones.
public struct MarketCalibration: Sendable {
    /// One instrument's fit.
    public struct Row: Sendable, Equatable {
        public enum Group: String, Sendable { case index, future, option }
        public let group: Group
        /// "VIX", "VIX3M", "VX 2021-01-20", "SPX put 3400 2020-12-18".
        public let name: String
        /// Years to expiry (index: its 30 or 93 days).
        public let years: Double
        /// Market and model in the row's unit: VIX points, or implied volatility in percent for options.
        public let market: Double
        public let model: Double
        /// `model - market` (VIX points, or implied-volatility points).
        public var error: Double { model - market }
    }

    public let template: MarketModel
    public let quotes: MarketQuotes
    public let factorCount: Int
    /// Whether the options entered the fit.
    public let usesOptions: Bool
    /// Names of the fitted parameters and their values (natural units), in fit order.
    public let parameters: [(name: String, value: Double, start: Double)]
    /// The fitted market: spot the day's SPX close, rate and dividend yield the last option expiry's (the template's
    /// without options), Q as fitted, initial variances as fitted, P the template's with the fitted `sigma_i`, `rho_i`.
    public let fitted: MarketModel
    public let rows: [Row]
    public let objective: Double
    public let evaluations: Int
    public let converged: Bool

    /// - Parameters:
    ///   - template: the market whose Q form, jumps, fixed parameters and P part are kept; its Q values start the fit.
    ///   - factorCount: 1 or 2, as the template's Q. The options enter the fit when `quotes` has some.
    /// - Throws: `CalibrationError.marketForm` when the template has another number of factors, `.noQFit` when the
    ///   template's own parameters cannot price the day.
    ///   - fitDrift: fit the Q speeds and levels (`false`: keep the template's, e.g. from a `TermStructureCalibration`,
    ///     and fit only the state and, with options, `sigma_i` and `rho`).
    public init(quotes: MarketQuotes, template: MarketModel, factorCount: Int, fitDrift: Bool = true) throws(CalibrationError) {
        guard factorCount == 1 || factorCount == 2 else { throw .factorCount(factorCount) }
        let n = template.riskNeutral.factors.count
        guard n == factorCount else { throw .marketForm(market: template.source, factors: n, asked: factorCount) }
        self.template = template
        self.quotes = quotes
        self.factorCount = factorCount
        usesOptions = !quotes.options.isEmpty
        let space = ParameterSpace(template: template, quotes: quotes, factorCount: factorCount, options: usesOptions, drift: fitDrift)
        let start = space.start()
        let objective = Objective(quotes: quotes, space: space)
        let startValue = objective.value(start)
        guard startValue.isFinite else {
            throw .noQFit(reason: "the template market \(template.source) gives no finite prices for \(quotes.date) at its own parameters.")
        }
        var best = NelderMead(tolerance: 1e-10, maxIterations: 3000).minimize(objective.value, start: start, step: start.map { _ in 0.3 })
        var evaluations = best.iterations
        for _ in 0..<6 {
            let again = NelderMead(tolerance: 1e-10, maxIterations: 3000).minimize(objective.value, start: best.point, step: best.point.map { _ in 0.1 })
            evaluations += again.iterations
            let gain = best.value - again.value
            if again.value < best.value { best = again }
            if gain < 1e-9 * max(best.value, 1e-12) { break }
        }
        let model = space.model(best.point)!
        parameters = zip(space.names, zip(space.natural(best.point), space.natural(start))).map { ($0, $1.0, $1.1) }
        fitted = space.outputModel(model)
        rows = objective.rows(model)
        self.objective = best.value
        self.evaluations = evaluations
        converged = best.converged
    }

    /// Root mean squared error of a group (VIX points or implied-volatility points); `nil` when the group is empty.
    public func rootMeanSquaredError(_ group: Row.Group) -> Double? {
        let e = rows.filter { $0.group == group }.map(\.error)
        return e.isEmpty ? nil : (e.map { $0 * $0 }.reduce(0, +) / Double(e.count)).squareRoot()
    }
}

/// The fitted coordinates (transformed) and the market they make.
struct ParameterSpace {
    let template: MarketModel
    let quotes: MarketQuotes
    let factorCount: Int
    let options: Bool
    /// Whether the Q drift (speeds and levels) is fitted; `false`: only the state (and, with options, sigma and rho).
    var drift = true

    var names: [String] {
        var out = factorCount == 1 ? ["v"] : ["v1", "v2"]
        if drift { out += factorCount == 1 ? ["kappa", "theta"] : ["kappa_1", "kappa_2", "theta_2"] }
        if options { out += factorCount == 1 ? ["sigma", "rho"] : ["sigma_1", "sigma_2", "rho"] }
        return out
    }

    /// Coordinates -> natural values, in `names` order.
    func natural(_ x: [Double]) -> [Double] {
        var out = x.map(exp)
        if drift && factorCount == 2 {
            // coordinates (ln kappa_2, ln(kappa_1 - kappa_2)) -> (kappa_1, kappa_2)
            out[2] = exp(x[2]) + exp(x[3])
            out[3] = exp(x[2])
        }
        if options { out[out.count - 1] = tanh(x[x.count - 1]) }
        return out
    }

    /// The Q dynamics and initial variances at `x`; `nil` outside the schema's ranges or when the fast factor is not
    /// stationary (`kappa_1 - lambda_1 mu_v <= 0`) or the VIX floor is 100 or more.
    func model(_ x: [Double]) -> MarketModel? {
        guard x.allSatisfy({ $0.isFinite && abs($0) < 50 }) else { return nil }
        let p = natural(x)
        var q = template.riskNeutral
        let v1 = p[0], v2 = factorCount == 2 ? p[1] : 0
        var i = factorCount
        if drift {
            if factorCount == 1 {
                q.factors[0].kappa = p[i]; q.factors[0].theta = p[i + 1]; i += 2
            } else {
                q.factors[0].kappa = p[i]; q.factors[1].kappa = p[i + 1]; q.factors[1].theta = p[i + 2]; i += 3
            }
        }
        if options {
            for f in 0..<factorCount { q.factors[f].sigma = p[i + f]; q.factors[f].rho = p[p.count - 1] }
        }
        let r = MarketModel.Ranges.self
        guard r.variance.contains(v1), r.variance.contains(v2),
              q.factors.allSatisfy({ r.kappa.contains($0.kappa) && r.theta.contains($0.theta) && r.sigma.contains($0.sigma) && r.rho.contains($0.rho) }),
              q.effectiveFastKappa > 0.001 else { return nil }
        var m = template
        m.riskNeutral = q
        m.spot = quotes.spot
        m.initialVariance = v1
        m.initialSecondVariance = v2
        guard m.vixFormula.minimumVIX < 100 else { return nil }
        return m
    }

    /// Start: the template's Q values, the state from inverting the day's VIX (and VIX3M) with the template's formulas
    /// (when that fails: the VIX's variance split evenly between the factors).
    func start() -> [Double] {
        let q = template.riskNeutral
        let f = template.vixFormula
        var x: [Double]
        if factorCount == 1 {
            let v = max(f.variance(vix: quotes.vix) ?? template.initialVariance, 1e-4)
            x = [log(v)]
            if drift { x += [log(q.factors[0].kappa), log(q.factors[0].theta)] }
            if options { x += [log(q.factors[0].sigma), atanh(q.factors[0].rho)] }
        } else {
            let y = max((quotes.vix / 100) * (quotes.vix / 100) - f.b, 1e-4)
            var pair = (first: 0.5 * y / f.a, second: 0.5 * y / f.a2)
            if let vix3m = quotes.vix3m, let both = f.factorVariances(vix: quotes.vix, threeMonth: template.threeMonthVIXFormula, vix3m: vix3m) {
                pair = both
            }
            let k1 = q.factors[0].kappa, k2 = q.factors[1].kappa
            x = [log(max(pair.first, 1e-4)), log(max(pair.second, 1e-4))]
            if drift { x += [log(min(k1, k2)), log(max(abs(k1 - k2), 0.1)), log(q.factors[1].theta)] }
            if options { x += [log(q.factors[0].sigma), log(q.factors[1].sigma), atanh(0.5 * (q.factors[0].rho + q.factors[1].rho))] }
        }
        return x
    }

    /// The market written out: Q and state as fitted; the rate and dividend yield of the last option expiry when there
    /// are options; P the template's with Q's `sigma_i`, `rho_i` (shared by the schema).
    func outputModel(_ m: MarketModel) -> MarketModel {
        var out = m
        if let last = quotes.optionExpiries.last {
            out.rate = last.rate
            out.dividendYield = last.dividendYield
            out.riskNeutral.totalReturnDrift = last.rate
            out.riskNeutral.dividendYield = last.dividendYield
            out.realWorld.dividendYield = last.dividendYield
        }
        for i in out.realWorld.factors.indices {
            out.realWorld.factors[i].sigma = m.riskNeutral.factors[i].sigma
            out.realWorld.factors[i].rho = m.riskNeutral.factors[i].rho
        }
        return out
    }
}

/// The weighted least-squares objective of `MarketCalibration` and its per-instrument rows.
struct Objective {
    let quotes: MarketQuotes
    let space: ParameterSpace

    func value(_ x: [Double]) -> Double {
        guard let m = space.model(x) else { return .infinity }
        let (futures, options) = residuals(m)
        var total = futures.map { $0 * $0 }.reduce(0, +) / Double(max(futures.count, 1))
        if !options.isEmpty { total += options.map { $0 * $0 }.reduce(0, +) / Double(options.count) }
        return total.isFinite ? total : .infinity
    }

    /// Model VIX, VIX3M and futures (VIX points, in `rows` order) and option prices.
    func prices(_ m: MarketModel) -> (vix: Double, vix3m: Double?, futures: [Double], options: [Double]) {
        let vix = m.initialVIX
        let vix3m = quotes.vix3m == nil ? nil : m.initialVIX3M
        let pricer = VIXPricer(model: m)
        let futures = quotes.futures.map { pricer.futurePrice(variance: m.initialVariance, secondVariance: m.initialSecondVariance, years: $0.years) }
        var options = [Double](repeating: .nan, count: quotes.options.count)
        if space.options {
            for (k, e) in quotes.optionExpiries.enumerated() {
                var em = m
                em.rate = e.rate
                em.dividendYield = e.dividendYield
                em.riskNeutral.totalReturnDrift = e.rate
                em.riskNeutral.dividendYield = e.dividendYield
                let pricer = SPXOptionPricer(model: em)
                let members = quotes.options.indices.filter { quotes.options[$0].expiryIndex == k }
                let puts = pricer.values(.put, strikes: members.map { quotes.options[$0].strike }, spot: quotes.spot,
                                         variance: m.initialVariance, secondVariance: m.initialSecondVariance, years: e.years)
                let forwardValue = quotes.spot * exp(-e.dividendYield * e.years), discount = exp(-e.rate * e.years)
                for (i, j) in members.enumerated() {
                    let o = quotes.options[j]
                    options[j] = o.kind == .put ? puts[i].price : puts[i].price + forwardValue - o.strike * discount
                }
            }
        }
        return (vix, vix3m, futures, options)
    }

    /// VIX-point errors (VIX, VIX3M, futures) and vega-scaled option errors (implied-volatility points to first order).
    func residuals(_ m: MarketModel) -> (futures: [Double], options: [Double]) {
        let p = prices(m)
        var f = [p.vix - quotes.vix]
        if let model = p.vix3m, let market = quotes.vix3m { f.append(model - market) }
        f += zip(p.futures, quotes.futures).map { $0 - $1.settle }
        let o = space.options ? zip(p.options, quotes.options).map { 100 * ($0 - $1.mid) / $1.vega } : []
        return (f, o)
    }

    /// Every instrument's fit; option rows in implied volatility (percent) by inverting the model price with
    /// Black–Scholes (the vega-scaled error where the model price has no implied volatility).
    func rows(_ m: MarketModel) -> [MarketCalibration.Row] {
        let p = prices(m)
        var out = [MarketCalibration.Row(group: .index, name: "VIX", years: VIXFormula.defaultTau, market: quotes.vix, model: p.vix)]
        if let model = p.vix3m, let market = quotes.vix3m {
            out.append(.init(group: .index, name: "VIX3M", years: VIXFormula.threeMonthTau, market: market, model: model))
        }
        for (model, f) in zip(p.futures, quotes.futures) {
            out.append(.init(group: .future, name: "VX \(f.expiry)", years: f.years, market: f.settle, model: model))
        }
        if space.options {
            for (model, o) in zip(p.options, quotes.options) {
                let e = quotes.optionExpiries[o.expiryIndex]
                let iv = quotes.blackScholes(e).impliedVolatility(o.kind, strike: o.strike, price: model)
                    ?? o.impliedVolatility + (model - o.mid) / o.vega
                out.append(.init(group: .option, name: "SPX \(o.kind.rawValue) \(String(format: "%g", o.strike)) \(e.expiry)",
                                 years: e.years, market: 100 * o.impliedVolatility, model: 100 * iv))
            }
        }
        return out
    }
}
