import Foundation

/// The real-world drift of two square-root variance factors estimated from the daily VIX and VIX3M by a Kalman filter
/// with measurement error: Gaussian quasi-maximum likelihood of the linear state-space form of the affine model (the
/// QML Kalman filter of Chen & Scott 1993 and Duan & Simonato 1999 for square-root term-structure models; Egloff,
/// Leippold & Wu 2010 for the VIX term structure).
///
/// - measurement, each day with a VIX (and VIX3M when there is one): `(VIX/100)^2 = B + A_1 v1 + A_2 v2 + e_1`,
///   `(VIX3M/100)^2 = B' + A'_1 v1 + A'_2 v2 + e_2` with the market's Q coefficients (`VIXFormula` at 30 and 93 days)
///   and independent errors `e_k ~ N(0, s_k^2)` (annualised variance units). Days with a VIX but no VIX3M update on
///   the VIX alone; days without a VIX only predict.
/// - transition, per factor over `dt = 1/252`: `v' = theta + (v - theta) e^{-kappa dt}` plus noise with the square-root
///   transition's exact conditional variance (`SquareRootFit.moments`) evaluated at the filtered mean (floored at
///   `FactorFilter.floor`), the factors' noises independent.
/// - estimated: `kappa_i`, `theta_i`, `sigma_i`, `s_1`, `s_2` by Nelder–Mead on their logarithms, from the market's
///   P drift and Q `sigma_i`. The schema shares `sigma_i` between P and Q (Girsanov), so `--out` writes the estimates
///   into the Q factor lines.
/// - standard errors: sandwich `H^{-1} (sum g_t g_t^T) H^{-1}` with `H` the numerical Hessian of the log-likelihood and
///   `g_t` each day's numerical score (central differences in the natural parameters).
///
/// Why a filter and not the 2 x 2 inversion (`FactorFilter`): the affine model's (VIX, VIX3M) set is a cone whose
/// upper edge has slope at most 1 in squared terms, while calm days show VIX3M^2 about 1.27 VIX^2; those days fall
/// outside the cone, and projecting them onto its edge switches the fast factor between zero and positive from day
/// to day, which the square-root QML reads as a half-life of days. The filter lets such days miss VIX3M by a
/// measurement error instead and keeps each factor's path smooth where the data are. On the real 1990-2026 history
/// with the panel-fitted Q of configs/markets/calibrated.yaml it does not yet give a better market than the
/// projection (METHODOLOGY.md section 7 has the check-model figures), so `.projection` stays the default. Caveats: Gaussian quasi-
/// likelihood (the square-root transition is not Gaussian), variance jumps only through the fitted drift (mapped
/// afterwards as for QML), truncation at the floor.
public struct FactorKalmanFilter: Sendable {
    public static let dt = 1.0 / 252
    public static let names = ["kappa_1", "theta_1", "kappa_2", "theta_2", "vix_error", "vix3m_error", "sigma_1", "sigma_2"]

    /// Per factor: the fitted `kappa`, `theta` and the held `sigma`, with residuals of the filtered path.
    public let factors: [SquareRootFit]
    /// The measurement error standard deviations of `(VIX/100)^2` and `(VIX3M/100)^2` (annualised variance).
    public let measurementErrors: [ParameterEstimate]
    /// Per SPX day: the filtered `[v1, v2]` after that day's update (`nil` before the first VIX).
    public let filtered: [[Double]?]
    public let logLikelihood: Double
    public let converged: Bool
    /// Days updated with both indices, with the VIX alone.
    public let daysWithBoth: Int
    public let daysWithVIXOnly: Int
    /// RMS of the VIX3M filtered-state misses, in VIX points (observed minus model at the filtered state).
    public let threeMonthRMSMiss: Double

    struct Parameters {
        var kappa: (Double, Double)
        var theta: (Double, Double)
        var sigma: (Double, Double)
        var error: (Double, Double)
    }

    /// - Parameters:
    ///   - vix, vix3m: closes per SPX day (`nil`: none that day).
    ///   - market: the Q formula (`vixFormula`, `threeMonthVIXFormula`), the held `sigma_i` and the start values of
    ///     `kappa_i`, `theta_i` (its P part).
    /// - Throws: `.tooFewTransitions` when fewer than `SquareRootFit.minimumTransitions` days have a VIX; `.noMaximum`
    ///   when the likelihood is nowhere finite.
    public init(vix: [Double?], vix3m: [Double?], market: MarketModel, what: String) throws(CalibrationError) {
        let f = market.vixFormula, f3 = market.threeMonthVIXFormula
        let observed = vix.compactMap { $0 }.count
        guard observed > SquareRootFit.minimumTransitions else {
            throw .tooFewTransitions(what: what, count: observed, needed: SquareRootFit.minimumTransitions)
        }
        let p = market.realWorld.factors, q = market.riskNeutral.factors
        let sigma = (q[0].sigma, q[1].sigma)
        func parameters(_ x: [Double]) -> Parameters {
            Parameters(kappa: (exp(x[0]), exp(x[2])), theta: (exp(x[1]), exp(x[3])), sigma: (exp(x[6]), exp(x[7])), error: (exp(x[4]), exp(x[5])))
        }
        let start = [log(max(p[0].kappa, 0.05)), log(max(p[0].theta, 1e-4)), log(max(p[1].kappa, 0.05)), log(max(p[1].theta, 1e-4)),
                     log(1e-3), log(1e-3), log(sigma.0), log(sigma.1)]
        func loss(_ x: [Double]) -> Double {
            guard x.allSatisfy({ abs($0) < 30 }) else { return .infinity }
            let k = parameters(x)
            guard k.kappa.0 <= 200, k.kappa.1 <= 200, k.theta.0 <= 4, k.theta.1 <= 4 else { return .infinity }
            return -Self.run(k, vix: vix, vix3m: vix3m, f: f, f3: f3).logLikelihood
        }
        var best = NelderMead(tolerance: 1e-10, maxIterations: 4000).minimize(loss, start: start, step: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3, 0.3])
        for _ in 0..<3 {
            let again = NelderMead(tolerance: 1e-10, maxIterations: 4000).minimize(loss, start: best.point, step: [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1, 0.1])
            let gain = best.value - again.value
            if again.value < best.value { best = again }
            if gain < 1e-9 * max(abs(best.value), 1) { break }
        }
        guard best.value.isFinite else { throw .noMaximum(what: what) }
        let fit = parameters(best.point)
        let result = Self.run(fit, vix: vix, vix3m: vix3m, f: f, f3: f3)
        let natural = [fit.kappa.0, fit.theta.0, fit.kappa.1, fit.theta.1, fit.error.0, fit.error.1, fit.sigma.0, fit.sigma.1]
        let ses = Self.sandwichStandardErrors(at: natural, sigma: sigma, vix: vix, vix3m: vix3m, f: f, f3: f3)
        func estimate(_ i: Int, _ name: String, _ units: String) -> ParameterEstimate {
            ParameterEstimate(name: name, value: natural[i], standardError: ses?[i], units: units)
        }
        // Per factor: the filtered path's transitions give the residuals (for the correlations).
        var starts: [[Double]] = [[], []], ends: [[Double]] = [[], []]
        for t in 0..<max(result.filtered.count - 1, 0) {
            guard let a = result.filtered[t], let b = result.filtered[t + 1], vix[t] != nil, vix[t + 1] != nil else { continue }
            for i in 0..<2 { starts[i].append(a[i]); ends[i].append(b[i]) }
        }
        factors = (0..<2).map { i in
            SquareRootFit(kappa: estimate(2 * i, "kappa", "per year"), theta: estimate(2 * i + 1, "theta", "variance per year"),
                          sigma: estimate(6 + i, "sigma", "per sqrt(year)"),
                          logLikelihood: result.logLikelihood, converged: best.converged, start: starts[i], end: ends[i], dt: Self.dt)
        }
        measurementErrors = [estimate(4, "vix_error", "variance per year"), estimate(5, "vix3m_error", "variance per year")]
        filtered = result.filtered
        logLikelihood = result.logLikelihood
        converged = best.converged
        daysWithBoth = result.both
        daysWithVIXOnly = result.vixOnly
        var sq = 0.0, n = 0
        for (t, state) in result.filtered.enumerated() {
            guard let state, t < vix3m.count, let c3 = vix3m[t] else { continue }
            let miss = c3 - f3.vix(variance: state[0], secondVariance: state[1])
            sq += miss * miss
            n += 1
        }
        threeMonthRMSMiss = n > 0 ? (sq / Double(n)).squareRoot() : 0
    }

    /// One pass of the filter: the log-likelihood, each day's contribution and the filtered states.
    static func run(_ k: Parameters, vix: [Double?], vix3m: [Double?], f: VIXFormula, f3: VIXFormula)
        -> (logLikelihood: Double, perDay: [Double], filtered: [[Double]?], both: Int, vixOnly: Int) {
        let dt = Self.dt, floor = FactorFilter.floor
        let e = (exp(-k.kappa.0 * dt), exp(-k.kappa.1 * dt))
        // State mean and covariance; start at the stationary law.
        var m = (k.theta.0, k.theta.1)
        var p00 = k.theta.0 * k.sigma.0 * k.sigma.0 / (2 * k.kappa.0), p11 = k.theta.1 * k.sigma.1 * k.sigma.1 / (2 * k.kappa.1), p01 = 0.0
        let r0 = k.error.0 * k.error.0, r1 = k.error.1 * k.error.1
        var total = 0.0, both = 0, vixOnly = 0
        var perDay = [Double](repeating: 0, count: vix.count)
        var filtered = [[Double]?](repeating: nil, count: vix.count)
        var started = false
        let log2pi = log(2 * Double.pi)
        for t in vix.indices {
            if started {
                // Predict one trading day.
                let q0 = SquareRootFit.moments(kappa: k.kappa.0, theta: k.theta.0, sigma: k.sigma.0, v: max(m.0, floor), dt: dt).variance
                let q1 = SquareRootFit.moments(kappa: k.kappa.1, theta: k.theta.1, sigma: k.sigma.1, v: max(m.1, floor), dt: dt).variance
                m = (k.theta.0 + (m.0 - k.theta.0) * e.0, k.theta.1 + (m.1 - k.theta.1) * e.1)
                p00 = e.0 * e.0 * p00 + q0
                p11 = e.1 * e.1 * p11 + q1
                p01 = e.0 * e.1 * p01
            }
            guard let close = vix[t] else { continue }
            started = true
            let y0 = (close / 100) * (close / 100) - f.b
            let h0 = (f.a, f.a2)
            let close3 = t < vix3m.count ? vix3m[t] : nil
            if let close3 {
                both += 1
                let y1 = (close3 / 100) * (close3 / 100) - f3.b
                let h1 = (f3.a, f3.a2)
                // Innovation and its covariance S = H P H' + R.
                let n0 = y0 - (h0.0 * m.0 + h0.1 * m.1), n1 = y1 - (h1.0 * m.0 + h1.1 * m.1)
                let ph0 = (p00 * h0.0 + p01 * h0.1, p01 * h0.0 + p11 * h0.1)   // P h0'
                let ph1 = (p00 * h1.0 + p01 * h1.1, p01 * h1.0 + p11 * h1.1)   // P h1'
                let s00 = h0.0 * ph0.0 + h0.1 * ph0.1 + r0
                let s11 = h1.0 * ph1.0 + h1.1 * ph1.1 + r1
                let s01 = h0.0 * ph1.0 + h0.1 * ph1.1
                let det = s00 * s11 - s01 * s01
                guard det > 0, det.isFinite else { return (-.infinity, perDay, filtered, both, vixOnly) }
                let i00 = s11 / det, i11 = s00 / det, i01 = -s01 / det
                let quad = n0 * (i00 * n0 + i01 * n1) + n1 * (i01 * n0 + i11 * n1)
                let ll = -0.5 * (2 * log2pi + log(det) + quad)
                perDay[t] = ll
                total += ll
                // Gain K = P H' S^{-1} (2 x 2).
                let k00 = ph0.0 * i00 + ph1.0 * i01, k01 = ph0.0 * i01 + ph1.0 * i11
                let k10 = ph0.1 * i00 + ph1.1 * i01, k11 = ph0.1 * i01 + ph1.1 * i11
                m = (m.0 + k00 * n0 + k01 * n1, m.1 + k10 * n0 + k11 * n1)
                // P - K H P (symmetric).
                let a00 = p00 - (k00 * ph0.0 + k01 * ph1.0)
                let a01 = p01 - (k00 * ph0.1 + k01 * ph1.1)
                let a11 = p11 - (k10 * ph0.1 + k11 * ph1.1)
                (p00, p01, p11) = (a00, a01, a11)
            } else {
                vixOnly += 1
                let n0 = y0 - (h0.0 * m.0 + h0.1 * m.1)
                let ph0 = (p00 * h0.0 + p01 * h0.1, p01 * h0.0 + p11 * h0.1)
                let s = h0.0 * ph0.0 + h0.1 * ph0.1 + r0
                guard s > 0, s.isFinite else { return (-.infinity, perDay, filtered, both, vixOnly) }
                let ll = -0.5 * (log2pi + log(s) + n0 * n0 / s)
                perDay[t] = ll
                total += ll
                let g = (ph0.0 / s, ph0.1 / s)
                m = (m.0 + g.0 * n0, m.1 + g.1 * n0)
                (p00, p01, p11) = (p00 - g.0 * ph0.0, p01 - g.0 * ph0.1, p11 - g.1 * ph0.1)
            }
            m = (max(m.0, floor), max(m.1, floor))
            filtered[t] = [m.0, m.1]
        }
        return (total.isFinite ? total : -.infinity, perDay, filtered, both, vixOnly)
    }

    /// Sandwich standard errors of the natural parameters (in the order of `names`); `nil` when
    /// the Hessian is not invertible or a variance is not positive.
    static func sandwichStandardErrors(at x: [Double], sigma: (Double, Double), vix: [Double?], vix3m: [Double?],
                                       f: VIXFormula, f3: VIXFormula) -> [Double]? {
        let n = x.count
        let h = x.map { 1e-2 * $0 }
        func pass(_ moves: [(Int, Double)]) -> (total: Double, perDay: [Double]) {
            var y = x
            for (i, s) in moves { y[i] += s * h[i] }
            let r = run(Parameters(kappa: (y[0], y[2]), theta: (y[1], y[3]), sigma: (y[6], y[7]), error: (y[4], y[5])), vix: vix, vix3m: vix3m, f: f, f3: f3)
            return (r.logLikelihood, r.perDay)
        }
        let f0 = pass([]).total
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var up: [[Double]] = [], down: [[Double]] = []
        for i in 0..<n {
            let u = pass([(i, 1)]), d = pass([(i, -1)])
            up.append(u.perDay)
            down.append(d.perDay)
            hessian[i][i] = (u.total - 2 * f0 + d.total) / (h[i] * h[i])
            for j in 0..<i {
                let v = (pass([(i, 1), (j, 1)]).total - pass([(i, 1), (j, -1)]).total
                         - pass([(i, -1), (j, 1)]).total + pass([(i, -1), (j, -1)]).total) / (4 * h[i] * h[j])
                hessian[i][j] = v
                hessian[j][i] = v
            }
        }
        var outer = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for t in vix.indices {
            let g = (0..<n).map { (up[$0][t] - down[$0][t]) / (2 * h[$0]) }
            for i in 0..<n { for j in 0..<n { outer[i][j] += g[i] * g[j] } }
        }
        guard let hinv = smallMatrixInverse(hessian) else { return nil }
        var ses: [Double] = []
        for i in 0..<n {
            var v = 0.0
            for a in 0..<n { for b in 0..<n { v += hinv[i][a] * outer[a][b] * hinv[b][i] } }
            guard v.isFinite, v > 0 else { return nil }
            ses.append(v.squareRoot())
        }
        return ses
    }

    /// One line for the report.
    public var summary: String {
        let e = measurementErrors.map { String(format: "%.3g", $0.value) }
        return "Kalman filter: (v1, v2) from VIX and VIX3M on \(daysWithBoth) days, from the VIX alone on \(daysWithVIXOnly); "
            + "measurement error sd \(e[0]) (VIX^2) and \(e[1]) (VIX3M^2); VIX3M at the filtered factors missed by "
            + String(format: "%.2f", threeMonthRMSMiss) + " points RMS"
    }
}
