/// The jump part of the SPX under P by a threshold estimator (Mancini 2009; the local scale by bipower variation,
/// Barndorff-Nielsen & Shephard 2004): a day is a jump day when its log return is further than `threshold` local
/// standard deviations from the sample's mean return, the local standard deviation being
/// `sqrt((pi/2) mean |r_{s-1}| |r_s|)` over the `window` returns before the day (robust to a jump among them). The first
/// `window + 1` days of the sample have no local scale and count as non-jump days. A realised scale, not the filtered
/// `V`: the Q-implied `V` sits above realised variance (the variance risk premium) and at a floored day is near zero.
///
/// - intensity: jump days per year, `N / (n dt)`, standard error `sqrt(N) / (n dt)` (Poisson).
/// - jump sizes: mean and standard deviation of the jump days' log returns (which include that day's diffusive part,
///   small against a 4-sd move); standard error of the mean `sd / sqrt(N)`, of the sd `sd / sqrt(2 (N - 1))`.
/// - intensity against the variance level, `lambda_t = lambda_0 + lambda_1 V_t` (`V_t` the filtered total variance at
///   the start of the day): the least-squares line of the daily jump indicator on `V_t`, divided by `dt`, with White
///   (heteroskedasticity-robust) standard errors.
///
/// Caveats: jumps smaller than the threshold are missed, and a diffusion alone crosses 4 estimated sds on some days (the
/// scale comes from 21 returns while the variance moves: about 0.65 false jump days a year on simulated square-root
/// histories without jumps, `CalibrationTests`); a sample restricted to a VIX band is not contiguous, so the
/// local window then spans the band's own previous days. Units: per year, log-return units, per year per unit of
/// variance.
public struct ThresholdJumps: Sendable, Equatable {
    /// Default threshold, in local standard deviations.
    public static let defaultThreshold = 4.0

    public let threshold: Double
    /// Jump days (`N`).
    public let count: Int
    public let intensity: ParameterEstimate
    public let meanLogJump: ParameterEstimate?
    public let logJumpVolatility: ParameterEstimate?
    public let intensityAtZeroVariance: ParameterEstimate?
    public let intensityPerVariance: ParameterEstimate?
    /// Per transition: whether it is a jump day.
    public let isJump: [Bool]

    /// Returns in the local scale's window.
    public static let defaultWindow = 21

    public init(logReturn r: [Double], totalVariance v: [Double], dt: Double = 1.0 / 252, threshold: Double = ThresholdJumps.defaultThreshold,
                window: Int = ThresholdJumps.defaultWindow) {
        precondition(r.count == v.count && !r.isEmpty && window >= 2, "one variance per return, a window of at least 2")
        self.threshold = threshold
        let n = Double(r.count)
        let mean = r.reduce(0, +) / n
        var jumps = [Bool](repeating: false, count: r.count)
        if r.count > window + 1 {
            // Running sum of |r_{s-1}| |r_s| over the `window` products before day t.
            var products = 0.0
            for s in 1...window { products += abs(r[s - 1]) * abs(r[s]) }
            for t in (window + 1)..<r.count {
                let scale = (Double.pi / 2 * products / Double(window)).squareRoot()
                jumps[t] = scale > 0 && abs(r[t] - mean) > threshold * scale
                products += abs(r[t - 1]) * abs(r[t]) - abs(r[t - window - 1]) * abs(r[t - window])
            }
        }
        isJump = jumps
        let sizes = r.indices.filter { jumps[$0] }.map { r[$0] }
        let count = sizes.count
        self.count = count
        let years = n * dt
        intensity = ParameterEstimate(name: "jump_intensity", value: Double(count) / years,
                                      standardError: Double(count).squareRoot() / years, units: "per year")
        if count >= 1 {
            let m = sizes.reduce(0, +) / Double(count)
            let sd = count >= 2 ? (sizes.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(count - 1)).squareRoot() : nil
            let nJ = Double(count)
            meanLogJump = ParameterEstimate(name: "mean_log_jump_size", value: m, standardError: sd.map { $0 / nJ.squareRoot() },
                                            units: "log return")
            logJumpVolatility = sd.map {
                ParameterEstimate(name: "log_jump_vol", value: $0, standardError: $0 / (2 * (nJ - 1)).squareRoot(), units: "log return")
            }
        } else {
            meanLogJump = nil
            logJumpVolatility = nil
        }
        // Least squares of the jump indicator on V, White standard errors.
        let mv = v.reduce(0, +) / n
        let my = Double(count) / n
        var svv = 0.0, svy = 0.0
        for i in v.indices { svv += (v[i] - mv) * (v[i] - mv); svy += (v[i] - mv) * ((jumps[i] ? 1 : 0) - my) }
        if svv > 0 {
            let b = svy / svv, a = my - b * mv
            var sb = 0.0, sa = 0.0
            for i in v.indices {
                let e = (jumps[i] ? 1 : 0) - a - b * v[i]
                let wb = (v[i] - mv) / svv
                let wa = 1 / n - mv * wb
                sb += wb * wb * e * e
                sa += wa * wa * e * e
            }
            intensityAtZeroVariance = ParameterEstimate(name: "jump_intensity_at_zero_variance", value: a / dt,
                                                        standardError: sa.squareRoot() / dt, units: "per year")
            intensityPerVariance = ParameterEstimate(name: "intensity_per_variance", value: b / dt, standardError: sb.squareRoot() / dt,
                                                     units: "per year per unit variance")
        } else {
            intensityAtZeroVariance = nil
            intensityPerVariance = nil
        }
    }
}
