import Foundation

/// Andersen's QE step of one square-root factor (see `QuadraticExponentialStepper` for the formulas and the paper):
/// the next variance from its own uniform and the martingale-corrected `K0*` of the path; the caller adds the factor's
/// share of the log-price step `K0* + K1 v + K2 v' + sqrt(K3 v + K4 v') Z`. Shared by the one- and two-factor steppers.
struct QEFactorCoefficients: Sendable {
    let theta, decay, varianceCoefficientV, varianceConstant: Double
    let k0, k1, k2, k3, k4: Double

    init(_ h: HestonParameters, dt: Double) {
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
    }

    /// The variance step of a block of paths, branch by branch (the fast form of `stepReference`).
    /// 1. every path takes the quadratic branch and its `K0*` (one logarithm), a loop without branches that
    ///    vectorises; `2/psi` is kept;
    /// 2. the paths with `2/psi < 2/psi_c` (or NaN) are gathered, branch-free, into `gathered`;
    /// 3. those paths are redone on the exponential branch: one by one when few (one-factor markets: under 1 % of
    ///    daily steps), in a branch-free pass over the block when many (a two-factor fast factor near zero).
    ///
    /// Divisions and square roots are the loop's slowest operations, so the formulas are rearranged to need two
    /// divisions and two square roots per path (plus the logarithm's one division) instead of `stepReference`'s five
    /// and three (3 % more QE paths a second, measured), with `s^2 = v C_v + C` (the conditional variance),
    /// `B = 1 + b^2` and `D = B - 2 A m` (`A = K2 + K4/2`, so `D = B d`):
    ///
    ///     2/psi = 2 m^2 / s^2
    ///     b^2   = t + sqrt((2/psi) t),  t = 2/psi - 1          (sqrt(2/psi) sqrt(t) in the reference)
    ///     R     = 1 / (B D)                                    (one reciprocal for 1/B = D R and 1/D = B R)
    ///     a     = m D R,   d = D D R,   A b^2 a / d = A b^2 m B R
    ///     p     = (2 - 2/psi) / (2 + 2/psi)                    (= (psi - 1)/(psi + 1), exponential branch)
    ///
    /// Each rearrangement changes a result by a few ulp, not the scheme: agrees with `stepReference` to 1e-12
    /// relative for the next variance and 1e-15 absolute for `K0*` (a sum of cancelling terms, far below the ulp of
    /// `ln S`; tested), and the branch test `2/psi >= 2/psi_c` can differ from `psi <= psi_c` only within an ulp
    /// of `psi_c`. Where `D` is not a positive normal double (`d <= 0`: no martingale correction exists, `K0*` falls
    /// back to `K0`), `a` is computed with `D` replaced by `B`.
    /// - Parameters: `v`, `zv`, `uv`: the paths' variances, `Phi^{-1}(U_v)` and the words of `U_v`; `next`, `k0Out`,
    ///   `twoOverPsiScratch`, `gathered`: `n` slots each.
    func stepBlock(count n: Int, variance v: UnsafePointer<Double>, zv: UnsafePointer<Double>, uvWords: UnsafePointer<UInt32>,
                   corrected: Bool, next: UnsafeMutablePointer<Double>, k0 k0Out: UnsafeMutablePointer<Double>,
                   twoOverPsiScratch twoOverPsiOut: UnsafeMutablePointer<Double>, gathered: UnsafeMutablePointer<Int32>) {
        let a2 = k2 + 0.5 * k4, k13 = k1 + 0.5 * k3, twoA2 = 2 * a2
        for i in 0..<n {
            let vi = v[i]
            let m = theta + (vi - theta) * decay
            let twoOverPsi = 2 * (m * m) / (vi * varianceCoefficientV + varianceConstant)
            let t = max(twoOverPsi - 1, 0)
            let b2 = t + (twoOverPsi * t).squareRoot()
            let onePlusB2 = 1 + b2
            let dScaled = onePlusB2 - twoA2 * m
            let hasCorrection = dScaled >= Double.leastNormalMagnitude
            let dSafe = hasCorrection ? dScaled : onePlusB2
            let r = 1 / (onePlusB2 * dSafe)
            let dr = dSafe * r
            let a = m * dr
            let w = b2.squareRoot() + zv[i]
            next[i] = a * w * w
            twoOverPsiOut[i] = twoOverPsi
            var k0i = k0
            if corrected {
                k0i = hasCorrection ? -a2 * b2 * m * (onePlusB2 * r) + 0.5 * naturalLogarithm(dScaled * dr) - k13 * vi : k0
            }
            k0Out[i] = k0i
        }
        let quadraticLimit = 2 / QuadraticExponentialStepper.criticalPsi
        var count = 0
        for i in 0..<n {
            gathered[count] = Int32(truncatingIfNeeded: i)
            count += twoOverPsiOut[i] >= quadraticLimit ? 0 : 1
        }
        @inline(__always) func exponential(_ i: Int) -> (next: Double, k0: Double) {
            let vi = v[i], twoOverPsi = twoOverPsiOut[i]
            let m = theta + (vi - theta) * decay
            let p = max((2 - twoOverPsi) / (2 + twoOverPsi), 0)
            let beta = (1 - p) / m
            let uv = openUnitInterval(uvWords[i])
            let next = uv <= p ? 0 : naturalLogarithm((1 - p) / (1 - uv)) / beta
            return (next, corrected ? (a2 < beta ? -naturalLogarithm(p + beta * (1 - p) / (beta - a2)) - k13 * vi : k0) : k0)
        }
        if count * Self.gatherLimit <= n {
            for j in 0..<count {
                let i = Int(gathered[j])
                (next[i], k0Out[i]) = exponential(i)
            }
        } else {
            // Many exponential paths (a fast factor near zero): one branch-free pass over every path beats the gather.
            for i in 0..<n {
                let e = exponential(i), quadratic = twoOverPsiOut[i] >= quadraticLimit
                next[i] = quadratic ? next[i] : e.next
                k0Out[i] = quadratic ? k0Out[i] : e.k0
            }
        }
    }

    /// `stepBlock` redoes the exponential paths one by one while they are at most 1 in `gatherLimit` of the block,
    /// else in a vectorised pass over all paths (8 is a round guess, not tuned; both give the same bits).
    static let gatherLimit = 8

    /// The readable form, with branches and glibc's `log` (the reference the fast form is tested against).
    func stepReference(variance vi: Double, uv: Double, corrected: Bool) -> (next: Double, k0: Double) {
        let m = theta + (vi - theta) * decay
        let psi = (vi * varianceCoefficientV + varianceConstant) / (m * m)
        let a2 = k2 + 0.5 * k4, k13 = k1 + 0.5 * k3
        var next: Double, k0i = k0
        if psi <= QuadraticExponentialStepper.criticalPsi {
            let twoOverPsi = 2 / psi
            let b2 = twoOverPsi - 1 + twoOverPsi.squareRoot() * (twoOverPsi - 1).squareRoot()
            let a = m / (1 + b2)
            let w = b2.squareRoot() + inverseStandardNormalCDF(uv)
            next = a * w * w
            if corrected && a2 < 1 / (2 * a) {
                let d = 1 - 2 * a2 * a
                k0i = -a2 * b2 * a / d + 0.5 * log(d) - k13 * vi
            }
        } else {
            let p = (psi - 1) / (psi + 1)
            let beta = (1 - p) / m
            next = uv <= p ? 0 : log((1 - p) / (1 - uv)) / beta
            if corrected && a2 < beta { k0i = -log(p + beta * (1 - p) / (beta - a2)) - k13 * vi }
        }
        return (next, k0i)
    }
}

/// Andersen's QE scheme for two independent square-root factors: each factor steps its variance from its own
/// uniform and adds its share of the log-price step with its own independent normal,
///
///     x' = x + (mu - q - lambda_0 mbar - lambda_1 mbar V) dt + sum_i [K0*_i + K1_i v_i + K2_i v_i' + sqrt(K3_i v_i + K4_i v_i') Z_i]
///
/// The factors are independent given the step's start, so the per-factor martingale corrections multiply to an exact
/// martingale step (the `lambda_1` compensator is at the starting `V`, where the Poisson rate is taken). QE needs the
/// block-diagonal driver correlation (`B_i` correlated with `W_i` only); a full 4 x 4 matrix runs under Euler.
/// Draws: factor 1 from block 0 lanes 0 (`U_v1`), 1 (`Z_1`); factor 2 from block 1 lanes 0 (`U_v2`), 1 (`Z_2`);
/// Poisson from block 0 lane 2.
struct TwoFactorQEStepper: PathStepper {
    let dt: Double
    let logDrift: Double
    /// `lambda_1 mbar dt` and `eta dt / 2`, as in `QuadraticExponentialStepper` (the premium on `V = v1 + v2`).
    let jumpDriftPerVariance: Double
    let premiumHalfStep: Double
    let first: QEFactorCoefficients
    let second: QEFactorCoefficients
    let martingaleCorrection: Bool
    let stream: PathRandomStream
    let jumps: JumpSampler?

    var driverCount: Int { 4 }

    init(dynamics: MeasureDynamics, dt: Double, stream: PathRandomStream, martingaleCorrection: Bool) {
        precondition(dynamics.isTwoFactor)
        self.dt = dt
        logDrift = dynamics.logPriceDrift
        jumpDriftPerVariance = dynamics.jumpCompensatorPerVariance * dt
        premiumHalfStep = 0.5 * dynamics.equityPremiumPerVariance * dt
        first = QEFactorCoefficients(dynamics.factors[0], dt: dt)
        second = QEFactorCoefficients(dynamics.factors[1], dt: dt)
        self.martingaleCorrection = martingaleCorrection
        self.stream = stream
        jumps = dynamics.jumps.map { JumpSampler(jumps: $0, dt: dt, stream: stream) }
    }

    func advance(_ block: PathBlock, step: Int) {
        let n = block.count
        block.drawStepWords(stream, step: step)
        block.drawSecondFactorWords(stream, step: step)
        block.fillNormals(driver: 0, fromWordLane: 0)   // Phi^{-1}(U_v1)
        block.fillNormals(driver: 1, fromWordLane: 1)   // Z_1
        block.fillNormals(driver: 2, fromWordLane: 3)   // Phi^{-1}(U_v2)
        block.fillNormals(driver: 3, fromWordLane: 4)   // Z_2
        if jumps != nil { block.fillJumpUniforms() }
        jumps?.prepare(block)
        let zv1 = block.column(block.normals, 0), z1 = block.column(block.normals, 1)
        let zv2 = block.column(block.normals, 2), z2 = block.column(block.normals, 3)
        let u1 = block.wordColumn(0), u2 = block.wordColumn(3)
        let x = block.logSpot.baseAddress!, v1 = block.variance.baseAddress!, v2 = block.secondVariance.baseAddress!
        let driftStep = logDrift * dt, jumpDrift = jumpDriftPerVariance, premium = premiumHalfStep
        let f1 = first, f2 = second, corrected = martingaleCorrection
        let s1 = block.qeStepColumns(factor: 0), s2 = block.qeStepColumns(factor: 1)
        f1.stepBlock(count: n, variance: v1, zv: zv1, uvWords: u1, corrected: corrected, next: s1.next, k0: s1.k0,
                     twoOverPsiScratch: s1.twoOverPsi, gathered: s1.gathered)
        f2.stepBlock(count: n, variance: v2, zv: zv2, uvWords: u2, corrected: corrected, next: s2.next, k0: s2.k0,
                     twoOverPsiScratch: s2.twoOverPsi, gathered: s2.gathered)
        for i in 0..<n {
            let a = v1[i], b = v2[i], n1 = s1.next[i], n2 = s2.next[i]
            x[i] += ((driftStep - jumpDrift * (a + b)) + premium * ((a + b) + (n1 + n2))) + (s1.k0[i] + f1.k1 * a + f1.k2 * n1) + (s2.k0[i] + f2.k1 * b + f2.k2 * n2)
                + (f1.k3 * a + f1.k4 * n1).squareRoot() * z1[i] + (f2.k3 * b + f2.k4 * n2).squareRoot() * z2[i]
            v1[i] = n1
            v2[i] = n2
        }
        jumps?.apply(to: block, step: step)
    }

    /// The readable reference: one path at a time, branches, scalar Philox and AS 241, glibc's `log`.
    func advanceReference(_ block: PathBlock, step: Int) {
        let x = block.logSpot, v1 = block.variance, v2 = block.secondVariance, u = block.jumpUniform
        jumps?.prepare(block)
        for i in 0..<block.count {
            let path = block.firstPath + i
            let w0 = stream.stepBlock(path: path, step: step), w1 = stream.secondFactorBlock(path: path, step: step)
            u[i] = openUnitInterval(w0.2)
            let a = v1[i], b = v2[i], f1 = first, f2 = second
            let s1 = f1.stepReference(variance: a, uv: openUnitInterval(w0.0), corrected: martingaleCorrection)
            let s2 = f2.stepReference(variance: b, uv: openUnitInterval(w1.0), corrected: martingaleCorrection)
            let z1 = inverseStandardNormalCDF(openUnitInterval(w0.1)), z2 = inverseStandardNormalCDF(openUnitInterval(w1.1))
            x[i] += ((logDrift * dt - jumpDriftPerVariance * (a + b)) + premiumHalfStep * ((a + b) + (s1.next + s2.next))) + (s1.k0 + f1.k1 * a + f1.k2 * s1.next) + (s2.k0 + f2.k1 * b + f2.k2 * s2.next)
                + (f1.k3 * a + f1.k4 * s1.next).squareRoot() * z1 + (f2.k3 * b + f2.k4 * s2.next).squareRoot() * z2
            v1[i] = s1.next
            v2[i] = s2.next
        }
        jumps?.apply(to: block, step: step)
    }
}
