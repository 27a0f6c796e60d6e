import Foundation
import Numerics

/// SPX option values for per-path repricing at one remaining maturity `tau`: the put per unit strike
/// `p(x, u) = P(S, K, v; tau) / K` on a uniform grid in log-moneyness `x = ln(S/K)` and `u = v^{1/4}`, filled once
/// by COS (`SPXOptionPricer`) and read by bicubic Catmull-Rom interpolation (16 values per look-up, no allocation).
/// Calls by parity. The price is homogeneous in `(S, K)`, so one table serves every strike.
///
/// Grid: `x` in `[-X, X]` with `X = min(3, 10 sqrt(0.25 tau) + one jump's reach + 0.05)`, 801 nodes; `u` in
/// `[0, sqrt 1.5]` (volatility up to 150 %), 49 nodes: `u = v^{1/4}` puts nodes where the price changes shape, at
/// small variance near the money (a uniform grid in `sqrt v` missed the target by 2x there). Beyond `+-X` the put is
/// its asymptote (0 above, `e^{-r tau} - e^{x - q tau}` below); beyond 150 % volatility the edge is used. Interpolation error, measured against direct COS at random points in
/// the tests: below 1e-4 of the strike (the target).
///
/// Two-factor markets add an axis `u2 = v2^{1/4}` on `[0, 1]` (second-factor volatility up to 100 %), 25 nodes, read
/// by tricubic interpolation. The states are grouped by the width of their own COS range (a geometric ladder,
/// ratio 1.6), and each group is filled in one pass on the union of its states' ranges, with enough terms for its
/// narrowest state, so the put payoff coefficients `V_k(x)` are shared by the group's states and the group is the
/// matrix product of the states' weights `Re[e^{A_k + B_1k v1 + B_2k v2 - i w_k a}]` (`e^{B_1k v1}` and `e^{B_2k v2}`
/// computed once per axis node) with `V_k(x)`. Each state uses the terms its own spread needs on that range (the
/// pricer's term rule, up to 16384), so the product is one `dgemm` per term count, over the prefixes of the weights
/// and of `V_k`. (Until 2026-12-07 every state took the zero state's count capped at 4096: on the default market
/// that left the states near zero variance under-resolved, 0.5-0.7 SPX points, 1.5e-4 of the strike, off a 21-day
/// put 3 % in the money. Later that day, and before the groups, the whole grid shared one range, the union of the zero
/// state's and the largest state's, which asked the narrow states for up to 16,384 terms: the groups sum 1.8-2.1x
/// fewer terms over the grid, measured on the default market at 15-90 days.)
/// Node values are within 1e-6 of the strike of COS at 4,096 terms on a range of 16 spreads (tested).
public struct SPXOptionTable: Sendable {
    public let years: Double
    public let rate: Double
    public let dividendYield: Double
    public let xAxis: UniformAxis
    public let sAxis: UniformAxis
    /// `u2 = v2^{1/4}` axis of two-factor markets (`nil` for one factor).
    public let secondAxis: UniformAxis?
    /// Put per unit strike, `values[(u2Index * sAxis.count + uIndex) * xAxis.count + xIndex]`.
    @usableFromInline let values: [Double]

    public static let maximumVolatility = 1.5
    public static let maximumSecondVolatility = 1.0

    public init(pricer: SPXOptionPricer, years tau: Double, xCount: Int = 801, sCount: Int = 49, secondCount: Int = 25) {
        precondition(tau > 0)
        years = tau
        rate = pricer.rate
        dividendYield = pricer.dividendYield
        var reach = 0.05
        if let j = pricer.transform.dynamics.jumps {
            reach += abs(j.meanLogJump) + 8 * j.logJumpVolatility + 30 * j.varianceJumpMean * abs(j.correlation)
        }
        let halfWidth = min(3, 10 * (0.25 * tau).squareRoot() + reach)
        let xAxis = UniformAxis(lower: -halfWidth, upper: halfWidth, count: xCount)
        let sAxis = UniformAxis(lower: 0, upper: SPXOptionTable.maximumVolatility.squareRoot(), count: sCount)
        self.xAxis = xAxis
        self.sAxis = sAxis
        let xs = (0..<xCount).map { xAxis.node($0) }
        if pricer.transform.dynamics.isTwoFactor {
            let secondAxis = UniformAxis(lower: 0, upper: SPXOptionTable.maximumSecondVolatility.squareRoot(), count: secondCount)
            self.secondAxis = secondAxis
            values = SPXOptionTable.twoFactorValues(pricer: pricer, years: tau, xs: xs, first: sAxis, second: secondAxis)
            return
        }
        secondAxis = nil
        var values = [Double](repeating: 0, count: xCount * sCount)
        for si in 0..<sCount {
            let u = sAxis.node(si)
            let row = pricer.putPerUnitStrike(logMoneyness: xs, variance: u * u * u * u, years: tau)
            for xi in 0..<xCount { values[si * xCount + xi] = row[xi].value }
        }
        self.values = values
    }

    /// The put per unit strike at log-moneyness `x` and factor variances `v` (and `v2`): the production look-up.
    /// The four `x` neighbours of a grid row are contiguous, so each of the 4 (one factor) or 16 (two factors) rows
    /// is one four-lane load; the rows are weighted in `u` (and `u2`) lane-wise first, and the four lanes are dotted
    /// with the `x` weights last. Same interpolant as `putPerUnitStrikeReference`, summed in another order: they agree
    /// to rounding (tested within 1e-14 per unit strike).
    @inlinable
    public func putPerUnitStrike(logMoneyness x: Double, variance v: Double, secondVariance v2: Double = 0) -> Double {
        if x.isNaN || v.isNaN || v2.isNaN { return .nan }   // a broken path stays visible: NaN in, NaN out
        if x >= xAxis.upper { return 0 }
        if x <= xAxis.lower { return max(exp(-rate * years) - exp(x - dividendYield * years), 0) }
        let s = max(v, 0).squareRoot().squareRoot()   // u = v^{1/4}
        let (xi, tx) = xAxis.locate(x)
        let (si, ts) = sAxis.locate(min(s, sAxis.upper))
        var ti = 0, wt = (0.0, 0.0, 0.0, 0.0)
        if let secondAxis {
            let (j, tt) = secondAxis.locate(Double.minimum(Double.maximum(v2, 0).squareRoot().squareRoot(), secondAxis.upper))
            (ti, wt) = (j, catmullRomWeights(tt))
        }
        return values.withUnsafeBufferPointer { table in
            interior(table.baseAddress!, xi: xi, si: si, ti: ti, catmullRomWeights(tx), catmullRomWeights(ts), wt)
        }
    }

    /// The put per unit strike inside the grid from the cells `(xi, si, ti)` and the Catmull-Rom weights in `x`,
    /// `u` and `u2` (`ti`, `wt` unused for one factor): the 4 or 16 rows' four `x` neighbours one load each, weighted
    /// in `u` (and `u2`) lane-wise, the lanes in `x` last, floored at 0. Shared by the scalar and the batch look-up.
    @usableFromInline @inline(__always)
    func interior(_ table: UnsafePointer<Double>, xi: Int, si: Int, ti: Int, _ wx: (Double, Double, Double, Double),
                  _ ws: (Double, Double, Double, Double), _ wt: (Double, Double, Double, Double)) -> Double {
        max(weightedLanes(interiorLanes(table, xi: xi, si: si, ti: ti, ws, wt), wx), 0)
    }

    /// The four `x` neighbours of `interior`, weighted in `u` (and `u2`): the lanes it dots with the `x` weights.
    @usableFromInline @inline(__always)
    func interiorLanes(_ table: UnsafePointer<Double>, xi: Int, si: Int, ti: Int, _ ws: (Double, Double, Double, Double),
                       _ wt: (Double, Double, Double, Double)) -> SIMD4<Double> {
        let origin = UnsafeRawPointer(table + (xi &- 1)), n = xAxis.count
        @inline(__always) func slab(_ offset: Int) -> SIMD4<Double> { weightedRows(origin, first: offset &+ si &- 1, stride: n, ws) }
        guard secondAxis != nil else { return slab(0) }
        let m = sAxis.count
        return wt.0 * slab((ti &- 1) &* m) + wt.1 * slab(ti &* m) + wt.2 * slab((ti &+ 1) &* m) + wt.3 * slab((ti &+ 2) &* m)
    }

    /// Prefetches the rows `interiorLanes` reads for the cells `(xi, si, ti)` (the same addresses; `prefetchRows`).
    @inline(__always)
    func prefetchInterior(_ table: UnsafePointer<Double>, xi: Int, si: Int, ti: Int) {
        let origin = UnsafeRawPointer(table + (xi &- 1)), n = xAxis.count
        guard secondAxis != nil else { return prefetchRows(origin, first: si &- 1, stride: n) }
        let m = sAxis.count
        for q in 0..<4 { prefetchRows(origin, first: (ti &- 1 &+ q) &* m &+ si &- 1, stride: n) }
    }

    /// The readable look-up `putPerUnitStrike` is tested against: Catmull-Rom in `x` per row, then in `u`, then
    /// in `u2`, one value at a time.
    public func putPerUnitStrikeReference(logMoneyness x: Double, variance v: Double, secondVariance v2: Double = 0) -> Double {
        if x.isNaN || v.isNaN || v2.isNaN { return .nan }
        if x >= xAxis.upper { return 0 }
        if x <= xAxis.lower { return max(exp(-rate * years) - exp(x - dividendYield * years), 0) }
        let s = max(v, 0).squareRoot().squareRoot()
        let (xi, tx) = xAxis.locate(x)
        let (si, ts) = sAxis.locate(min(s, sAxis.upper))
        let wx = catmullRomWeights(tx), ws = catmullRomWeights(ts)
        let n = xAxis.count
        func row(_ r: Int) -> Double {
            let base = r * n + xi
            return wx.0 * values[base - 1] + wx.1 * values[base] + wx.2 * values[base + 1] + wx.3 * values[base + 2]
        }
        func slab(_ offset: Int) -> Double {
            ws.0 * row(offset + si - 1) + ws.1 * row(offset + si) + ws.2 * row(offset + si + 1) + ws.3 * row(offset + si + 2)
        }
        guard let secondAxis else { return max(slab(0), 0) }
        let u2 = Double.minimum(Double.maximum(v2, 0).squareRoot().squareRoot(), secondAxis.upper)
        let (ti, tt) = secondAxis.locate(u2)
        let wt = catmullRomWeights(tt), m = sAxis.count
        return max(wt.0 * slab((ti - 1) * m) + wt.1 * slab(ti * m) + wt.2 * slab((ti + 1) * m) + wt.3 * slab((ti + 2) * m), 0)
    }

    /// Option value in index points for one contract unit (multiplier is the caller's).
    @inlinable
    public func value(_ kind: OptionKind, strike: Double, spot: Double, variance: Double, secondVariance: Double = 0) -> Double {
        let put = strike * putPerUnitStrike(logMoneyness: log(spot / strike), variance: variance, secondVariance: secondVariance)
        switch kind {
        case .put: return put
        case .call: return max(put + spot * exp(-dividendYield * years) - strike * exp(-rate * years), 0)
        }
    }

    /// Puts per unit strike for many paths at once (`out[i]` for `logMoneyness[i]`, `variance[i]` and, for a
    /// two-factor table, `secondVariance[i]`): the form the daily book's repricing uses.
    public func putsPerUnitStrike(logMoneyness x: [Double], variance v: [Double], secondVariance v2: [Double]? = nil,
                                  into out: inout [Double]) {
        precondition(x.count == v.count && out.count >= x.count && (v2 == nil || v2!.count == x.count))
        let zeros = v2 == nil ? [Double](repeating: 0, count: x.count) : []
        x.withUnsafeBufferPointer { xs in
        v.withUnsafeBufferPointer { vs in
        (v2 ?? zeros).withUnsafeBufferPointer { v2s in
        out.withUnsafeMutableBufferPointer { o in
            putsPerUnitStrike(logMoneyness: xs.baseAddress!, variance: vs.baseAddress!, secondVariance: v2s.baseAddress!,
                              count: xs.count, into: o.baseAddress!)
        }}}}
    }

    /// The batch of `putPerUnitStrike`, bit for bit (the same operations per path), in two passes over chunks of
    /// 64 paths: cells and Catmull-Rom weights of every path first, axis by axis (loops without branches, which
    /// vectorise), then the four-lane row loads and sums, independent per path, then the dots with the `x` weights
    /// (`LookupChunk`), with the rows each path reads prefetched between the first two. The chunk scratch lives on
    /// the stack.
    func putsPerUnitStrike(logMoneyness x: UnsafePointer<Double>, variance v: UnsafePointer<Double>,
                           secondVariance v2: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>) {
        let xLower = xAxis.lower, xUpper = xAxis.upper, sUpper = sAxis.upper
        let discount = exp(-rate * years), carry = dividendYield * years
        let xAxis = xAxis, sAxis = sAxis, second = secondAxis
        let xCells = xAxis.locator, sCells = sAxis.locator   // plain values, so the first passes vectorise
        LookupChunk.with(axes: 3) { chunk in
        values.withUnsafeBufferPointer { table in
            var start = 0
            while start < count {
                let k = min(LookupChunk.size, count - start)
                let xs = x + start, vs = v + start, v2s = v2 + start
                for j in 0..<k { chunk.store(axis: 0, path: j, xCells.locate(xs[j])) }
                for j in 0..<k { chunk.store(axis: 1, path: j, sCells.locate(min(max(vs[j], 0).squareRoot().squareRoot(), sUpper))) }
                if let second {
                    // IEEE maximum and minimum as selects (the same values; no NaN reaches the minimum).
                    let upper = second.upper
                    for j in 0..<k {
                        let nonNegative = v2s[j] > 0 ? v2s[j] : 0, root = nonNegative.squareRoot().squareRoot()
                        chunk.store(axis: 2, path: j, second.locate(root < upper ? root : upper))
                    }
                } else {
                    for j in 0..<k { chunk.clear(axis: 2, path: j) }
                }
                // Prefetch every path's rows before the sums read them, so the cache misses of the chunk's paths
                // overlap instead of coming a few at a time (the tables hold 1 GB; changes no result).
                for j in 0..<k {
                    prefetchInterior(table.baseAddress!, xi: chunk.cell(axis: 0, path: j), si: chunk.cell(axis: 1, path: j),
                                     ti: chunk.cell(axis: 2, path: j))
                }
                for j in 0..<k {
                    chunk.storeLanes(path: j, interiorLanes(table.baseAddress!, xi: chunk.cell(axis: 0, path: j),
                                                            si: chunk.cell(axis: 1, path: j), ti: chunk.cell(axis: 2, path: j),
                                                            chunk.weights(axis: 1, path: j), chunk.weights(axis: 2, path: j)))
                }
                for j in 0..<k {
                    var value = max(chunk.dot(axis: 0, path: j), 0)
                    let xj = xs[j]
                    if xj <= xLower { value = max(discount - exp(xj - carry), 0) }
                    if xj >= xUpper { value = 0 }
                    if xj.isNaN || vs[j].isNaN || v2s[j].isNaN { value = .nan }
                    out[start + j] = value
                }
                start += k
            }
        }}
    }

    /// The two-factor grid (see the type's comment): the states grouped by the width of their own COS range on a
    /// geometric ladder (ratio `rangeLadderRatio` from the narrowest), each group on the union of its states' ranges,
    /// so that a narrow state near zero variance is not summed on the range of a state at 150 % volatility (which
    /// asked it for up to 16,384 terms; on the default market the grid's states sum 1.8-2.1x fewer terms in three groups).
    static func twoFactorValues(pricer: SPXOptionPricer, years tau: Double, xs: [Double], first: UniformAxis, second: UniformAxis) -> [Double] {
        let v1s = (0..<first.count).map { pow(first.node($0), 4) }, v2s = (0..<second.count).map { pow(second.node($0), 4) }
        let rows = v2s.indices.flatMap { j in v1s.indices.map { i in (first: i, second: j) } }
        let own = rows.map { pricer.range(variance: v1s[$0.first], secondVariance: v2s[$0.second], years: tau) }
        let narrowest = own.map { $0.b - $0.a }.min()!
        var rungs: [Int: [Int]] = [:]
        for (r, range) in own.enumerated() {
            rungs[Int((log((range.b - range.a) / narrowest) / log(rangeLadderRatio)).rounded(.down)), default: []].append(r)
        }
        var values = [Double](repeating: 0, count: rows.count * xs.count)
        for (_, members) in rungs.sorted(by: { $0.key < $1.key }) {
            let range = (a: members.map { own[$0].a }.min()!, b: members.map { own[$0].b }.max()!)
            fillRows(members, of: rows, v1s: v1s, v2s: v2s, range: range, pricer: pricer, years: tau, xs: xs, into: &values)
        }
        return values
    }

    /// Ratio of the widths of neighbouring groups of states in `twoFactorValues`: a state's range is at most this
    /// factor narrower than its group's, so its term count at most doubles (the term rule is per range width).
    static let rangeLadderRatio = 1.6

    /// The rows `members` of the two-factor grid on one COS range `[a_X, b_X]`: weights `states x terms` times payoff
    /// coefficients `terms x x-nodes`, one `dgemm` per group of states with the same term count, into
    /// `values[row * xs.count ..< (row + 1) * xs.count]`.
    static func fillRows(_ members: [Int], of rows: [(first: Int, second: Int)], v1s: [Double], v2s: [Double],
                         range: (a: Double, b: Double), pricer: SPXOptionPricer, years tau: Double, xs: [Double],
                         into values: inout [Double]) {
        let aX = range.a, bX = range.b, width = bX - aX
        // Each state's term count on this range; the coefficients go as far as the group's narrowest state needs.
        let counts = members.map { pricer.termCount(range: range, variance: v1s[rows[$0].first], secondVariance: v2s[rows[$0].second], years: tau) }
        let terms = counts.max()!
        let coefficients = pricer.frequencyCoefficients(width: width, terms: terms, years: tau)
        // Terms past the first negligible frequency are zero for every state: the product needs only the others.
        let n = (coefficients.lastIndex { $0.a.real > -.infinity } ?? 0) + 1
        // The series for a state needs only as many terms as its own spread asks on this range (the pricer's term
        // rule: steps of a sixth of its diffusive sd; past those the terms are below e^{-18 pi^2} of the first), so
        // each state (row) gets its own count, and the factors of an axis node are computed up to the largest count
        // of the rows that read it.
        let needed = counts.map { min($0, n) }
        var limit1 = [Int](repeating: 0, count: v1s.count), limit2 = [Int](repeating: 0, count: v2s.count)
        for (m, r) in members.enumerated() {
            limit1[rows[r].first] = max(limit1[rows[r].first], needed[m])
            limit2[rows[r].second] = max(limit2[rows[r].second], needed[m])
        }
        // Rows (j, i) of the weights Re[e0_k e1_ik e2_jk], e0_k = e^{A_k - i w_k a} (first term halved), e1 = e^{B_1k v1},
        // e2 = e^{B_2k v2}: the product e0 e1 per first-axis node, as a complex value, then its product with e2.
        let e0: [Complex<Double>] = (0..<n).map { k in
            guard coefficients[k].a.real > -.infinity else { return .zero }
            let w = Double(k) * .pi / width
            let e = Complex.exp(coefficients[k].a - Complex(0, w * aX))
            return k == 0 ? e * 0.5 : e
        }
        let firstColumns = DensityStateWeights.columns(terms: n, limits: limit1) { i, k in
            coefficients[k].a.real == -.infinity ? .zero : e0[k] * Complex.exp(coefficients[k].b * v1s[i])
        }
        let secondColumns = DensityStateWeights.columns(terms: n, limits: limit2) { j, k in
            coefficients[k].a.real == -.infinity ? .zero : Complex.exp(coefficients[k].b2 * v2s[j])
        }
        let weights = DensityStateWeights(terms: n, first: firstColumns, second: secondColumns, halvingFirstTerm: false)
        // V_k(x) = 2/(b - a) (psi_k(a, d) - chi_k(a, d)), a = x + a_X, d = min(x + b_X, 0), times the discount; only as
        // many terms as the group's largest count.
        let payoff = SPXOptionTable.putPayoffCoefficients(xs: xs, lower: aX, upper: bX, terms: needed.max()!, discount: exp(-pricer.rate * tau))
        // States grouped by their count (a power of two); each group multiplies a prefix of the weights with a prefix
        // of the payoff rows.
        var groups: [Int: [Int]] = [:]
        for (m, r) in members.enumerated() { groups[needed[m], default: []].append(r) }
        let block = max(1, min(members.count, (1 << 18) / max(n, 1)))
        var blockWeights = [Double](repeating: 0, count: block * n), blockValues = [Double](repeating: 0, count: block * xs.count)
        for (terms, group) in groups.sorted(by: { $0.key < $1.key }) {
            // A block of states at a time (weights `block x terms`, reused).
            for start in stride(from: 0, to: group.count, by: block) {
                let part = group[start..<min(start + block, group.count)]
                weights.fill(rows: part.map { rows[$0] }[...], terms: terms, into: &blockWeights)
                DenseProduct.multiply(blockWeights, payoff, m: part.count, k: terms, n: xs.count, into: &blockValues)
                for (b, r) in part.enumerated() {
                    values.replaceSubrange(r * xs.count..<(r + 1) * xs.count, with: blockValues[b * xs.count..<(b + 1) * xs.count])
                }
            }
        }
    }

    /// The put's payoff coefficients `V_k(x) = D 2/(b - a) (psi_k(a, d) - chi_k(a, d))` of every `x` node on the
    /// range `[x + lower, x + upper]` (`a = x + lower`, `d = min(x + upper, 0)`, `D` the discount), `terms x nodes`,
    /// `out[k * xs.count + c]`; F&O's closed forms with `e^{i w_k (d - a)}` by repeated multiplication with
    /// `e^{i pi (d - a)/(b - a)}`. Nodes with `d <= a` (the put is 0 on the whole range) stay 0; they are the nodes
    /// from `x >= -lower` on, a suffix of the ascending `xs`. Term by term over all nodes (the inner loop vectorises);
    /// the arithmetic per element is that of `putPayoffCoefficientsReference`, so the two agree bit for bit (tested).
    static func putPayoffCoefficients(xs: [Double], lower aX: Double, upper bX: Double, terms n: Int, discount: Double) -> [Double] {
        let width = bX - aX, count = xs.count
        let scale = discount * 2 / width
        let live = xs.firstIndex { !(min($0 + bX, 0) > $0 + aX) } ?? count
        precondition(xs[live...].allSatisfy { !(min($0 + bX, 0) > $0 + aX) }, "nodes ascend")
        var out = [Double](repeating: 0, count: n * count)
        guard live > 0, n > 0 else { return out }
        // Per node (named columns of one scratch buffer): a, d, e^d, e^a, the rotation's step and its running value.
        enum Column: Int, CaseIterable { case a, d, ed, ea, stepRe, stepIm, rotRe, rotIm }
        var scratch = [Double](repeating: 0, count: Column.allCases.count * live)
        scratch.withUnsafeMutableBufferPointer { buffer in
        out.withUnsafeMutableBufferPointer { o in
            func column(_ c: Column) -> UnsafeMutablePointer<Double> { buffer.baseAddress! + c.rawValue * live }
            let a = column(.a), d = column(.d), ed = column(.ed), ea = column(.ea)
            let stepRe = column(.stepRe), stepIm = column(.stepIm), rotRe = column(.rotRe), rotIm = column(.rotIm)
            for c in 0..<live {
                a[c] = xs[c] + aX
                d[c] = min(xs[c] + bX, 0)
                let step = Complex.exp(Complex(0, .pi * (d[c] - a[c]) / width))
                (stepRe[c], stepIm[c]) = (step.real, step.imaginary)
                (rotRe[c], rotIm[c]) = (1, 0)
                ed[c] = exp(d[c])
                ea[c] = exp(a[c])
            }
            for k in 0..<n {
                let w = Double(k) * .pi / width, denominator = 1 + w * w
                let row = o.baseAddress! + k * count
                for c in 0..<live {
                    let re = rotRe[c], im = rotIm[c]
                    let chi = (re * ed[c] - ea[c] + w * im * ed[c]) / denominator
                    let psi = k == 0 ? d[c] - a[c] : im / w
                    row[c] = scale * (psi - chi)
                    // rotation * step, as Complex's product.
                    rotRe[c] = re * stepRe[c] - im * stepIm[c]
                    rotIm[c] = re * stepIm[c] + im * stepRe[c]
                }
            }
        }}
        return out
    }

    /// The readable form of `putPayoffCoefficients`: node by node, the rotation a `Complex`.
    static func putPayoffCoefficientsReference(xs: [Double], lower aX: Double, upper bX: Double, terms n: Int, discount: Double) -> [Double] {
        let width = bX - aX
        var payoff = [Double](repeating: 0, count: n * xs.count)
        for (c, x) in xs.enumerated() {
            let a = x + aX, d = min(x + bX, 0)
            guard d > a else { continue }
            let step = Complex.exp(Complex(0, .pi * (d - a) / width))
            var rotation = Complex<Double>(1, 0)
            let ed = exp(d), ea = exp(a)
            for k in 0..<n {
                let w = Double(k) * .pi / width
                let chi = (rotation.real * ed - ea + w * rotation.imaginary * ed) / (1 + w * w)
                let psi = k == 0 ? d - a : rotation.imaginary / w
                payoff[k * xs.count + c] = discount * 2 / width * (psi - chi)
                rotation = rotation * step
            }
        }
        return payoff
    }
}
