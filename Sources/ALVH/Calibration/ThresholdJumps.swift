/// The jump part of the SPX under P by a threshold estimator: a day is a jump day when its log return is further than
/// `threshold` local standard deviations from the sample's mean return, the local standard deviation being the
/// filtered total variance's `sqrt(V_t dt)` at the start of the day (Mancini 2009's idea with the model's own spot
/// variance instead of a realised one).
///
/// - intensity: jump days per year, `N / (n dt)`, standard error `sqrt(N) / (n dt)` (Poisson).
/// - jump sizes: mean and standard deviation of the jump days' log returns (which include that day's diffusive part,
///   small against a 4-sd move); standard error of the mean `sd / sqrt(N)`.
/// - intensity against the variance level, `lambda_t = lambda_0 + lambda_1 V_t`: the least-squares line of the daily
///   jump indicator on `V_t`, divided by `dt`, with White (heteroskedasticity-robust) standard errors.
///
/// Caveats: jumps smaller than the threshold are missed and a Gaussian diffusion alone crosses 4 sd on about 6e-5 of
/// days (0.016 per year); with the Q-implied V (above realised variance by the variance risk premium) the threshold
/// is wide, so the intensity is a lower bound of the true one. Units: per year, log-return units, per year per unit
/// of variance.
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

    public init(logReturn r: [Double], totalVariance v: [Double], dt: Double = 1.0 / 252, threshold: Double = ThresholdJumps.defaultThreshold) {
        precondition(r.count == v.count && !r.isEmpty, "one variance per return")
        self.threshold = threshold
        let n = Double(r.count)
        let mean = r.reduce(0, +) / n
        let jumps = r.indices.map { abs(r[$0] - mean) > threshold * (max(v[$0], 0) * dt).squareRoot() }
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
