import Foundation

/// The standard normal quantile `Phi^{-1}(p)` by Wichura's algorithm AS 241 (PPND16), Applied Statistics 37(3),
/// 477-484 (1988): rational approximations of degree 7 in three regions, relative accuracy about `1e-16`.
///
/// Why the inverse CDF and not Box-Muller or a ziggurat: one uniform gives exactly one normal (a fixed draw layout
/// per path and step, which the counter-based streams rely on), the map is monotone (antithetic and stratified
/// variants stay possible), and it needs no `sin`/`cos`; 85 % of draws take the central branch, which is a
/// polynomial ratio with no transcendental call.
///
/// - Precondition: `0 < p < 1`; `p` at 0 or 1 gives `-inf`/`+inf`, anything else outside gives NaN.
@inlinable
public func inverseStandardNormalCDF(_ p: Double) -> Double {
    let q = p - 0.5
    if abs(q) <= 0.425 { return as241Central(q) }
    return inverseStandardNormalCDFTail(p, q: q)
}

/// The two tail regions of AS 241 (`|p - 1/2| > 0.425`), kept out of line so the central branch stays small.
@usableFromInline @inline(never)
func inverseStandardNormalCDFTail(_ p: Double, q: Double) -> Double {
    guard p > 0, p < 1 else {
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        return .nan
    }
    var r = q < 0 ? p : 1 - p
    r = (-Foundation.log(r)).squareRoot()
    let value: Double
    if r <= 5 {
        value = as241Intermediate(r)
    } else {
        r -= 5
        let num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r
            + 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r
            + 5.46378491116411436990e+0) * r + 6.65790464350110377720e+0)
        let den = (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r
            + 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
            + 5.99832206555887937690e-1) * r + 1.0)
        value = num / den
    }
    return q < 0 ? -value : value
}


/// AS 241 central region, `|q| <= 0.425` with `q = p - 1/2`: `q a(r)/b(r)`, `r = 0.180625 - q^2`, degree 7/7.
@usableFromInline @inline(__always)
func as241Central(_ q: Double) -> Double {
    let r = 0.180625 - q * q
        let num = ((((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) * r
            + 4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
            + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0))
        let den = ((((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) * r
            + 2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
            + 4.2313330701600911252e+1) * r + 1.0))
    return q * num / den
}

/// AS 241 intermediate tail, `r = sqrt(-ln min(p, 1 - p))` in `(1.6, 5]`: `c(r - 1.6)/d(r - 1.6)`, degree 7/7 (unsigned).
@usableFromInline @inline(__always)
func as241Intermediate(_ r: Double) -> Double {
    let t = r - 1.6
    let num = (((((((7.74545014278341407640e-4 * t + 2.27238449892691845833e-2) * t + 2.41780725177450611770e-1) * t
        + 1.27045825245236838258e+0) * t + 3.64784832476320460504e+0) * t + 5.76949722146069140550e+0) * t
        + 4.63033784615654529590e+0) * t + 1.42343711074968357734e+0)
    let den = (((((((1.05075007164441684324e-9 * t + 5.47593808499534494600e-4) * t + 1.51986665636164571966e-2) * t
        + 1.48103976427480074590e-1) * t + 6.89767334985100004550e-1) * t + 1.67638483018380384940e+0) * t
        + 2.05319162663775882187e+0) * t + 1.0)
    return num / den
}

/// Scratch for `fillInverseStandardNormal`: the positions of a block's tail draws and their values, gathered densely.
final class InverseNormalScratch {
    let capacity: Int
    /// Tail positions; `capacity + 8` slots, as the compaction writes eight at a time.
    let indices: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Double>

    init(capacity: Int) {
        self.capacity = capacity
        indices = .allocate(capacity: capacity + 8)
        values = .allocate(capacity: capacity)
    }

    deinit {
        indices.deallocate()
        values.deallocate()
    }

    /// Row `m` (an 8-bit lane mask) lists the lanes whose bit is set, in increasing order, then zeros: a
    /// stream-compaction table (the set lanes of a group of eight, written densely with one vector store).
    static let compressedLanes: [SIMD8<Int32>] = (0..<256).map { mask in
        var lanes = SIMD8<Int32>(repeating: 0), next = 0
        for lane in 0..<8 where mask & (1 << lane) != 0 {
            lanes[next] = Int32(lane)
            next += 1
        }
        return lanes
    }
}

/// `z[i] = Phi^{-1}(openUnitInterval(bits[i]))` for `i < count`: the block form used on the hot path.
///
/// Same algorithm (AS 241) as `inverseStandardNormalCDF`, arranged for vectorisation:
/// 1. a branch-free pass evaluates the central rational function for every draw;
/// 2. the positions of the draws in the tails (|p - 1/2| > 0.425, 15 % of them) are gathered densely into
///    `scratch`, eight draws at a time: the eight tail flags become an 8-bit mask (flag bytes times
///    `0x0102040810204080`, top byte: the bytes' bits land there without carries), whose row of
///    `InverseNormalScratch.compressedLanes` is stored at the running count, which then grows by the mask's popcount;
/// 3. a branch-free pass evaluates the tail formula on the dense list (it vectorises, `log` included);
/// 4. the tail values are scattered back.
/// (One loop with an `if` gets if-converted by LLVM, which then computes the tail formula, two divisions and a
/// square root, for every draw; a scalar compaction loop took a third of the time.)
/// Agrees with the scalar reference to a few ulp (the logarithm is `naturalLogarithm`, not glibc's); every draw
/// takes the same arithmetic whatever its position in the block, so results do not depend on the batch size.
@inline(never)
func fillInverseStandardNormal(bits: UnsafePointer<UInt32>, into z: UnsafeMutablePointer<Double>, count: Int,
                               scratch: InverseNormalScratch) {
    precondition(count <= scratch.capacity)
    for i in 0..<count {
        z[i] = as241Central(openUnitInterval(bits[i]) - 0.5)
    }
    // |q| > 0.425  <=>  bits < 0.075 * 2^32 - 1/2  or  bits > 0.925 * 2^32 - 1/2.
    let lowerTail: UInt32 = 322_122_547, upperTail: UInt32 = 3_972_844_748
    let indices = scratch.indices, values = scratch.values
    var tails = 0, i = 0
    InverseNormalScratch.compressedLanes.withUnsafeBufferPointer { compressed in
        let lower = SIMD8<UInt32>(repeating: lowerTail), upper = SIMD8<UInt32>(repeating: upperTail)
        while i &+ 8 <= count {
            let group = UnsafeRawPointer(bits + i).loadUnaligned(as: SIMD8<UInt32>.self)
            let flags = SIMD8<UInt32>(repeating: 0).replacing(with: 1, where: (group .< lower) .| (group .> upper))
            let flagBytes = unsafeBitCast(SIMD8<UInt8>(truncatingIfNeeded: flags), to: UInt64.self)
            let mask = Int(truncatingIfNeeded: (flagBytes &* 0x0102_0408_1020_4080) &>> 56)
            UnsafeMutableRawPointer(indices + tails).storeBytes(
                of: compressed[mask] &+ SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: i)), as: SIMD8<Int32>.self)
            tails &+= mask.nonzeroBitCount
            i &+= 8
        }
    }
    while i < count {
        let b = bits[i]
        indices[tails] = Int32(truncatingIfNeeded: i)
        tails &+= (b < lowerTail || b > upperTail) ? 1 : 0
        i &+= 1
    }
    for j in 0..<tails { values[j] = openUnitInterval(bits[Int(indices[j])]) }
    for j in 0..<tails { values[j] = inverseStandardNormalIntermediateTail(values[j]) }
    for j in 0..<tails { z[Int(indices[j])] = values[j] }
}

/// The intermediate tail of AS 241 (`|p - 1/2| > 0.425`, `r = sqrt(-ln min(p, 1 - p)) <= 5`), which covers every
/// uniform `openUnitInterval` can produce (`r <= 4.72`).
@inlinable @inline(__always)
func inverseStandardNormalIntermediateTail(_ p: Double) -> Double {
    let q = p - 0.5
    let value = as241Intermediate((-naturalLogarithm(q < 0 ? p : 1 - p)).squareRoot())
    return q < 0 ? -value : value
}
