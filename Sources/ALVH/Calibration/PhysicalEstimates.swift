/// The real-world (P) parameters estimated from one sample of daily transitions (all of a window, or one VIX band):
///
/// - per factor `i`: `kappa_i, theta_i, sigma_i` by Gaussian QML on the square-root transition (`SquareRootFit`);
/// - per factor `i`: `rho_i = d<B_i, W_i>/dt`, from the non-jump days' SPX log returns `r_t` and the factor's raw
///   QML residuals `e_{i,t} = v_{i,t+dt} - E[v_{i,t+dt} | v_{i,t}]`. Under the model `Cov_t(r, e_i) = rho_i sigma_i
///   v_i dt`, `Var_t(r) = V dt`, `Var_t(e_i) ~ sigma_i^2 v_i dt`, so the pooled correlation is `rho_i sqrt(sum v_i /
///   sum V)` and `rho_i = corr(r, e_i) sqrt(sum V_t / sum v_{i,t})` (one factor: the plain correlation). Standard
///   error by a delete-a-group jackknife over 20 contiguous groups of days (robust to heteroskedasticity and short
///   serial dependence). Two factors: each factor's own `rho_i`, not the total return-VIX correlation;
/// - the SPX price drift `mu - q = 252 mean(r) + 252 Var(r) / 2` (annualised mean log return plus half the variance;
///   `alvh`'s `equity_drift` adds the market's dividend yield), standard error `sd(g_t) / sqrt(n)` with
///   `g_t = 252 (r_t + (r_t - rbar)^2 / 2)`;
/// - the jump part by `ThresholdJumps` on the filtered total variance, and the P mean variance jump `mu_v` from the
///   fast factor's moves on those days (`varianceJumpMean`). Caveat: days are picked by the size of the SPX move, so
///   with a jump correlation `rho_J < 0` larger variance jumps are picked more often (biased up), and the
///   threshold's false jump days (about 0.65 a year, diffusive) pull it toward 0.
public struct PhysicalEstimates: Sendable, Equatable {
    public static let dt = 1.0 / 252
    /// Groups of the jackknife standard error of `rho_i`.
    public static let jackknifeGroups = 20

    public let transitions: Int
    public let factors: [SquareRootFit]
    public let correlations: [ParameterEstimate]
    public let priceDrift: ParameterEstimate
    public let jumps: ThresholdJumps
    /// The P mean variance jump `mu_v`: the mean, over the jump days, of the fast factor's QML residual
    /// `v_{1,t+dt} - E[v_{1,t+dt} | v_{1,t}]` (the day's move beyond its expected one; the conditional mean's own
    /// jump drift is a day's worth, negligible), standard error `sd / sqrt(jump days)`; nil with fewer than 2 jump days.
    /// Recovered within 3 standard errors from simulated SVCJ histories with `rho_J = 0` (`CalibrationTests`).
    public let varianceJumpMean: ParameterEstimate?
    /// Mean of the starting VIX over the sample.
    public let meanVIX: Double

    /// - Parameter factorFits: the factors' fits when made elsewhere (the Kalman filter's); `nil`: QML on the sample.
    /// - Throws: `CalibrationError.tooFewTransitions` or `.noMaximum`; `what` names the sample.
    public init(sample: CalibrationSample, what: String, factorFits: [SquareRootFit]? = nil) throws(CalibrationError) {
        let dt = PhysicalEstimates.dt
        let n = sample.count
        guard n >= SquareRootFit.minimumTransitions else {
            throw .tooFewTransitions(what: what, count: n, needed: SquareRootFit.minimumTransitions)
        }
        transitions = n
        meanVIX = sample.startVIX.reduce(0, +) / Double(n)
        var fits: [SquareRootFit] = []
        for i in 0..<sample.factorCount where factorFits == nil {
            fits.append(try SquareRootFit(start: sample.start[i], end: sample.end[i], dt: dt,
                                          what: sample.factorCount == 1 ? what : "\(what), factor \(i + 1)"))
        }
        factors = factorFits ?? fits
        let r = sample.logReturn
        let rbar = r.reduce(0, +) / Double(n)
        let g = r.map { 252 * ($0 + 0.5 * ($0 - rbar) * ($0 - rbar)) }
        let gbar = g.reduce(0, +) / Double(n)
        let gsd = (g.map { ($0 - gbar) * ($0 - gbar) }.reduce(0, +) / Double(max(n - 1, 1))).squareRoot()
        priceDrift = ParameterEstimate(name: "price_drift", value: gbar, standardError: gsd / Double(n).squareRoot(), units: "per year")
        let jumpDays = ThresholdJumps(logReturn: r, totalVariance: sample.startTotalVariance, dt: dt)
        jumps = jumpDays
        let jumpIndices = (0..<n).filter { jumpDays.isJump[$0] }
        if jumpIndices.count >= 2, let fast = factors.first {
            let moves = jumpIndices.map { t in
                sample.end[0][t] - SquareRootFit.moments(kappa: fast.kappa.value, theta: fast.theta.value, sigma: fast.sigma.value,
                                                         v: sample.start[0][t], dt: dt).mean
            }
            let mean = moves.reduce(0, +) / Double(moves.count)
            let sd = (moves.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(moves.count - 1)).squareRoot()
            varianceJumpMean = ParameterEstimate(name: "variance_jump_mean", value: mean, standardError: sd / Double(moves.count).squareRoot(),
                                                 units: "variance per year")
        } else {
            varianceJumpMean = nil
        }
        // rho_i = corr(r - rbar, e_i) sqrt(sum V / sum v_i) on non-jump days (see the type's comment), with a
        // delete-a-group jackknife standard error over `jackknifeGroups` contiguous groups of days.
        let total = sample.startTotalVariance
        var rhos: [ParameterEstimate] = []
        let kept = (0..<n).filter { !jumpDays.isJump[$0] }
        let groups = PhysicalEstimates.jackknifeGroups
        for (i, fit) in factors.enumerated() {
            // Per group: sums of r e, r^2, e^2, r, e, V, v_i.
            var sums = [[Double]](repeating: [Double](repeating: 0, count: 7), count: groups)
            for (k, t) in kept.enumerated() {
                let g = k * groups / kept.count
                let x = r[t], (m, _) = SquareRootFit.moments(kappa: fit.kappa.value, theta: fit.theta.value, sigma: fit.sigma.value,
                                                            v: sample.start[i][t], dt: dt)
                let e = sample.end[i][t] - m
                let terms = [x * e, x * x, e * e, x, e, total[t], sample.start[i][t]]
                for c in 0..<7 { sums[g][c] += terms[c] }
            }
            func estimate(leaving out: Int?) -> Double {
                var s = [Double](repeating: 0, count: 7)
                var count = 0
                for (g, row) in sums.enumerated() where g != out {
                    for c in 0..<7 { s[c] += row[c] }
                    count += 1
                }
                let days = Double(kept.count) * Double(count) / Double(groups)
                let cov = s[0] - s[3] * s[4] / days, vr = s[1] - s[3] * s[3] / days, ve = s[2] - s[4] * s[4] / days
                guard vr > 0, ve > 0, s[6] > 0 else { return 0 }
                return cov / (vr * ve).squareRoot() * (s[5] / s[6]).squareRoot()
            }
            let rho = estimate(leaving: nil)
            let parts = (0..<groups).map { estimate(leaving: $0) }
            let mean = parts.reduce(0, +) / Double(groups)
            var sq = 0.0
            for p in parts { sq += (p - mean) * (p - mean) }
            let se: Double? = kept.count >= 2 * groups ? (Double(groups - 1) / Double(groups) * sq).squareRoot() : nil
            rhos.append(ParameterEstimate(name: "rho", value: rho, standardError: se, units: "correlation"))
        }
        correlations = rhos
    }
}
