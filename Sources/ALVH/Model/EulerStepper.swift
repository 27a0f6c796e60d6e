/// Full-truncation Euler (Lord, Koekkoek & van Dijk 2010) with SVCJ jumps added at the end of the step:
///
///     v+ = max(v, 0)
///     x' = x + (mu - q - lambda mbar - v+/2) dt + sqrt(v+ dt) W_S
///     v' = v + kappa (theta - v+) dt + sigma sqrt(v+ dt) W_v
///
/// `(W_v, W_S)` are correlated by the Cholesky factor of `[[1, rho], [rho, 1]]` with one `dgemm` per block and step.
/// Weak order 1; `v` may be negative between steps (it counts as zero wherever it is used).
struct EulerStepper: PathStepper {
    let dt: Double
    let logDrift: Double
    let kappa: Double
    let theta: Double
    let sigma: Double
    let stream: PathRandomStream
    let correlator: BlockCorrelator
    let jumps: JumpSampler?

    var driverCount: Int { 2 }

    init(dynamics: MeasureDynamics, dt: Double, stream: PathRandomStream, correlator: BlockCorrelator) {
        self.dt = dt
        logDrift = dynamics.logPriceDrift
        kappa = dynamics.heston.kappa
        theta = dynamics.heston.theta
        sigma = dynamics.heston.sigma
        self.stream = stream
        self.correlator = correlator
        jumps = dynamics.jumps.map { JumpSampler(jumps: $0, dt: dt, stream: stream) }
    }

    func advance(_ block: PathBlock, step: Int) {
        let n = block.count
        block.drawStepWords(stream, step: step)
        block.fillNormals(driver: 0, fromWordLane: 0)
        block.fillNormals(driver: 1, fromWordLane: 1)
        if jumps != nil {
            let w2 = block.wordColumn(2), u = block.jumpUniform.baseAddress!
            for i in 0..<n { u[i] = openUnitInterval(w2[i]) }
        }
        correlator.correlate(block.normals.baseAddress!, into: block.correlated.baseAddress!, rows: n, leadingDimension: block.capacity)
        let wv = block.column(block.correlated, 0), ws = block.column(block.correlated, 1)
        let x = block.logSpot.baseAddress!, v = block.variance.baseAddress!
        let dt = dt, mu = logDrift, kappa = kappa, theta = theta, sigma = sigma
        var truncated = 0
        for i in 0..<n {
            let vi = v[i]
            truncated &+= vi < 0 ? 1 : 0
            let vp = max(vi, 0)
            let sq = (vp * dt).squareRoot()
            x[i] += (mu - 0.5 * vp) * dt + sq * ws[i]
            v[i] = vi + kappa * (theta - vp) * dt + sigma * sq * wv[i]
        }
        block.truncatedSteps &+= truncated
        jumps?.apply(to: block, step: step)
    }
}
