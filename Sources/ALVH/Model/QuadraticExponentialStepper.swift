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
    /// `lambda_1 mbar dt`: the state-dependent jump compensator per unit of the step's starting variance (where the
    /// Poisson rate is taken; 0 for a constant rate).
    let jumpDriftPerVariance: Double
    /// `eta dt / 2`: the equity premium `eta int V dt` over the step by the trapezoid rule, `eta dt (v + v_next) / 2`,
    /// as the scheme's `K1`, `K2` weigh the `-V/2` term (`gamma_1 = gamma_2 = 1/2`). The left point alone biased
    /// `E[S_T]` by 4.8 standard errors of 200,000 paths over 63 days from VIX 35 (the variance falls, so the start
    /// overstates it). 0 when `eta = 0`, which leaves the step's bits unchanged.
    let premiumHalfStep: Double
    /// The variance step and the `K` coefficients of the log-price step.
    let factor: QEFactorCoefficients
    let martingaleCorrection: Bool
    let stream: PathRandomStream
    let jumps: JumpSampler?

    var driverCount: Int { 2 }

    init(dynamics: MeasureDynamics, dt: Double, stream: PathRandomStream, martingaleCorrection: Bool) {
        self.dt = dt
        logDrift = dynamics.logPriceDrift
        jumpDriftPerVariance = dynamics.jumpCompensatorPerVariance * dt
        premiumHalfStep = 0.5 * dynamics.equityPremiumPerVariance * dt
        factor = QEFactorCoefficients(dynamics.heston, dt: dt)
        self.martingaleCorrection = martingaleCorrection
        self.stream = stream
        jumps = dynamics.jumps.map { JumpSampler(jumps: $0, dt: dt, stream: stream) }
    }

    /// The fast step: the variance by branch over the block (`QEFactorCoefficients.stepBlock`: the quadratic branch
    /// vectorised for every path, the rare exponential paths redone), then the log price in a loop without branches.
    /// Tested against `advanceReference` (to rounding: the variance step is rearranged, see `stepBlock`).
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
        let f = factor
        let driftStep = logDrift * dt, jumpDrift = jumpDriftPerVariance, premium = premiumHalfStep
        let corrected = martingaleCorrection
        let s = block.qeStepColumns(factor: 0)
        f.stepBlock(count: n, variance: v, zv: zv, uvWords: w0, corrected: corrected, next: s.next, k0: s.k0,
                    twoOverPsiScratch: s.twoOverPsi, gathered: s.gathered)
        for i in 0..<n {
            let vi = v[i], next = s.next[i]
            x[i] += ((driftStep - jumpDrift * vi) + premium * (vi + next)) + s.k0[i] + f.k1 * vi + f.k2 * next + (f.k3 * vi + f.k4 * next).squareRoot() * z[i]
            v[i] = next
        }
        jumps?.apply(to: block, step: step)
    }

    /// The readable reference: one path at a time, with branches, the scalar Philox and the scalar AS 241 on glibc's
    /// `log`. Same draws as `advance`; agrees with it to rounding (tests check 1e-12 relative).
    func advanceReference(_ block: PathBlock, step: Int) {
        let x = block.logSpot, v = block.variance, u = block.jumpUniform
        let f = factor
        jumps?.prepare(block)
        for i in 0..<block.count {
            let words = stream.stepBlock(path: block.firstPath + i, step: step)
            let z = inverseStandardNormalCDF(openUnitInterval(words.1))
            u[i] = openUnitInterval(words.2)
            let vi = v[i]
            let s = f.stepReference(variance: vi, uv: openUnitInterval(words.0), corrected: martingaleCorrection)
            x[i] += ((logDrift * dt - jumpDriftPerVariance * vi) + premiumHalfStep * (vi + s.next)) + s.k0 + f.k1 * vi + f.k2 * s.next + (f.k3 * vi + f.k4 * s.next).squareRoot() * z
            v[i] = s.next
        }
        jumps?.apply(to: block, step: step)
    }
}
