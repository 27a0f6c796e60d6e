/// The real-world (P) parameters estimated from one sample of daily transitions (all of a window, or one VIX band):
///
/// - per factor `i`: `kappa_i, theta_i, sigma_i` by Gaussian QML on the square-root transition (`SquareRootFit`);
/// - per factor `i`: `rho_i`, the correlation of the SPX and factor-`i` shocks, by the moment condition
///   `E[(r_t - rbar) e_{i,t}] = rho_i sigma_i v_{i,t} dt` on the non-jump days (`e_{i,t}` the factor's raw QML
///   residual, `r_t` the SPX log return): `rho_i = sum (r_t - rbar) e_{i,t} / (sigma_i dt sum v_{i,t})`, with the
///   ratio estimator's robust standard error `sqrt(sum (y_t - rho_i v_{i,t})^2) / sum v_{i,t}` (`y_t` the summand;
///   the error of `sigma_i` is not propagated). With one factor this is the usual leverage correlation;
///   with two it is each factor's own `rho_i` (`d<B_i, W_i>`), not the total correlation of returns and VIX;
/// - the SPX price drift `mu - q = 252 mean(r) + 252 Var(r) / 2` (annualised mean log return plus half the variance;
///   `alvh`'s `equity_drift` adds the market's dividend yield), standard error `sd(g_t) / sqrt(n)` with
///   `g_t = 252 (r_t + (r_t - rbar)^2 / 2)`;
/// - the jump part by `ThresholdJumps` on the filtered total variance.
public struct PhysicalEstimates: Sendable, Equatable {
    public static let dt = 1.0 / 252

    public let transitions: Int
    public let factors: [SquareRootFit]
    public let correlations: [ParameterEstimate]
    public let priceDrift: ParameterEstimate
    public let jumps: ThresholdJumps
    /// Mean of the starting VIX over the sample.
    public let meanVIX: Double

    /// - Throws: `CalibrationError.tooFewTransitions` or `.noMaximum`; `what` names the sample.
    public init(sample: CalibrationSample, what: String) throws(CalibrationError) {
        let dt = PhysicalEstimates.dt
        let n = sample.count
        guard n >= SquareRootFit.minimumTransitions else {
            throw .tooFewTransitions(what: what, count: n, needed: SquareRootFit.minimumTransitions)
        }
        transitions = n
        meanVIX = sample.startVIX.reduce(0, +) / Double(n)
        var fits: [SquareRootFit] = []
        for i in 0..<sample.factorCount {
            fits.append(try SquareRootFit(start: sample.start[i], end: sample.end[i], dt: dt,
                                          what: sample.factorCount == 1 ? what : "\(what), factor \(i + 1)"))
        }
        factors = fits
        let r = sample.logReturn
        let rbar = r.reduce(0, +) / Double(n)
        let g = r.map { 252 * ($0 + 0.5 * ($0 - rbar) * ($0 - rbar)) }
        let gbar = g.reduce(0, +) / Double(n)
        let gsd = (g.map { ($0 - gbar) * ($0 - gbar) }.reduce(0, +) / Double(max(n - 1, 1))).squareRoot()
        priceDrift = ParameterEstimate(name: "price_drift", value: gbar, standardError: gsd / Double(n).squareRoot(), units: "per year")
        jumps = ThresholdJumps(logReturn: r, totalVariance: sample.startTotalVariance, dt: dt)
        var rhos: [ParameterEstimate] = []
        for (i, fit) in fits.enumerated() {
            let kappa = fit.kappa.value, theta = fit.theta.value, sigma = fit.sigma.value
            var ys: [Double] = [], vs: [Double] = []
            for t in 0..<n where !jumps.isJump[t] {
                let v = sample.start[i][t]
                let (m, _) = SquareRootFit.moments(kappa: kappa, theta: theta, sigma: sigma, v: v, dt: dt)
                ys.append((r[t] - rbar) * (sample.end[i][t] - m) / (sigma * dt))
                vs.append(v)
            }
            var sv = 0.0, sy = 0.0
            for k in vs.indices { sv += vs[k]; sy += ys[k] }
            let rho = sv > 0 ? sy / sv : 0
            var sq = 0.0
            for k in vs.indices { sq += (ys[k] - rho * vs[k]) * (ys[k] - rho * vs[k]) }
            let se: Double? = sv > 0 ? sq.squareRoot() / sv : nil
            rhos.append(ParameterEstimate(name: "rho", value: rho, standardError: se, units: "correlation"))
        }
        correlations = rhos
    }
}
