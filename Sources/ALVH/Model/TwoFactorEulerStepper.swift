/// Full-truncation Euler (Lord, Koekkoek & van Dijk 2010) for two variance factors, with the co-jumps and their
/// state-dependent intensity added at the end of the step:
///
///     v_i+ = max(v_i, 0),   V+ = v1+ + v2+
///     x'  = x + (mu - q - lambda_0 mbar - (1/2 + lambda_1 mbar) V+) dt + sqrt(v1+ dt) B_1 + sqrt(v2+ dt) B_2
///     v_i' = v_i + kappa_i (theta_i - v_i+) dt + sigma_i sqrt(v_i+ dt) W_i
///
/// The drivers `[W_1, B_1, W_2, B_2]` are correlated by the Cholesky factor of their 4 x 4 correlation matrix (block
/// diagonal with `rho_i`, or the market's full matrix), `W = L Z` written out in the step's loop (`DriverCorrelation`). Draws: block 0 lanes 0, 1
/// for `W_1, B_1` (the one-factor layout), block 1 lanes 0, 1 for `W_2, B_2`, block 0 lane 2 for the Poisson count.
struct TwoFactorEulerStepper: PathStepper {
    let dt: Double
    let logDrift: Double
    let varianceLoading: Double
    let first: HestonParameters
    let second: HestonParameters
    let stream: PathRandomStream
    let correlation: DriverCorrelation
    let jumps: JumpSampler?

    var driverCount: Int { 4 }

    init(dynamics: MeasureDynamics, dt: Double, stream: PathRandomStream, correlation: DriverCorrelation) {
        precondition(dynamics.isTwoFactor && correlation.order == 4)
        self.dt = dt
        logDrift = dynamics.logPriceDrift
        varianceLoading = dynamics.varianceDriftLoading
        first = dynamics.factors[0]
        second = dynamics.factors[1]
        self.stream = stream
        self.correlation = correlation
        jumps = dynamics.jumps.map { JumpSampler(jumps: $0, dt: dt, stream: stream) }
    }

    func advance(_ block: PathBlock, step: Int) {
        let n = block.count
        block.drawStepWords(stream, step: step)
        block.drawSecondFactorWords(stream, step: step)
        block.fillNormals(driver: 0, fromWordLane: 0)
        block.fillNormals(driver: 1, fromWordLane: 1)
        block.fillNormals(driver: 2, fromWordLane: 3)
        block.fillNormals(driver: 3, fromWordLane: 4)
        if jumps != nil { block.fillJumpUniforms() }
        jumps?.prepare(block)
        let z0 = block.column(block.normals, 0), z1 = block.column(block.normals, 1)
        let z2 = block.column(block.normals, 2), z3 = block.column(block.normals, 3)
        let l = correlation
        let l00 = l[0, 0], l10 = l[1, 0], l11 = l[1, 1], l20 = l[2, 0], l21 = l[2, 1], l22 = l[2, 2]
        let l30 = l[3, 0], l31 = l[3, 1], l32 = l[3, 2], l33 = l[3, 3]
        let x = block.logSpot.baseAddress!, v1 = block.variance.baseAddress!, v2 = block.secondVariance.baseAddress!
        let dt = dt, mu = logDrift, loading = varianceLoading
        let k1 = first.kappa, t1 = first.theta, s1 = first.sigma
        let k2 = second.kappa, t2 = second.theta, s2 = second.sigma
        var truncated = 0
        for i in 0..<n {
            // W = L Z for [W_1, B_1, W_2, B_2], summed as `DriverCorrelation.correlate` sums.
            let w1 = l00 * z0[i], b1 = l10 * z0[i] + l11 * z1[i]
            let w2 = l20 * z0[i] + l21 * z1[i] + l22 * z2[i], b2 = l30 * z0[i] + l31 * z1[i] + l32 * z2[i] + l33 * z3[i]
            let a = v1[i], b = v2[i]
            truncated &+= (a < 0 || b < 0) ? 1 : 0
            let p1 = max(a, 0), p2 = max(b, 0)
            let q1 = (p1 * dt).squareRoot(), q2 = (p2 * dt).squareRoot()
            x[i] += (mu - loading * (p1 + p2)) * dt + q1 * b1 + q2 * b2
            v1[i] = a + k1 * (t1 - p1) * dt + s1 * q1 * w1
            v2[i] = b + k2 * (t2 - p2) * dt + s2 * q2 * w2
        }
        block.truncatedSteps &+= truncated
        jumps?.apply(to: block, step: step)
    }

    /// The readable reference: one path at a time with the scalar Philox, the scalar AS 241 and the correlation
    /// `W = L Z` by `DriverCorrelation.correlate`. Same draws as `advance`; agrees with it to rounding.
    func advanceReference(_ block: PathBlock, step: Int) {
        let x = block.logSpot, v1 = block.variance, v2 = block.secondVariance, u = block.jumpUniform
        jumps?.prepare(block)
        for i in 0..<block.count {
            let path = block.firstPath + i
            let w0 = stream.stepBlock(path: path, step: step), w1 = stream.secondFactorBlock(path: path, step: step)
            let z = [w0.0, w0.1, w1.0, w1.1].map { inverseStandardNormalCDF(openUnitInterval($0)) }
            u[i] = openUnitInterval(w0.2)
            let w = correlation.correlate(z)
            if v1[i] < 0 || v2[i] < 0 { block.truncatedSteps += 1 }
            let p1 = max(v1[i], 0), p2 = max(v2[i], 0)
            x[i] += (logDrift - varianceLoading * (p1 + p2)) * dt + (p1 * dt).squareRoot() * w[1] + (p2 * dt).squareRoot() * w[3]
            v1[i] += first.kappa * (first.theta - p1) * dt + first.sigma * (p1 * dt).squareRoot() * w[0]
            v2[i] += second.kappa * (second.theta - p2) * dt + second.sigma * (p2 * dt).squareRoot() * w[2]
        }
        jumps?.apply(to: block, step: step)
    }
}
