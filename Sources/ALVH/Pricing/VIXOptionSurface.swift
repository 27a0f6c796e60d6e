import Foundation
import Numerics

/// VIX call values for a whole set of strikes at one remaining maturity, as functions of the factor variances: what an
/// adaptive book needs to mark VIX options whose strikes were set on each path (DESIGN section 4).
///
/// Same COS method and grid shape as `VIXTable` (Catmull-Rom in `s1 = sqrt(v1)` on `[0, 1.5]`, bicubic with
/// `s2 = sqrt(v2)` on `[0, 1]` for two factors), but every strike at once: per truncation rung (`VIXTruncationLadder`)
/// the payoff integrals of all strikes come from one pass over the panels (`VIXPricer.callPayoffIntegrals(strikes:upper:)`),
/// and the states' density coefficients times the strikes' payoff integrals is one `dgemm`
/// (states x terms) x (terms x strikes). Values are `e^{-r tau} 100 E[(sqrt(Y_T + B) - K/100)^+]`, VIX points per unit.
/// Interpolation error, measured against direct pricing at random states in the tests: below 0.005 VIX points (the
/// second axis is finer for lives under 8 days, `secondAxisCount(years:)`).
public struct VIXOptionSurface: Sendable {
    public let years: Double
    /// The strikes, VIX points, in the order of the columns.
    public let strikes: [Double]
    public let sAxis: UniformAxis
    public let secondAxis: UniformAxis?
    /// `values[k * nodes + node]`, `node = j * sAxis.count + i` at `(s1_i, s2_j)`, `nodes` the grid's node count:
    /// a strike's grid is contiguous, so the four `s1` neighbours of a look-up are one load.
    @usableFromInline let values: [Double]

    /// Grid nodes per block of the build (weights `rowBlock x terms` and products `rowBlock x strikes` reused).
    static let rowBlock = 512

    /// Nodes on the `sqrt(v2)` axis for a remaining life of `tau` years: 61 from 8 trading days, and a spacing that
    /// shrinks as `sqrt(tau)` below (`1 + ceil(60 sqrt(8 days / tau))`: 66 at 7 days, 77 at 5, 99 at 3, 121 at 2, 171 at 1).
    /// Near expiry a call's value bends sharply in `v2` around the money (the VIX moves about 1.5 points per node of
    /// the 61-node axis on the default market): with 61 nodes the surface was 0.022 VIX points off direct COS at 2
    /// days, 0.014 at 3, 0.0078 at 5 and 0.0043 at 8 (default market, v1 in [0.0002, 0.02], v2 in [0.005, 0.085],
    /// strikes 12-40; measured 2026-12-07), against the 0.005 this type states; the `sqrt(v1)` axis did not matter
    /// there (601 nodes changed nothing).
    static func secondAxisCount(years tau: Double) -> Int {
        let days = (tau * PathSimulationSettings.tradingDaysPerYear * 1e6).rounded() / 1e6   // whole days stay whole
        return days >= 8 ? 61 : 1 + Int((60 * (8 / max(days, 0.01)).squareRoot() - 1e-9).rounded(.up))
    }

    /// How far, in VIX points, a surface's values may be from the sums of all the pricer's COS terms: each state
    /// drops the trailing terms whose contribution is bounded below this (`COSTermPlan`).
    public static let termTolerance = 1e-8

    /// - Parameters:
    ///   - count, secondCount: nodes on the `sqrt(v1)` and `sqrt(v2)` axes (the second only for two-factor markets;
    ///     by default `secondAxisCount(years:)`).
    ///   - termTolerance: VIX points; each state sums only the COS terms it needs to stay this close to the sum of
    ///     all (`COSTermPlan`); 0 sums them all.
    public init(pricer: VIXPricer, strikes: [Double], years tau: Double, count: Int = 301, secondCount: Int? = nil,
                termTolerance: Double = VIXOptionSurface.termTolerance) {
        precondition(tau > 0 && !strikes.isEmpty)
        let secondCount = secondCount ?? VIXOptionSurface.secondAxisCount(years: tau)
        years = tau
        self.strikes = strikes
        let sAxis = UniformAxis(lower: 0, upper: SPXOptionTable.maximumVolatility, count: count)
        let twoFactor = pricer.transform.dynamics.isTwoFactor
        let secondAxis = twoFactor ? UniformAxis(lower: 0, upper: VIXTable.maximumSecondVolatility, count: secondCount) : nil
        self.sAxis = sAxis
        self.secondAxis = secondAxis
        let firsts = (0..<count).map { pow(sAxis.node($0), 2) }
        let seconds = secondAxis.map { a in (0..<a.count).map { pow(a.node($0), 2) } } ?? [0]
        let ladder = VIXTruncationLadder(pricer: pricer, years: tau)
        // Nodes grouped by the rung their range needs.
        var byRung: [Int: [Int]] = [:]
        for j in seconds.indices {
            for i in firsts.indices { byRung[ladder.rung(firsts[i], seconds[j]), default: []].append(j * count + i) }
        }
        let terms = pricer.settings.terms, n = strikes.count
        let discount = exp(-pricer.rate * tau)
        let nodeCount = firsts.count * seconds.count
        var out = [Double](repeating: 0, count: nodeCount * n)
        var blockWeights = [Double](repeating: 0, count: VIXOptionSurface.rowBlock * terms)
        var blockSums = [Double](repeating: 0, count: VIXOptionSurface.rowBlock * n)
        for (m, rungNodes) in byRung.sorted(by: { $0.key < $1.key }) {
            let b = ladder.upper(rung: m)
            let coefficients = pricer.densityTransform(years: tau, upper: b)
            let g = pricer.callPayoffIntegrals(strikes: strikes, upper: b)
            let payoffMaxima = (0..<terms).map { k in (0..<n).reduce(0.0) { m, j in
                let a = g[k * n + j].magnitude
                return a > m || a.isNaN ? a : m   // NaN stays, so its term is kept (see COSTermPlan)
            } }
            let scale = discount * 100 * 2 / b
            // Each state's terms, bounded per tile of the grid before any weight is computed; the states in ascending
            // order of them, so a block stops at its last state's count.
            let plan = COSTermPlan(nodes: rungNodes, firsts: firsts, seconds: seconds,
                                   realAlpha: coefficients.map(\.alpha.real), realBeta: coefficients.map(\.beta.real),
                                   realBeta2: coefficients.map(\.beta2.real), payoffMaxima: payoffMaxima, scale: scale,
                                   tolerance: termTolerance)
            let weights = DensityStateWeights(coefficients: coefficients, rows: plan.rows, firsts: firsts, seconds: twoFactor ? seconds : nil,
                                              firstLimits: plan.firstLimits, secondLimits: twoFactor ? plan.secondLimits : nil)
            // A block of rows at a time: the weights and products stay in cache-sized buffers, reused.
            for start in stride(from: 0, to: plan.nodes.count, by: VIXOptionSurface.rowBlock) {
                let end = min(start + VIXOptionSurface.rowBlock, plan.nodes.count)
                let needed = max(plan.terms[end - 1], 1)
                weights.fill(rows: plan.rows[start..<end], terms: needed, into: &blockWeights)
                DenseProduct.multiply(blockWeights, g, m: end - start, k: needed, n: n, into: &blockSums)
                for row in 0..<(end - start) {
                    let node = plan.nodes[start + row]
                    for k in 0..<n { out[k * nodeCount + node] = max(scale * blockSums[row * n + k], 0) }
                }
            }
        }
        values = out
    }

    /// The call with strike `strikes[strike]` at the factor variances (VIX points per unit): the production look-up.
    /// The four `s1` neighbours are contiguous: one four-lane load per `s2` row, the rows weighted lane-wise, the
    /// lanes dotted with the `s1` weights last. Agrees with `valueReference` to rounding (tested).
    @inlinable @inline(__always)
    public func value(strike k: Int, variance v: Double, secondVariance v2: Double = 0) -> Double {
        if v.isNaN || v2.isNaN { return .nan }
        let (i, t) = sAxis.locate(Double.minimum(Double.maximum(v, 0).squareRoot(), sAxis.upper))
        let w = catmullRomWeights(t)
        let c = sAxis.count, nodes = c * (secondAxis?.count ?? 1)
        return values.withUnsafeBufferPointer { f in
            let origin = UnsafeRawPointer(f.baseAddress! + (k &* nodes &+ i &- 1))
            guard let secondAxis else {
                return weightedLanes(origin.loadUnaligned(as: SIMD4<Double>.self), w)
            }
            let (j, t2) = secondAxis.locate(Double.minimum(Double.maximum(v2, 0).squareRoot(), secondAxis.upper))
            return weightedLanes(weightedRows(origin, first: j - 1, stride: c, catmullRomWeights(t2)), w)
        }
    }

    /// `value` for many paths at once, bit for bit (the same operations per path): `out[i]` is the call in column
    /// `strike ?? strikeColumns[i]` at `variance[i]` (and `secondVariance[i]`), the form the daily book's marks use.
    /// Two passes over chunks of 64 paths, as `SPXOptionTable.putsPerUnitStrike`: cells and Catmull-Rom weights axis
    /// by axis first (loops without branches, which vectorise), then the rows prefetched, then the four-lane row
    /// loads and sums.
    func values(strike fixed: Int?, strikeColumns: UnsafePointer<Int>, variance v: UnsafePointer<Double>,
                secondVariance v2: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>) {
        let second = secondAxis
        let c = sAxis.count, nodes = c * (second?.count ?? 1)
        values.withUnsafeBufferPointer { f in
            LookupChunk.forEachChunk(count: count, first: sAxis, second: second, variance: v, secondVariance: v2) { chunk, start, k in
                // Path `j`'s strike column at its first-axis cell; its rows are prefetched (as the SPX look-up's) before
                // the sums read them.
                @inline(__always) func origin(_ j: Int) -> UnsafeRawPointer {
                    UnsafeRawPointer(f.baseAddress! + ((fixed ?? strikeColumns[start &+ j]) &* nodes &+ chunk.cell(axis: 0, path: j) &- 1))
                }
                for j in 0..<k {
                    if second != nil { prefetchRows(origin(j), first: chunk.cell(axis: 1, path: j) &- 1, stride: c) } else { prefetchRow(origin(j)) }
                }
                for j in 0..<k {
                    chunk.storeLanes(path: j, second != nil
                        ? weightedRows(origin(j), first: chunk.cell(axis: 1, path: j) &- 1, stride: c, chunk.weights(axis: 1, path: j))
                        : origin(j).loadUnaligned(as: SIMD4<Double>.self))
                }
                for j in 0..<k {
                    let value = chunk.dot(axis: 0, path: j)
                    out[start &+ j] = v[start &+ j].isNaN || v2[start &+ j].isNaN ? .nan : value
                }
            }
        }
    }

    /// The readable look-up `value` is tested against: Catmull-Rom in `s1` per row, then in `s2`.
    public func valueReference(strike k: Int, variance v: Double, secondVariance v2: Double = 0) -> Double {
        if v.isNaN || v2.isNaN { return .nan }
        let (i, t) = sAxis.locate(Double.minimum(Double.maximum(v, 0).squareRoot(), sAxis.upper))
        let w = catmullRomWeights(t)
        let c = sAxis.count, base = k * c * (secondAxis?.count ?? 1)
        func row(_ r: Int) -> Double {
            let b = base + r * c + i
            return w.0 * values[b - 1] + w.1 * values[b] + w.2 * values[b + 1] + w.3 * values[b + 2]
        }
        guard let secondAxis else { return row(0) }
        let (j, t2) = secondAxis.locate(Double.minimum(Double.maximum(v2, 0).squareRoot(), secondAxis.upper))
        let w2 = catmullRomWeights(t2)
        return w2.0 * row(j - 1) + w2.1 * row(j) + w2.2 * row(j + 1) + w2.3 * row(j + 2)
    }
}

extension VIXPricer {
    /// The cosine payoff integrals of calls at many strikes on `[0, b]`, `G[k * strikes.count + j]`:
    ///
    ///     G_k(K) = int_{y*}^{b} (sqrt(y + B) - K/100) cos(k pi y / b) dy,    y* = max((K/100)^2 - B, 0)
    ///
    /// The square-root part by composite 8-point Gauss-Legendre on the panels of `callPayoffIntegrals(strike:upper:)`
    /// with every strike's kink as a panel edge, summed per panel and accumulated from the top, so each strike reads its
    /// integral at its kink; the constant part exactly: `(b - y*)` for `k = 0`, `-sin(w_k y*) / w_k` otherwise
    /// (`w_k = k pi / b`, `sin(w_k b) = 0`). One pass for all strikes. The nodes are stored node by node across the
    /// panels, so each term's panel sums are one vectorised loop per node; bit for bit the readable
    /// `callPayoffIntegralsReference` (same operations in the same order per panel; tested).
    func callPayoffIntegrals(strikes: [Double], upper b: Double) -> [Double] {
        let terms = settings.terms, n = strikes.count
        let panels = CallPanels(pricer: self, strikes: strikes, upper: b)
        let (panelCount, order) = (panels.count, panels.order)
        // Node q of panel p at [q * panelCount + p]: a node's values across the panels are contiguous, so the panel
        // sums below run over all panels at once, each still summed over q = 0, 1, ... from 0 (the reference's order).
        var weighted = [Double](repeating: 0, count: panelCount * order), cosine = weighted
        panels.forEachNode { p, q, weight, cos in
            weighted[q * panelCount + p] = weight
            cosine[q * panelCount + p] = cos
        }
        var g = [Double](repeating: 0, count: terms * n)
        // Scratch: cos(k theta) at the nodes for k - 1 and k (Chebyshev recurrence), one term's panel sums, and for a
        // block of `lanes` consecutive terms their panel sums and the sums from each panel to the top, term by term
        // in the lanes: the running sum from the top is a chain of additions per term, so a block runs `lanes` of
        // them side by side (each lane adds in the reference's order).
        let lanes = 8
        let count = weighted.count
        var previous = [Double](repeating: 1, count: count), current = [Double](repeating: 0, count: count)
        var sums = [Double](repeating: 0, count: panelCount)
        var blockSums = [Double](repeating: 0, count: panelCount * lanes), fromPanel = [Double](repeating: 0, count: (panelCount + 1) * lanes)
        var sines = panels.kinkSines()
        weighted.withUnsafeBufferPointer { wt in
        cosine.withUnsafeBufferPointer { cs in
        previous.withUnsafeMutableBufferPointer { previous in
        current.withUnsafeMutableBufferPointer { current in
        sums.withUnsafeMutableBufferPointer { sums in
        blockSums.withUnsafeMutableBufferPointer { blockSums in
        fromPanel.withUnsafeMutableBufferPointer { fromPanel in
            for first in stride(from: 0, to: terms, by: lanes) {
                let width = min(lanes, terms - first)
                for lane in 0..<width {
                    let k = first + lane
                    if k == 1 {
                        for i in 0..<count { current[i] = cs[i] }
                    } else if k > 1 {
                        for i in 0..<count {
                            let next = 2 * cs[i] * current[i] - previous[i]
                            previous[i] = current[i]
                            current[i] = next
                        }
                    }
                    let c = k == 0 ? previous.baseAddress! : current.baseAddress!
                    for p in 0..<panelCount { sums[p] = 0 }
                    for q in 0..<order {
                        let w = wt.baseAddress! + q * panelCount, v = c + q * panelCount
                        for p in 0..<panelCount { sums[p] += w[p] * v[p] }
                    }
                    for p in 0..<panelCount { blockSums[p * lanes + lane] = sums[p] }
                }
                // fromPanel[p] = fromPanel[p + 1] + sums[p] from the top, fromPanel[panelCount] = 0, per lane.
                typealias Lanes = SIMD8<Double>
                var running = Lanes(repeating: 0)
                UnsafeMutableRawPointer(fromPanel.baseAddress! + panelCount * lanes).storeBytes(of: running, as: Lanes.self)
                for p in stride(from: panelCount - 1, through: 0, by: -1) {
                    running = running + UnsafeRawPointer(blockSums.baseAddress! + p * lanes).loadUnaligned(as: Lanes.self)
                    UnsafeMutableRawPointer(fromPanel.baseAddress! + p * lanes).storeBytes(of: running, as: Lanes.self)
                }
                for lane in 0..<width {
                    panels.assemble(term: first + lane, strikes: strikes, sines: &sines, into: &g) { fromPanel[$0 * lanes + lane] }
                }
            }
        }}}}}}}
        return g
    }

    /// The quadrature of `callPayoffIntegrals(strikes:upper:)`: `max(8, terms / 2)` equal panels on `[0, b]` with
    /// every strike's kink inside as an extra edge, 8-point Gauss-Legendre on each.
    struct CallPanels {
        /// `y*_j = max((K_j/100)^2 - B, 0)`.
        let kinks: [Double]
        let edges: [Double]
        /// The panel each strike's integral starts at (`count`: none, its kink is at or beyond `b`).
        let firstPanel: [Int]
        let shift: Double
        let upper: Double
        var count: Int { edges.count - 1 }
        var order: Int { VIXPricer.panelRule.nodes.count }

        init(pricer: VIXPricer, strikes: [Double], upper b: Double) {
            let shift = pricer.formula.b
            let kinks = strikes.map { max(pow($0 / 100, 2) - shift, 0) }
            let panels = max(8, pricer.settings.terms / 2)
            var edges = (0...panels).map { b * Double($0) / Double(panels) }
            edges += kinks.filter { $0 > 0 && $0 < b }
            edges.sort()
            var unique: [Double] = []
            for e in edges where unique.last != e { unique.append(e) }
            let count = unique.count - 1
            self.kinks = kinks
            self.edges = unique
            firstPanel = kinks.map { y in y >= b ? count : (y <= 0 ? 0 : unique.firstIndex(of: y) ?? count) }
            self.shift = shift
            upper = b
        }

        /// `sin(k theta_j)` at every strike's kink, `theta_j = pi y*_j / b`, by the Chebyshev recurrence
        /// `sin((k + 1) theta) = 2 cos(theta) sin(k theta) - sin((k - 1) theta)`, term after term.
        struct KinkSines {
            let twoCos: [Double]
            var previous: [Double], current: [Double]
        }

        /// The sines at term 1 (and 0).
        func kinkSines() -> KinkSines {
            KinkSines(twoCos: kinks.map { 2 * cos(.pi * $0 / upper) }, previous: [Double](repeating: 0, count: kinks.count),
                      current: kinks.map { sin(.pi * $0 / upper) })
        }

        /// Term `k` of every strike, `G_k(K_j) = S_k(first panel of j) - K_j/100 c_k(y*_j)`, from `fromTop(p)`, the
        /// square-root part summed from panel `p` to the top, and the constant part `c_0 = b - y*`,
        /// `c_k = -sin(w_k y*) / w_k`; advances `sines` past term `k` (terms come in order, from 0).
        func assemble(term k: Int, strikes: [Double], sines: inout KinkSines, into g: inout [Double], fromTop: (Int) -> Double) {
            let n = strikes.count, w = Double(k) * .pi / upper
            if k > 1 {
                for j in 0..<n {
                    let next = sines.twoCos[j] * sines.current[j] - sines.previous[j]
                    sines.previous[j] = sines.current[j]
                    sines.current[j] = next
                }
            }
            for j in 0..<n {
                let y = kinks[j]
                guard y < upper else { continue }
                let constant = k == 0 ? upper - y : -sines.current[j] / w
                g[k * n + j] = fromTop(firstPanel[j]) - strikes[j] / 100 * constant
            }
        }

        /// `body(p, q, w_q h_p sqrt(y + B), cos(pi y / b))` at node `y` number `q` of panel `p` (half-width `h_p`).
        func forEachNode(_ body: (Int, Int, Double, Double) -> Void) {
            let rule = VIXPricer.panelRule
            for p in 0..<count {
                let half = 0.5 * (edges[p + 1] - edges[p]), mid = 0.5 * (edges[p + 1] + edges[p])
                for q in 0..<order {
                    let y = mid + half * rule.nodes[q]
                    body(p, q, rule.weights[q] * half * (y + shift).squareRoot(), cos(.pi * y / upper))
                }
            }
        }
    }

    /// The readable form of `callPayoffIntegrals(strikes:upper:)` it is tested against: nodes panel by panel, each
    /// panel's sum in its own loop.
    func callPayoffIntegralsReference(strikes: [Double], upper b: Double) -> [Double] {
        let terms = settings.terms, n = strikes.count
        let panels = CallPanels(pricer: self, strikes: strikes, upper: b)
        let (panelCount, order) = (panels.count, panels.order)
        var weighted = [Double](repeating: 0, count: panelCount * order), cosine = weighted
        panels.forEachNode { p, q, weight, cos in
            weighted[p * order + q] = weight
            cosine[p * order + q] = cos
        }
        var g = [Double](repeating: 0, count: terms * n)
        var previous = [Double](repeating: 1, count: weighted.count), current = cosine
        var fromPanel = [Double](repeating: 0, count: panelCount + 1)
        var sines = panels.kinkSines()
        for k in 0..<terms {
            if k == 1 { current = cosine } else if k > 1 {
                for q in 0..<weighted.count {
                    let next = 2 * cosine[q] * current[q] - previous[q]
                    previous[q] = current[q]
                    current[q] = next
                }
            }
            let c = k == 0 ? previous : current
            fromPanel[panelCount] = 0
            for p in stride(from: panelCount - 1, through: 0, by: -1) {
                var s = 0.0
                for q in 0..<order { s += weighted[p * order + q] * c[p * order + q] }
                fromPanel[p] = fromPanel[p + 1] + s
            }
            panels.assemble(term: k, strikes: strikes, sines: &sines, into: &g) { fromPanel[$0] }
        }
        return g
    }
}
