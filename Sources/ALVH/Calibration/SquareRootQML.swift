import Foundation

/// Gaussian quasi-maximum likelihood for one square-root (CIR) variance factor `dv = kappa (theta - v) dt + sigma
/// sqrt(v) dW`, observed daily (`dt = 1/252` years), on the transition's exact first two conditional moments:
///
///     E[v_{t+dt} | v_t]   = theta + (v_t - theta) e^{-kappa dt}
///     Var[v_{t+dt} | v_t] = v_t sigma^2 (e^{-kappa dt} - e^{-2 kappa dt}) / kappa + theta sigma^2 (1 - e^{-kappa dt})^2 / (2 kappa)
///
/// (Cox, Ingersoll & Ross 1985; the Gaussian QML of e.g. Fisher & Gilles 1996). The log-likelihood
/// `sum -1/2 [ln(2 pi s_t^2) + (v_{t+dt} - m_t)^2 / s_t^2]` is maximised over `(ln kappa, ln theta, ln sigma)` by
/// Nelder–Mead from the AR(1) moment estimates. With the right conditional mean and variance the QML estimator is
/// consistent even though the true transition (a scaled non-central chi-square) is not Gaussian, so its standard
/// errors are the sandwich form `H^{-1} (sum g_t g_t^T) H^{-1}` (H the numerical Hessian of the log-likelihood and
/// g_t each transition's numerical score, both by central differences in `(kappa, theta, sigma)`). Caveats: variance
/// jumps and filtering error are not in the moments (they bias kappa and sigma on real data); the sandwich is the
/// i.i.d.-score form (no serial correlation correction). Units: kappa per year, theta annualised variance, sigma per
/// sqrt(year).
public struct SquareRootFit: Sendable, Equatable {
    public let kappa: ParameterEstimate
    public let theta: ParameterEstimate
    public let sigma: ParameterEstimate
    public let logLikelihood: Double
    public let transitions: Int
    /// Whether Nelder–Mead met its tolerance (the estimates are reported either way; the report says which).
    public let converged: Bool
    /// The standardised residuals `(v_{t+dt} - m_t) / s_t`, one per transition (for the correlations).
    public let residuals: [Double]

    /// Fewest transitions a fit accepts.
    public static let minimumTransitions = 30

    /// Fits one factor to the pairs `(start[i], end[i])`, `dt` apart (years). `what` names the sample in errors.
    public init(start: [Double], end: [Double], dt: Double = 1.0 / 252, what: String) throws(CalibrationError) {
        precondition(start.count == end.count, "one end per start")
        let n = start.count
        guard n >= SquareRootFit.minimumTransitions else {
            throw .tooFewTransitions(what: what, count: n, needed: SquareRootFit.minimumTransitions)
        }
        let moments = SquareRootFit.momentStart(start: start, end: end, dt: dt)
        let objective: ([Double]) -> Double = { p in
            -SquareRootFit.logLikelihood(kappa: exp(p[0]), theta: exp(p[1]), sigma: exp(p[2]), start: start, end: end, dt: dt)
        }
        let x0 = [log(moments.kappa), log(moments.theta), log(moments.sigma)]
        var best = NelderMead().minimize(objective, start: x0, step: [0.5, 0.3, 0.3])
        // One restart from the optimum with a fresh simplex (Nelder–Mead can stall on a collapsed simplex).
        let again = NelderMead().minimize(objective, start: best.point, step: [0.1, 0.1, 0.1])
        if again.value <= best.value { best = again }
        guard best.value.isFinite else { throw .noMaximum(what: what) }
        let p = best.point.map { exp($0) }
        let ses = SquareRootFit.sandwichStandardErrors(at: p, start: start, end: end, dt: dt)
        kappa = ParameterEstimate(name: "kappa", value: p[0], standardError: ses?[0], units: "per year")
        theta = ParameterEstimate(name: "theta", value: p[1], standardError: ses?[1], units: "variance per year")
        sigma = ParameterEstimate(name: "sigma", value: p[2], standardError: ses?[2], units: "per sqrt(year)")
        logLikelihood = -best.value
        transitions = n
        converged = best.converged && again.converged
        residuals = (0..<n).map { i in
            let (m, s2) = SquareRootFit.moments(kappa: p[0], theta: p[1], sigma: p[2], v: start[i], dt: dt)
            return (end[i] - m) / s2.squareRoot()
        }
    }

    /// A fit made elsewhere (the Kalman filter's, `FactorKalmanFilter`): its estimates, with the standardised residuals
    /// of the transitions `(start[i], end[i])` at them.
    init(kappa: ParameterEstimate, theta: ParameterEstimate, sigma: ParameterEstimate, logLikelihood: Double, converged: Bool,
         start: [Double], end: [Double], dt: Double) {
        self.kappa = kappa
        self.theta = theta
        self.sigma = sigma
        self.logLikelihood = logLikelihood
        self.converged = converged
        transitions = start.count
        residuals = start.indices.map { i in
            let (m, s2) = SquareRootFit.moments(kappa: kappa.value, theta: theta.value, sigma: sigma.value, v: start[i], dt: dt)
            return (end[i] - m) / s2.squareRoot()
        }
    }

    /// The exact conditional mean and variance of `v_{t+dt}` given `v_t = v`.
    @inline(__always)
    static func moments(kappa: Double, theta: Double, sigma: Double, v: Double, dt: Double) -> (mean: Double, variance: Double) {
        let e = exp(-kappa * dt), oneMinusE = -expm1(-kappa * dt)
        let s2 = sigma * sigma
        return (theta + (v - theta) * e, v * s2 * e * oneMinusE / kappa + theta * s2 * oneMinusE * oneMinusE / (2 * kappa))
    }

    /// One transition's Gaussian log-likelihood.
    @inline(__always)
    static func logDensity(kappa: Double, theta: Double, sigma: Double, v: Double, next: Double, dt: Double) -> Double {
        let (m, s2) = moments(kappa: kappa, theta: theta, sigma: sigma, v: v, dt: dt)
        let r = next - m
        return -0.5 * (log(2 * Double.pi * s2) + r * r / s2)
    }

    static func logLikelihood(kappa: Double, theta: Double, sigma: Double, start: [Double], end: [Double], dt: Double) -> Double {
        var sum = 0.0
        for i in start.indices { sum += logDensity(kappa: kappa, theta: theta, sigma: sigma, v: start[i], next: end[i], dt: dt) }
        return sum
    }

    /// Starting values from the AR(1) regression `v_{t+dt} = a + b v_t + e`: `kappa = -ln b / dt`, `theta = a / (1 - b)`,
    /// `sigma^2 = Var(e) / (mean(v) dt)`, each kept in a sane range when the regression is degenerate.
    static func momentStart(start: [Double], end: [Double], dt: Double) -> (kappa: Double, theta: Double, sigma: Double) {
        let n = Double(start.count)
        let mx = start.reduce(0, +) / n, my = end.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for i in start.indices { sxx += (start[i] - mx) * (start[i] - mx); sxy += (start[i] - mx) * (end[i] - my) }
        let b = sxx > 0 ? min(max(sxy / sxx, 0.5), 0.9999) : 0.99
        let a = my - b * mx
        var see = 0.0
        for i in start.indices { let e = end[i] - a - b * start[i]; see += e * e }
        let kappa = -log(b) / dt
        let theta = min(max(a / (1 - b), 1e-5), 4)
        let sigma = min(max((see / n / (max(mx, 1e-6) * dt)).squareRoot(), 0.01), 10)
        return (kappa, theta, sigma)
    }

    /// Sandwich standard errors of `(kappa, theta, sigma)` at `p`; `nil` when the Hessian is not invertible.
    static func sandwichStandardErrors(at p: [Double], start: [Double], end: [Double], dt: Double) -> [Double]? {
        let h = p.map { 1e-4 * $0 }
        func total(_ q: [Double]) -> Double { logLikelihood(kappa: q[0], theta: q[1], sigma: q[2], start: start, end: end, dt: dt) }
        func shifted(_ moves: [(Int, Double)]) -> [Double] {
            var q = p
            for (i, s) in moves { q[i] += s * h[i] }
            return q
        }
        // Numerical Hessian of the total log-likelihood (central differences).
        let f0 = total(p)
        var hessian = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            hessian[i][i] = (total(shifted([(i, 1)])) - 2 * f0 + total(shifted([(i, -1)]))) / (h[i] * h[i])
            for j in 0..<i {
                let v = (total(shifted([(i, 1), (j, 1)])) - total(shifted([(i, 1), (j, -1)]))
                         - total(shifted([(i, -1), (j, 1)])) + total(shifted([(i, -1), (j, -1)]))) / (4 * h[i] * h[j])
                hessian[i][j] = v
                hessian[j][i] = v
            }
        }
        // Per-transition scores.
        var outer = [[Double]](repeating: [0, 0, 0], count: 3)
        let up = (0..<3).map { shifted([($0, 1)]) }, down = (0..<3).map { shifted([($0, -1)]) }
        for t in start.indices {
            var g = [0.0, 0.0, 0.0]
            for i in 0..<3 {
                let lu = logDensity(kappa: up[i][0], theta: up[i][1], sigma: up[i][2], v: start[t], next: end[t], dt: dt)
                let ld = logDensity(kappa: down[i][0], theta: down[i][1], sigma: down[i][2], v: start[t], next: end[t], dt: dt)
                g[i] = (lu - ld) / (2 * h[i])
            }
            for i in 0..<3 { for j in 0..<3 { outer[i][j] += g[i] * g[j] } }
        }
        guard let hinv = smallMatrixInverse(hessian) else { return nil }
        var ses: [Double] = []
        for i in 0..<3 {
            var v = 0.0
            for a in 0..<3 { for b in 0..<3 { v += hinv[i][a] * outer[a][b] * hinv[b][i] } }
            guard v.isFinite, v > 0 else { return nil }
            ses.append(v.squareRoot())
        }
        return ses
    }
}
