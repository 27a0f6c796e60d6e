import Numerics

/// The state part of COS density coefficients for many grid states at once: the rows of the `states x terms` matrix
/// that a table multiplies with its payoff integrals (`VIXOptionSurface`):
///
///     W[r, k] = c_k Re[e^{alpha_k + beta_k v1_i} e^{beta2_k v2_j}],   c_0 = 1/2, c_k = 1 otherwise,
///
/// for the row's axis nodes `(i, j)` (one factor: `Re[e^{alpha_k + beta_k v1_i}]`). Each factor is computed once per
/// axis node a row uses and kept as separate real and imaginary columns; a row is then one pass over the terms, eight
/// lanes at a time. The arithmetic is that of `Complex` (`exp`, the product, and `real`, which is NaN for a
/// non-finite value), so the rows have the bits of the per-element form `(k == 0 ? 0.5 : 1) * (e1[k] * e2[k]).real`.
/// Rows are filled a block at a time into a caller's buffer, so a table of many states never holds the whole matrix.
/// `SPXOptionTable` uses the same rows with its own factors (`e^{A_k - i w_k a} e^{B_1k v1}` and `e^{B_2k v2}`).
struct DensityStateWeights {
    let terms: Int
    /// `e^{alpha_k + beta_k v1_i}` at `[i * terms + k]`, real and imaginary parts (zero where no row reads them).
    private let firstRe: [Double], firstIm: [Double]
    /// `e^{beta2_k v2_j}` alike; one factor: a single node with the value 1.
    private let secondRe: [Double], secondIm: [Double]
    private let twoFactor: Bool
    private let firstTermFactor: Double

    /// The weights of VIX density coefficients (see the type's comment).
    /// - Parameters:
    ///   - coefficients: the transform coefficients per term (`VIXPricer.densityTransform`).
    ///   - rows: the first- and second-axis node indices of every row that will be filled.
    ///   - firsts: first-factor variances of the axis nodes.
    ///   - seconds: second-factor variances of the axis nodes; `nil` for a one-factor market.
    ///   - firstLimits, secondLimits: per axis node, the terms its factors are computed for (zero beyond: the rows'
    ///     weights of those terms are then zero); by default every term of the nodes `rows` use.
    init(coefficients: [(alpha: Complex<Double>, beta: Complex<Double>, beta2: Complex<Double>)],
         rows: [(first: Int, second: Int)], firsts: [Double], seconds: [Double]?,
         firstLimits: [Int]? = nil, secondLimits: [Int]? = nil) {
        let terms = coefficients.count
        let limits1 = firstLimits ?? DensityStateWeights.limits(nodes: firsts.count, terms: terms, used: rows.map(\.first))
        precondition(limits1.count == firsts.count)
        let first = DensityStateWeights.exponentialColumns(terms: terms, limits: limits1) { i, k in
            coefficients[k].alpha + coefficients[k].beta * firsts[i]
        }
        let second = seconds.map { seconds in
            let limits2 = secondLimits ?? DensityStateWeights.limits(nodes: seconds.count, terms: terms, used: rows.map(\.second))
            precondition(limits2.count == seconds.count)
            return DensityStateWeights.exponentialColumns(terms: terms, limits: limits2) { j, k in
                coefficients[k].beta2 * seconds[j]
            }
        }
        self.init(terms: terms, first: first, second: second, halvingFirstTerm: true)
    }

    /// Rows `c_k Re[f_ik s_jk]` from factor columns already computed (`columns`), `c_0 = 1/2` when
    /// `halvingFirstTerm`, 1 otherwise.
    init(terms: Int, first: (re: [Double], im: [Double]), second: (re: [Double], im: [Double])?, halvingFirstTerm: Bool) {
        self.terms = terms
        (firstRe, firstIm) = first
        twoFactor = second != nil
        // One factor: a single second node of value 1; x1 * 1 - y1 * 0 = x1 and x1 * 0 + y1 * 1 = y1 for finite parts.
        (secondRe, secondIm) = second ?? ([Double](repeating: 1, count: terms), [Double](repeating: 0, count: terms))
        firstTermFactor = halvingFirstTerm ? 0.5 : 1
    }

    /// Factor columns `f(node, k)` at `[node * terms + k]`, real and imaginary parts, for `k < limits[node]` (zero
    /// beyond, and for nodes with limit 0). A non-finite factor is stored as NaN (`Complex.real`): its rows are NaN
    /// either way.
    static func columns(terms: Int, limits: [Int], _ factor: (Int, Int) -> Complex<Double>) -> (re: [Double], im: [Double]) {
        var re = [Double](repeating: 0, count: limits.count * terms), im = re
        for (node, limit) in limits.enumerated() {
            for k in 0..<min(limit, terms) {
                let e = factor(node, k)
                re[node * terms + k] = e.real
                im[node * terms + k] = e.imaginary
            }
        }
        return (re, im)
    }

    /// `columns` of `e^{exponent(node, k)}`: the exponents first, then their exponentials node by node in one
    /// vectorised pass (`complexExponentials`, within `2^-51` of the modulus of `Complex.exp`).
    static func exponentialColumns(terms: Int, limits: [Int], _ exponent: (Int, Int) -> Complex<Double>) -> (re: [Double], im: [Double]) {
        let exponents = columns(terms: terms, limits: limits, exponent)
        var re = [Double](repeating: 0, count: limits.count * terms), im = re
        exponents.re.withUnsafeBufferPointer { xr in
        exponents.im.withUnsafeBufferPointer { xi in
        re.withUnsafeMutableBufferPointer { r in
        im.withUnsafeMutableBufferPointer { m in
            for (node, limit) in limits.enumerated() where limit > 0 {
                let o = node * terms
                complexExponentials(re: xr.baseAddress! + o, im: xi.baseAddress! + o, count: min(limit, terms),
                                    intoRe: r.baseAddress! + o, intoIm: m.baseAddress! + o)
            }
        }}}}
        return (re, im)
    }

    /// Per axis node, `terms` where a row uses it, 0 otherwise.
    static func limits(nodes: Int, terms: Int, used: [Int]) -> [Int] {
        var limits = [Int](repeating: 0, count: nodes)
        for node in used { limits[node] = terms }
        return limits
    }

    /// Fills `out[r * count + k]`, `k < count`, for the rows `rows`: the first `count` terms (default all) of each
    /// (`out` holds at least `rows.count * count`).
    func fill(rows: ArraySlice<(first: Int, second: Int)>, terms count: Int? = nil, into out: inout [Double]) {
        let count = count ?? terms
        precondition(count <= terms && out.count >= rows.count * count)
        let terms = terms, twoFactor = twoFactor, firstTermFactor = firstTermFactor
        firstRe.withUnsafeBufferPointer { re1 in
        firstIm.withUnsafeBufferPointer { im1 in
        secondRe.withUnsafeBufferPointer { re2 in
        secondIm.withUnsafeBufferPointer { im2 in
        out.withUnsafeMutableBufferPointer { w in
            for (r, row) in rows.enumerated() {
                let a = row.first &* terms, b = twoFactor ? row.second &* terms : 0, o = r &* count
                DensityStateWeights.productRealParts(re1.baseAddress! + a, im1.baseAddress! + a, re2.baseAddress! + b,
                                                     im2.baseAddress! + b, into: w.baseAddress! + o, count: count)
                if firstTermFactor != 1 { w[o] = firstTermFactor * w[o] }
            }
        }}}}}
    }

    /// `out[k] = Re[(x1 + i y1)(x2 + i y2)]`, NaN where the product is not finite (as `Complex.real`), eight lanes at
    /// a time.
    @inline(__always)
    private static func productRealParts(_ x1: UnsafePointer<Double>, _ y1: UnsafePointer<Double>, _ x2: UnsafePointer<Double>,
                                         _ y2: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        typealias V = SIMD8<Double>
        var k = 0
        while k &+ 8 <= count {
            let a = UnsafeRawPointer(x1 + k).loadUnaligned(as: V.self), b = UnsafeRawPointer(y1 + k).loadUnaligned(as: V.self)
            let c = UnsafeRawPointer(x2 + k).loadUnaligned(as: V.self), d = UnsafeRawPointer(y2 + k).loadUnaligned(as: V.self)
            let re = a * c - b * d, im = a * d + b * c
            let finite = (re - re .== V.zero) .& (im - im .== V.zero)   // x - x is 0 for finite x, NaN otherwise
            UnsafeMutableRawPointer(out + k).storeBytes(of: re.replacing(with: .nan, where: .!finite), as: V.self)
            k &+= 8
        }
        while k < count {
            let re = x1[k] * x2[k] - y1[k] * y2[k], im = x1[k] * y2[k] + y1[k] * x2[k]
            out[k] = re.isFinite && im.isFinite ? re : .nan
            k &+= 1
        }
    }
}
