import Foundation

/// Exact compound-Poisson co-jumps over one time step of length `dt` (DESIGN section 2).
///
/// The count is `N ~ Poisson(lambda dt)` by inverse CDF from the step's Poisson uniform (sequential search; `N = 0`
/// costs one comparison, which is the common case: `lambda dt` is about 0.002 for daily steps). With a
/// state-dependent intensity `lambda_t = lambda_0 + lambda_1 V` the rate is taken at the start of the step
/// (`prepare`, before the diffusion moves `V`): the count is then Poisson given the step's starting state, and the
/// scheme's drift compensates `lambda_t mbar` at the same `V`, so `E[S_{t+dt} | F_t] = S_t e^{(mu - q) dt}` holds
/// step by step. Each of the `N` jumps takes its own Philox block: `J_v = -mu_v ln U_1`,
/// `J_S = mu_s + rho_J J_v + s_s Phi^{-1}(U_2)`. The sums are exact (no approximation of the compound law). Variance
/// jumps land on the first factor.
struct JumpSampler: Sendable {
    let stream: PathRandomStream
    let jumps: JumpParameters
    /// `lambda_0 dt`.
    let meanCount: Double
    /// `lambda_1 dt`: extra Poisson mean per unit of variance (0: constant intensity).
    let meanCountPerVariance: Double
    /// `P(N = 0) = e^{-lambda_0 dt}`: uniforms at or below it mean no jump (constant intensity).
    let noJumpProbability: Double

    init(jumps: JumpParameters, dt: Double, stream: PathRandomStream) {
        self.jumps = jumps
        self.stream = stream
        meanCount = jumps.intensity * dt
        meanCountPerVariance = jumps.intensityPerVariance * dt
        noJumpProbability = exp(-meanCount)
    }

    var isStateDependent: Bool { meanCountPerVariance != 0 }

    /// The inverse Poisson CDF at `u` for mean `mean` (the caller has checked `u > e^{-mean}`). Capped at 64 jumps per
    /// step, far beyond anything with positive probability in double precision for sane intensities.
    @inline(__always)
    func count(uniform u: Double, mean: Double, noJumpProbability p0: Double) -> Int {
        var k = 0
        var probability = p0
        var cumulative = probability
        while u > cumulative && k < 64 {
            k += 1
            probability *= mean / Double(k)
            cumulative += probability
        }
        return k
    }

    /// Sum of the log-price and variance jumps of `count` jumps of `path` in `step`.
    @inline(__always)
    func sample(path: Int, step: Int, count: Int) -> (logPrice: Double, variance: Double) {
        var sumS = 0.0, sumV = 0.0
        for j in 0..<count {
            let words = stream.jumpBlock(path: path, step: step, jump: j)
            let jv = -jumps.varianceJumpMean * log(openUnitInterval(words.0))
            let z = inverseStandardNormalCDF(openUnitInterval(words.1))
            sumV += jv
            sumS += jumps.meanLogJump + jumps.correlation * jv + jumps.logJumpVolatility * z
        }
        return (sumS, sumV)
    }

    /// With a state-dependent intensity: each path's Poisson mean `(lambda_0 + lambda_1 V+) dt` at the start of the
    /// step, into `block.jumpMeanCount`. Call before the diffusion moves the variance; a no-op otherwise.
    @inline(__always)
    func prepare(_ block: PathBlock) {
        guard isStateDependent else { return }
        let m = block.jumpMeanCount, v1 = block.variance, v2 = block.secondVariance
        let m0 = meanCount, m1 = meanCountPerVariance
        for i in 0..<block.count { m[i] = m0 + m1 * (max(v1[i], 0) + max(v2[i], 0)) }
    }

    /// Adds this step's jumps to every path of the block whose Poisson uniform is above `P(N = 0)`.
    @inline(__always)
    func apply(to block: PathBlock, step: Int) {
        let x = block.logSpot, v = block.variance, u = block.jumpUniform
        if !isStateDependent {
            for i in 0..<block.count where u[i] > noJumpProbability {
                let n = count(uniform: u[i], mean: meanCount, noJumpProbability: noJumpProbability)
                if n == 0 { continue }
                let jump = sample(path: block.firstPath + i, step: step, count: n)
                x[i] += jump.logPrice
                v[i] += jump.variance
            }
            return
        }
        // e^{-m} >= 1 - m, so u <= 1 - m means no jump: a cheap screen before the exact test.
        let m = block.jumpMeanCount
        for i in 0..<block.count where u[i] > 1 - m[i] {
            let p0 = exp(-m[i])
            guard u[i] > p0 else { continue }
            let n = count(uniform: u[i], mean: m[i], noJumpProbability: p0)
            if n == 0 { continue }
            let jump = sample(path: block.firstPath + i, step: step, count: n)
            x[i] += jump.logPrice
            v[i] += jump.variance
        }
    }
}
