import Foundation

/// Andersen's quadratic-exponential (QE) scheme, "Simple and efficient simulation of the Heston stochastic volatility
/// model", J. Computational Finance 11(3), 2008, with `psi_c = 1.5` and central weights `gamma1 = gamma2 = 1/2`.
///
/// Variance: with `m = theta + (v - theta) e^{-kappa dt}`,
/// `s^2 = v sigma^2 e^{-kappa dt}(1 - e^{-kappa dt})/kappa + theta sigma^2 (1 - e^{-kappa dt})^2 / (2 kappa)`,
/// `psi = s^2/m^2`: if `psi <= psi_c`, `v' = a (b + Z_v)^2` with `b^2 = 2/psi - 1 + sqrt(2/psi) sqrt(2/psi - 1)`,
/// `a = m/(1 + b^2)`; else `v' = 0` with probability `p = (psi - 1)/(psi + 1)` and exponential with rate
/// `beta = (1 - p)/m` otherwise (inverse CDF of `U_v`).
///
/// Log price (eq. 33): `x' = x + mu dt + K0 + K1 v + K2 v' + sqrt(K3 v + K4 v') Z`, `Z` independent of `Z_v`:
/// the correlation enters through `K0..K2` (`rho/sigma` terms), so QE uses the independent part of `W_S`, never the
/// correlated draw. `K0 = -rho kappa theta dt / sigma`, `K1 = gamma1 dt (kappa rho/sigma - 1/2) - rho/sigma`,
/// `K2 = gamma2 dt (kappa rho/sigma - 1/2) + rho/sigma`, `K3 = gamma1 dt (1 - rho^2)`, `K4 = gamma2 dt (1 - rho^2)`.
///
/// Martingale correction (section 4.2): `K0` is replaced per path by `K0*` with `A = K2 + K4/2` so that
/// `E[e^{x'-x}] = e^{mu dt}` exactly: quadratic branch `K0* = -A b^2 a/(1 - 2Aa) + ln(1 - 2Aa)/2 - (K1 + K3/2) v`
/// (needs `A < 1/(2a)`), exponential branch `K0* = -ln(p + beta(1 - p)/(beta - A)) - (K1 + K3/2) v` (needs `A < beta`).
/// Where the condition fails (never for daily steps with the shipped markets) the plain `K0` is used.
/// Jumps are added after the diffusion step, as in the Euler scheme; with a state-dependent intensity the extra
/// compensator `-lambda_1 mbar v dt` (at the step's starting variance, where the Poisson rate is taken) is added to
/// the drift, so the correction above still makes each step a martingale.
struct QuadraticExponentialStepper: PathStepper {
    static let criticalPsi = 1.5
    let dt: Double
    let logDrift: Double
    /// `lambda_1 mbar dt`: the state-dependent part of the jump compensator per unit of variance (0 for a constant rate).
    let jumpDriftPerVariance: Double
    let theta: Double
    let decay: Double            // e^{-kappa dt}
    let varianceCoefficientV: Double   // sigma^2 e (1 - e) / kappa
    let varianceConstant: Double       // theta sigma^2 (1 - e)^2 / (2 kappa)
    let k0, k1, k2, k3, k4: Double
    let martingaleCorrection: Bool
    let stream: PathRandomStream
    let jumps: JumpSampler?

    var driverCount: Int { 2 }

    init(dynamics: MeasureDynamics, dt: Double, stream: PathRandomStream, martingaleCorrection: Bool) {
        let h = dynamics.heston
        self.dt = dt
        logDrift = dynamics.logPriceDrift
        jumpDriftPerVariance = (dynamics.jumps.map { $0.intensityPerVariance * $0.compensator } ?? 0) * dt
        theta = h.theta
        let e = exp(-h.kappa * dt)
        decay = e
        varianceCoefficientV = h.sigma * h.sigma * e * (1 - e) / h.kappa
        varianceConstant = h.theta * h.sigma * h.sigma * (1 - e) * (1 - e) / (2 * h.kappa)
        let gamma1 = 0.5, gamma2 = 0.5
        let rs = h.rho / h.sigma
        k0 = -rs * h.kappa * h.theta * dt
        k1 = gamma1 * dt * (h.kappa * rs - 0.5) - rs
        k2 = gamma2 * dt * (h.kappa * rs - 0.5) + rs
        k3 = gamma1 * dt * (1 - h.rho * h.rho)
        k4 = gamma2 * dt * (1 - h.rho * h.rho)
        self.martingaleCorrection = martingaleCorrection
        self.stream = stream
        jumps = dynamics.jumps.map { JumpSampler(jumps: $0, dt: dt, stream: stream) }
    }

    /// The fast step: every path takes both variance branches and a select keeps the right one, so the loop has no
    /// branch and vectorises (`naturalLogarithm`, `sqrt` and division are all vector operations). Tested against
    /// `advanceReference`.
    func advance(_ block: PathBlock, step: Int) {
        let n = block.count
        block.drawStepWords(stream, step: step)
        block.fillNormals(driver: 0, fromWordLane: 0)   // Phi^{-1}(U_v) for the quadratic branch
        block.fillNormals(driver: 1, fromWordLane: 1)   // Z, the independent part of W_S
        if jumps != nil { block.fillJumpUniforms() }
        jumps?.prepare(block)
        let zv = block.column(block.normals, 0), z = block.column(block.normals, 1)
        let w0 = block.wordColumn(0)
        let x = block.logSpot.baseAddress!, v = block.variance.baseAddress!
        let theta = theta, decay = decay, cV = varianceCoefficientV, c0 = varianceConstant
        let k0 = k0, k1 = k1, k2 = k2, k3 = k3, k4 = k4
        let a2 = k2 + 0.5 * k4, k13 = k1 + 0.5 * k3
        let driftStep = logDrift * dt, jumpDrift = jumpDriftPerVariance
        let psiC = QuadraticExponentialStepper.criticalPsi
        let corrected = martingaleCorrection
        for i in 0..<n {
            let vi = v[i]
            let m = theta + (vi - theta) * decay
            let psi = (vi * cV + c0) / (m * m)
            // Quadratic branch (psi <= psi_c).
            let twoOverPsi = 2 / psi
            let t = max(twoOverPsi - 1, 0)
            let b2 = t + twoOverPsi.squareRoot() * t.squareRoot()
            let a = m / (1 + b2)
            let w = b2.squareRoot() + zv[i]
            let quadraticNext = a * w * w
            // Exponential branch (psi > psi_c).
            let p = max((psi - 1) / (psi + 1), 0)
            let beta = (1 - p) / m
            let uv = openUnitInterval(w0[i])
            let exponentialNext = uv <= p ? 0 : naturalLogarithm((1 - p) / (1 - uv)) / beta
            let quadratic = psi <= psiC
            let next = quadratic ? quadraticNext : exponentialNext
            var k0i = k0
            if corrected {
                let d = 1 - 2 * a2 * a
                let k0Quadratic = d > 0 ? -a2 * b2 * a / d + 0.5 * naturalLogarithm(d) - k13 * vi : k0
                let k0Exponential = a2 < beta ? -naturalLogarithm(p + beta * (1 - p) / (beta - a2)) - k13 * vi : k0
                k0i = quadratic ? k0Quadratic : k0Exponential
            }
            x[i] += (driftStep - jumpDrift * vi) + k0i + k1 * vi + k2 * next + (k3 * vi + k4 * next).squareRoot() * z[i]
            v[i] = next
        }
        jumps?.apply(to: block, step: step)
    }

    /// The readable reference: one path at a time, with branches, the scalar Philox and the scalar AS 241 on glibc's
    /// `log`. Same draws as `advance`; agrees with it to rounding (tests check 1e-12 relative).
    func advanceReference(_ block: PathBlock, step: Int) {
        let x = block.logSpot, v = block.variance, u = block.jumpUniform
        let a2 = k2 + 0.5 * k4, k13 = k1 + 0.5 * k3
        jumps?.prepare(block)
        for i in 0..<block.count {
            let words = stream.stepBlock(path: block.firstPath + i, step: step)
            let uv = openUnitInterval(words.0)
            let z = inverseStandardNormalCDF(openUnitInterval(words.1))
            u[i] = openUnitInterval(words.2)
            let vi = v[i]
            let m = theta + (vi - theta) * decay
            let psi = (vi * varianceCoefficientV + varianceConstant) / (m * m)
            var next: Double
            var k0i = k0
            if psi <= QuadraticExponentialStepper.criticalPsi {
                let twoOverPsi = 2 / psi
                let b2 = twoOverPsi - 1 + twoOverPsi.squareRoot() * (twoOverPsi - 1).squareRoot()
                let a = m / (1 + b2)
                let w = b2.squareRoot() + inverseStandardNormalCDF(uv)
                next = a * w * w
                if martingaleCorrection && a2 < 1 / (2 * a) {
                    let d = 1 - 2 * a2 * a
                    k0i = -a2 * b2 * a / d + 0.5 * log(d) - k13 * vi
                }
            } else {
                let p = (psi - 1) / (psi + 1)
                let beta = (1 - p) / m
                next = uv <= p ? 0 : log((1 - p) / (1 - uv)) / beta
                if martingaleCorrection && a2 < beta {
                    k0i = -log(p + beta * (1 - p) / (beta - a2)) - k13 * vi
                }
            }
            x[i] += (logDrift * dt - jumpDriftPerVariance * vi) + k0i + k1 * vi + k2 * next + (k3 * vi + k4 * next).squareRoot() * z
            v[i] = next
        }
        jumps?.apply(to: block, step: step)
    }
}
