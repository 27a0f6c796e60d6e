import Foundation
import Numerics

/// A VIX future or option value as a function of the current factor variances, at one remaining maturity (and
/// strike), for per-path repricing: cubic Catmull-Rom on a uniform grid in `s1 = sqrt(v1)`, `[0, 1.5]`, 301 nodes, and
/// for two-factor markets bicubic with a second axis `s2 = sqrt(v2)`, `[0, 1]`, 81 nodes; filled once.
///
/// Futures use the Laplace-transform quadrature of `VIXPricer` (nodes built once for the whole grid). Options use
/// COS with a truncation range fitted to each node from a ladder `b_m = b_0 1.6^m`, so the payoff integrals are
/// computed once per rung and shared; per rung the state factors of the density coefficients,
/// `e^{alpha_k + beta_k v1} e^{beta2_k v2}`, are computed once per axis node, so a grid node costs a complex product
/// per term. The range needs `sd[Y_T]`, which is affine in `(v1, v2)` for an affine model: it is evaluated at three
/// states and interpolated exactly. Interpolation error, measured against direct pricing at random points in the
/// tests: below 0.005 VIX points for futures and options, one and two factors.
public struct VIXTable: Sendable {
    public let payoff: VIXPricer.Payoff
    public let years: Double
    public let sAxis: UniformAxis
    /// The second factor's axis in `sqrt(v2)`; `nil` for one-factor markets.
    public let secondAxis: UniformAxis?
    /// `values[j * sAxis.count + i]` at `(s1_i, s2_j)`.
    @usableFromInline let values: [Double]

    public static let maximumSecondVolatility = 1.0

    /// - Parameters:
    ///   - count, secondCount: nodes on the `sqrt(v1)` and `sqrt(v2)` axes (the second only for two-factor markets). By
    ///     default 81 on the second, and for options at least `VIXOptionSurface.secondAxisCount(years:)`, finer under 8
    ///     days left, where a call bends sharply in `v2` around the money (tested at 2 and 5 days).
    public init(pricer: VIXPricer, payoff: VIXPricer.Payoff, years tau: Double, count: Int = 301, secondCount requested: Int? = nil) {
        precondition(tau > 0)
        let secondCount: Int
        switch (requested, payoff) {
        case (let given?, _): secondCount = given
        case (nil, .future): secondCount = 81
        case (nil, .option): secondCount = max(81, VIXOptionSurface.secondAxisCount(years: tau))
        }
        self.payoff = payoff
        years = tau
        let sAxis = UniformAxis(lower: 0, upper: SPXOptionTable.maximumVolatility, count: count)
        self.sAxis = sAxis
        let twoFactor = pricer.transform.dynamics.isTwoFactor
        let secondAxis = twoFactor ? UniformAxis(lower: 0, upper: VIXTable.maximumSecondVolatility, count: secondCount) : nil
        self.secondAxis = secondAxis
        let variances = (0..<count).map { pow(sAxis.node($0), 2) }
        let secondVariances = secondAxis.map { axis in (0..<axis.count).map { pow(axis.node($0), 2) } } ?? [0]
        let n1 = variances.count
        switch payoff {
        case .future:
            let nodes = FutureLaplaceNodes(pricer: pricer, variance: variances.last!, secondVariance: secondVariances.last!, years: tau)
            values = secondVariances.flatMap { v2 in nodes.futurePrices(variances: variances, secondVariance: v2) }
        case .option(let kind, let strike):
            let discount = exp(-pricer.rate * tau)
            let ladder = VIXTruncationLadder(pricer: pricer, years: tau)
            /// Per rung: its range, payoff integrals and transform, and (filled on first use) per first-axis node
            /// `e^{alpha_k + beta_k v1}` and per second-axis node `e^{beta2_k v2}`, re/im interleaved.
            final class Rung {
                let upper: Double
                /// The payoff integrals laid out against the interleaved powers: `(w_k g_k, -w_k g_k)` for two factors
                /// (`Re(e1 e2) g_k = e1.re e2.re g_k - e1.im e2.im g_k`), `(w_k g_k, 0)` for one, `w_0 = 1/2` (the
                /// COS sum's halved first term), `w_k = 1` after.
                let weighted: [Double]
                let coefficients: [(alpha: Complex<Double>, beta: Complex<Double>, beta2: Complex<Double>)]
                var first: [[Double]?]
                var second: [[Double]?]
                init(upper: Double, g: [Double], coefficients: [(alpha: Complex<Double>, beta: Complex<Double>, beta2: Complex<Double>)],
                     firstCount: Int, secondCount: Int, twoFactor: Bool) {
                    self.upper = upper
                    var weighted = [Double](repeating: 0, count: 2 * g.count)
                    for (k, gk) in g.enumerated() {
                        weighted[2 * k] = k == 0 ? 0.5 * gk : gk
                        weighted[2 * k + 1] = twoFactor ? -weighted[2 * k] : 0
                    }
                    self.weighted = weighted
                    self.coefficients = coefficients
                    first = Array(repeating: nil, count: firstCount)
                    second = Array(repeating: nil, count: secondCount)
                }
                /// `e^{(a_k) + (b_k) x}` for every term, interleaved.
                func powers(_ x: Double, constant: Bool, second useSecond: Bool) -> [Double] {
                    var out = [Double](repeating: 0, count: 2 * coefficients.count)
                    for (k, c) in coefficients.enumerated() {
                        let e = useSecond ? Complex.exp(c.beta2 * x) : Complex.exp((constant ? c.alpha : .zero) + c.beta * x)
                        out[2 * k] = e.real
                        out[2 * k + 1] = e.imaginary
                    }
                    return out
                }
                func firstPowers(_ i: Int, _ v: Double) -> [Double] {
                    if let e = first[i] { return e }
                    let e = powers(v, constant: true, second: false)
                    first[i] = e
                    return e
                }
                func secondPowers(_ j: Int, _ v2: Double) -> [Double] {
                    if let e = second[j] { return e }
                    let e = powers(v2, constant: false, second: true)
                    second[j] = e
                    return e
                }
            }
            var rungs: [Int: Rung] = [:]
            // One factor: the second factor's powers are ones (the weights' odd entries are zero there).
            let unitPowers = [Double](repeating: 1, count: 2 * pricer.settings.terms)
            func rung(_ m: Int) -> Rung {
                if let r = rungs[m] { return r }
                let upper = ladder.upper(rung: m)
                let r = Rung(upper: upper, g: pricer.callPayoffIntegrals(strike: strike, upper: upper),
                             coefficients: pricer.densityTransform(years: tau, upper: upper),
                             firstCount: variances.count, secondCount: secondVariances.count, twoFactor: twoFactor)
                rungs[m] = r
                return r
            }
            var futures: FutureLaplaceNodes?
            if kind == .put {
                futures = FutureLaplaceNodes(pricer: pricer, variance: variances.last!, secondVariance: secondVariances.last!, years: tau)
            }
            var out: [Double] = []
            out.reserveCapacity(n1 * secondVariances.count)
            for (j, v2) in secondVariances.enumerated() {
                for (i, v) in variances.enumerated() {
                    let r = rung(ladder.rung(v, v2))
                    let e1 = r.firstPowers(i, v)
                    // sum' Re(e1 e2) g_k (one factor: sum' Re(e1) g_k), times 2/b below.
                    let sum = VIXTable.weightedDot(e1, twoFactor ? r.secondPowers(j, v2) : unitPowers, r.weighted)
                    let call = max(discount * 100 * 2 / r.upper * sum, 0)
                    if let futures {
                        out.append(max(call - discount * (futures.futurePrice(variance: v, secondVariance: v2) - strike), 0))
                    } else {
                        out.append(call)
                    }
                }
            }
            values = out
        }
    }

    /// `sum_i a_i b_i w_i` over equal-length arrays, in eight-lane blocks with two accumulators (the table fill's inner
    /// loop: a plain running sum is one dependent addition per term). The order of the additions is fixed by the
    /// length alone, so the result does not depend on the machine; it differs from a left-to-right sum by rounding
    /// only (tested against one).
    static func weightedDot(_ a: [Double], _ b: [Double], _ w: [Double]) -> Double {
        precondition(a.count == w.count && b.count == a.count)
        let n = a.count, blocks = n / 16
        return a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in w.withUnsafeBufferPointer { pw in
            let ra = UnsafeRawPointer(pa.baseAddress!), rb = UnsafeRawPointer(pb.baseAddress!), rw = UnsafeRawPointer(pw.baseAddress!)
            func lanes(_ offset: Int) -> SIMD8<Double> {
                ra.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self) * rb.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
                    * rw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
            }
            var s0 = SIMD8<Double>(), s1 = SIMD8<Double>()
            for blk in 0..<blocks {
                s0 += lanes(blk * 128)
                s1 += lanes(blk * 128 + 64)
            }
            let sums = s0 + s1
            var total = 0.0
            for l in 0..<8 { total += sums[l] }
            for i in (blocks * 16)..<n { total += pa[i] * pb[i] * pw[i] }
            return total
        }}}
    }

    /// The value at the factor variances (VIX points; futures price or option premium per unit): the production
    /// look-up. Two factors: the four `s1` neighbours of each `s2` row are one four-lane load, the rows weighted
    /// lane-wise, the lanes dotted with the `s1` weights last. Agrees with `valueReference` to rounding (tested).
    @inlinable
    public func value(variance v: Double, secondVariance v2: Double = 0) -> Double {
        if v.isNaN || v2.isNaN { return .nan }   // a broken path stays visible: NaN in, NaN out
        let s = Double.minimum(Double.maximum(v, 0).squareRoot(), sAxis.upper)
        let (i, t) = sAxis.locate(s)
        let w = catmullRomWeights(t)
        guard let secondAxis else {
            return values.withUnsafeBufferPointer { f in
                w.0 * f[i - 1] + w.1 * f[i] + w.2 * f[i + 1] + w.3 * f[i + 2]
            }
        }
        let (j, t2) = secondAxis.locate(Double.minimum(Double.maximum(v2, 0).squareRoot(), secondAxis.upper))
        let w2 = catmullRomWeights(t2)
        let n = sAxis.count
        return values.withUnsafeBufferPointer { f in
            weightedLanes(weightedRows(UnsafeRawPointer(f.baseAddress! + (i - 1)), first: j - 1, stride: n, w2), w)
        }
    }

    /// The readable look-up `value` is tested against: Catmull-Rom in `s1` per row, then in `s2`.
    public func valueReference(variance v: Double, secondVariance v2: Double = 0) -> Double {
        if v.isNaN || v2.isNaN { return .nan }
        let (i, t) = sAxis.locate(Double.minimum(Double.maximum(v, 0).squareRoot(), sAxis.upper))
        let w = catmullRomWeights(t)
        func row(_ r: Int) -> Double {
            let b = r * sAxis.count + i
            return w.0 * values[b - 1] + w.1 * values[b] + w.2 * values[b + 1] + w.3 * values[b + 2]
        }
        guard let secondAxis else { return row(0) }
        let (j, t2) = secondAxis.locate(Double.minimum(Double.maximum(v2, 0).squareRoot(), secondAxis.upper))
        let w2 = catmullRomWeights(t2)
        return w2.0 * row(j - 1) + w2.1 * row(j) + w2.2 * row(j + 1) + w2.3 * row(j + 2)
    }

    /// Values for many paths at once (`out[i]` at `variance[i]`, one-factor tables).
    public func values(variance v: [Double], into out: inout [Double]) {
        precondition(out.count >= v.count)
        for i in 0..<v.count { out[i] = value(variance: v[i]) }
    }

    /// `value` for many paths at once, bit for bit (the same operations per path): the form the daily book's futures
    /// marks and market view use. Two passes over chunks of paths (`LookupChunk`): cells and weights axis by axis in
    /// loops that vectorise, then the row loads and sums.
    func values(variance v: UnsafePointer<Double>, secondVariance v2: UnsafePointer<Double>, count: Int,
                into out: UnsafeMutablePointer<Double>) {
        let second = secondAxis, n = sAxis.count
        values.withUnsafeBufferPointer { f in
            LookupChunk.forEachChunk(count: count, first: sAxis, second: second, variance: v, secondVariance: v2) { chunk, start, k in
                if second != nil {
                    for j in 0..<k {
                        chunk.storeLanes(path: j, weightedRows(UnsafeRawPointer(f.baseAddress! + (chunk.cell(axis: 0, path: j) &- 1)),
                                                               first: chunk.cell(axis: 1, path: j) &- 1, stride: n,
                                                               chunk.weights(axis: 1, path: j)))
                    }
                    for j in 0..<k {
                        let value = chunk.dot(axis: 0, path: j)
                        out[start &+ j] = v[start &+ j].isNaN || v2[start &+ j].isNaN ? .nan : value
                    }
                } else {
                    for j in 0..<k {
                        let i = chunk.cell(axis: 0, path: j), w = chunk.weights(axis: 0, path: j)
                        let value = w.0 * f[i &- 1] + w.1 * f[i] + w.2 * f[i &+ 1] + w.3 * f[i &+ 2]
                        out[start &+ j] = v[start &+ j].isNaN || v2[start &+ j].isNaN ? .nan : value
                    }
                }
            }
        }
    }
}
