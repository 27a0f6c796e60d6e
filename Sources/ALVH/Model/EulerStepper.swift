/// Full-truncation Euler (Lord, Koekkoek & van Dijk 2010) with SVCJ jumps added at the end of the step:
///
///     v+ = max(v, 0)
///     x' = x + (mu - q - lambda_0 mbar - (1/2 + lambda_1 mbar) v+) dt + sqrt(v+ dt) W_S
///     v' = v + kappa (theta - v+) dt + sigma sqrt(v+ dt) W_v
///
/// `(W_v, W_S) = L (Z_0, Z_1)` with `L` the Cholesky factor of `[[1, rho], [rho, 1]]` (`DriverCorrelation`), written out
/// in the step's loop.
/// Weak order 1; `v` may be negative between steps (it counts as zero wherever it is used).
struct EulerStepper: PathStepper {
    let dt: Double
    let logDrift: Double
    /// `1/2 + lambda_1 mbar` (exactly 1/2 for a constant jump intensity).
    let varianceLoading: Double
    let kappa: Double
    let theta: Double
    let sigma: Double
    let stream: PathRandomStream
    let correlation: DriverCorrelation
    let jumps: JumpSampler?

    var driverCount: Int { 2 }

    init(dynamics: MeasureDynamics, dt: Double, stream: PathRandomStream, correlation: DriverCorrelation) {
        precondition(correlation.order == 2)
        self.dt = dt
        logDrift = dynamics.logPriceDrift
        varianceLoading = dynamics.varianceDriftLoading
        kappa = dynamics.heston.kappa
        theta = dynamics.heston.theta
        sigma = dynamics.heston.sigma
        self.stream = stream
        self.correlation = correlation
        jumps = dynamics.jumps.map { JumpSampler(jumps: $0, dt: dt, stream: stream) }
    }

    func advance(_ block: PathBlock, step: Int) {
        let n = block.count
        block.drawStepWords(stream, step: step)
        block.fillNormals(driver: 0, fromWordLane: 0)
        block.fillNormals(driver: 1, fromWordLane: 1)
        if jumps != nil { block.fillJumpUniforms() }
        let z0 = block.column(block.normals, 0), z1 = block.column(block.normals, 1)
        let x = block.logSpot.baseAddress!, v = block.variance.baseAddress!
        jumps?.prepare(block)
        let dt = dt, mu = logDrift, loading = varianceLoading, kappa = kappa, theta = theta, sigma = sigma
        let l00 = correlation[0, 0], l10 = correlation[1, 0], l11 = correlation[1, 1]
        var truncated = 0
        for i in 0..<n {
            let wv = l00 * z0[i], ws = l10 * z0[i] + l11 * z1[i]
            let vi = v[i]
            truncated &+= vi < 0 ? 1 : 0
            let vp = max(vi, 0)
            let sq = (vp * dt).squareRoot()
            x[i] += (mu - loading * vp) * dt + sq * ws
            v[i] = vi + kappa * (theta - vp) * dt + sigma * sq * wv
        }
        block.truncatedSteps &+= truncated
        jumps?.apply(to: block, step: step)
    }

    /// The readable reference: one path at a time with the scalar Philox, the scalar AS 241 and `W = L Z` by
    /// `DriverCorrelation.correlate` (`W_v = Z_0`, `W_S = rho Z_0 + sqrt(1 - rho^2) Z_1`). Same draws as `advance`;
    /// agrees with it to rounding (the block AS 241's tail uses `naturalLogarithm`, not glibc's `log`).
    func advanceReference(_ block: PathBlock, step: Int) {
        let x = block.logSpot, v = block.variance, u = block.jumpUniform
        jumps?.prepare(block)
        for i in 0..<block.count {
            let words = stream.stepBlock(path: block.firstPath + i, step: step)
            let z0 = inverseStandardNormalCDF(openUnitInterval(words.0))
            let z1 = inverseStandardNormalCDF(openUnitInterval(words.1))
            u[i] = openUnitInterval(words.2)
            let w = correlation.correlate([z0, z1]), wv = w[0], ws = w[1]
            let vi = v[i]
            if vi < 0 { block.truncatedSteps += 1 }
            let vp = max(vi, 0)
            x[i] += (logDrift - varianceLoading * vp) * dt + (vp * dt).squareRoot() * ws
            v[i] = vi + kappa * (theta - vp) * dt + sigma * (vp * dt).squareRoot() * wv
        }
        jumps?.apply(to: block, step: step)
    }
}
