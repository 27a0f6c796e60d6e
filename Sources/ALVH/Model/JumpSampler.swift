import Foundation

/// Exact compound-Poisson co-jumps over one time step of length `dt` (DESIGN section 2).
///
/// The count is `N ~ Poisson(lambda dt)` by inverse CDF from the step's Poisson uniform (sequential search; `N = 0`
/// costs one comparison, which is the common case: `lambda dt` is about 0.002 for daily steps). Each of the `N`
/// jumps takes its own Philox block: `J_v = -mu_v ln U_1`, `J_S = mu_s + rho_J J_v + s_s Phi^{-1}(U_2)`. The sums are
/// exact (no approximation of the compound law).
struct JumpSampler: Sendable {
    let stream: PathRandomStream
    let jumps: JumpParameters
    /// `lambda dt`.
    let meanCount: Double
    /// `P(N = 0) = e^{-lambda dt}`: uniforms at or below it mean no jump.
    let noJumpProbability: Double

    init(jumps: JumpParameters, dt: Double, stream: PathRandomStream) {
        self.jumps = jumps
        self.stream = stream
        meanCount = jumps.intensity * dt
        noJumpProbability = exp(-meanCount)
    }

    /// The inverse Poisson CDF at `u` (the caller has checked `u > noJumpProbability`). Capped at 64 jumps per step,
    /// far beyond anything with positive probability in double precision for sane intensities.
    @inline(__always)
    func count(uniform u: Double) -> Int {
        var k = 0
        var probability = noJumpProbability
        var cumulative = probability
        while u > cumulative && k < 64 {
            k += 1
            probability *= meanCount / Double(k)
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

    /// Adds this step's jumps to every path of the block whose Poisson uniform is above `P(N = 0)`.
    @inline(__always)
    func apply(to block: PathBlock, step: Int) {
        let x = block.logSpot, v = block.variance, u = block.jumpUniform
        for i in 0..<block.count where u[i] > noJumpProbability {
            let n = count(uniform: u[i])
            if n == 0 { continue }
            let jump = sample(path: block.firstPath + i, step: step, count: n)
            x[i] += jump.logPrice
            v[i] += jump.variance
        }
    }
}
