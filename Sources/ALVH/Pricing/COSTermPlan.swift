import Foundation

/// How many leading COS terms each grid state of a VIX option surface needs, bounded before any weight is computed,
/// and the states in an order that lets each block of the build stop at its own count (`VIXOptionSurface`).
///
/// A state's weight of term `k` is `W_k = c_k Re[e^{alpha_k + beta_k v1 + beta2_k v2}]` with `c_k <= 1`, so
///
///     |W_k| <= e^{Re alpha_k + Re beta_k v1 + Re beta2_k v2}.
///
/// The exponent is linear in `(v1, v2)` for each `k`, so over a tile of the grid (a box in `v1` and `v2`) its largest
/// value is at one of the box's four corners. With `G_k = max_j |G[k, j]|` over the strikes' payoff integrals, the
/// terms from `N` on add at most
///
///     scale sum_{k >= N} e^{largest exponent over the corners} G_k
///
/// to any value of any state in the tile (in VIX points; the values' floor at 0 moves nothing further). A tile's count
/// is the smallest `N` that keeps this within the tolerance: every term when the tolerance is 0 or less, and a NaN or
/// infinite bound keeps its term and every term before it, so a broken coefficient still reaches the values.
///
/// The states are then sorted by their tile's count (ties in the order given), so a block of consecutive states needs the
/// count of its last one; each axis node's weight factors are needed up to the largest count of the states that use
/// it, and are zero beyond (those terms' weights are then zero, which the bound allows).
///
/// (Until 2026-12-08 the count came after the weights: every state's 1,024 weights were computed, and each block of
/// 512 states in node order kept the terms its largest weights needed.)
struct COSTermPlan {
    /// The states (grid nodes `second * firstCount + first`), sorted by `terms`.
    let nodes: [Int]
    /// The axis indices of `nodes`.
    let rows: [(first: Int, second: Int)]
    /// The terms `nodes[r]` needs, ascending.
    let terms: [Int]
    /// Per first- and second-axis node: the largest count of the states that use it (0 for a node no state uses).
    let firstLimits: [Int]
    let secondLimits: [Int]

    /// Tile of the grid a count is bounded on: first-axis nodes by second-axis nodes.
    static let tileFirst = 16, tileSecond = 8

    /// - Parameters:
    ///   - nodes: the states, as grid nodes `second * firsts.count + first`.
    ///   - firsts, seconds: the axes' variances (`seconds` is `[0]` for one factor).
    ///   - realAlpha, realBeta, realBeta2: the real parts of the transform coefficients, one per term.
    ///   - payoffMaxima: `G_k`, the largest magnitude of term `k`'s payoff integral over the strikes.
    ///   - scale: the factor that turns a sum of weights times payoff integrals into VIX points.
    ///   - tolerance: VIX points.
    init(nodes: [Int], firsts: [Double], seconds: [Double], realAlpha: [Double], realBeta: [Double], realBeta2: [Double],
         payoffMaxima: [Double], scale: Double, tolerance: Double) {
        let termCount = realAlpha.count
        precondition(realBeta.count == termCount && realBeta2.count == termCount && payoffMaxima.count == termCount)
        let firstCount = firsts.count
        let tilesAcross = (firstCount + COSTermPlan.tileFirst - 1) / COSTermPlan.tileFirst
        let tilesDown = (seconds.count + COSTermPlan.tileSecond - 1) / COSTermPlan.tileSecond
        // A node's tile along each axis, and its tile's index.
        func tileCoordinates(_ node: Int) -> (first: Int, second: Int) {
            (node % firstCount / COSTermPlan.tileFirst, node / firstCount / COSTermPlan.tileSecond)
        }
        func tile(_ node: Int) -> Int { let t = tileCoordinates(node); return t.second * tilesAcross + t.first }
        var tileTerms = [Int](repeating: -1, count: tilesAcross * tilesDown)
        // ln(scale G_k): -inf for a zero maximum, NaN stays NaN.
        let logScaledPayoff = payoffMaxima.map { log(scale * $0) }
        var logBounds = [Double](repeating: 0, count: termCount)
        for node in nodes where tileTerms[tile(node)] < 0 {
            let t = tileCoordinates(node)
            let i0 = t.first * COSTermPlan.tileFirst, j0 = t.second * COSTermPlan.tileSecond
            let v1a = firsts[i0], v1b = firsts[min(i0 + COSTermPlan.tileFirst, firstCount) - 1]
            let v2a = seconds[j0], v2b = seconds[min(j0 + COSTermPlan.tileSecond, seconds.count) - 1]
            realAlpha.withUnsafeBufferPointer { ra in
            realBeta.withUnsafeBufferPointer { rb in
            realBeta2.withUnsafeBufferPointer { rc in
            logScaledPayoff.withUnsafeBufferPointer { lp in
            logBounds.withUnsafeMutableBufferPointer { lb in
                for k in 0..<termCount {
                    let b1 = rb[k], b2 = rc[k]
                    lb[k] = ra[k] + Swift.max(b1 * v1a, b1 * v1b) + Swift.max(b2 * v2a, b2 * v2b) + lp[k]
                }
            }}}}}
            tileTerms[tile(node)] = COSTermPlan.leadingTerms(logBounds: logBounds, tolerance: tolerance)
        }
        // Stable counting sort of the states by their counts (0 ... termCount).
        let counts = nodes.map { tileTerms[tile($0)] }
        var starts = [Int](repeating: 0, count: termCount + 2)
        for c in counts { starts[c + 1] += 1 }
        for c in 0...termCount { starts[c + 1] += starts[c] }
        var sorted = [Int](repeating: 0, count: nodes.count), sortedTerms = sorted
        for (node, c) in zip(nodes, counts) {
            sorted[starts[c]] = node
            sortedTerms[starts[c]] = c
            starts[c] += 1
        }
        self.nodes = sorted
        rows = sorted.map { (first: $0 % firstCount, second: $0 / firstCount) }
        terms = sortedTerms
        var firstLimits = [Int](repeating: 0, count: firstCount), secondLimits = [Int](repeating: 0, count: seconds.count)
        for (row, count) in zip(rows, terms) {
            firstLimits[row.first] = Swift.max(firstLimits[row.first], count)
            secondLimits[row.second] = Swift.max(secondLimits[row.second], count)
        }
        self.firstLimits = firstLimits
        self.secondLimits = secondLimits
    }

    /// The smallest `N` with `sum_{k >= N} e^{logBounds[k]} <= tolerance`, the sum taken from the last term down;
    /// `logBounds.count` when `tolerance <= 0`. A term below `e^-46` of the tolerance counts as that much, without
    /// its exponential (an upper bound: a thousand of them add 1e-17 of the tolerance; most terms of a smooth state's
    /// tail are). A NaN bound stops the sum: its term and every term before it are kept.
    static func leadingTerms(logBounds: [Double], tolerance: Double) -> Int {
        guard tolerance > 0 else { return logBounds.count }
        let negligible = log(tolerance) - 46, negligibleBound = tolerance * exp(-46.0)
        var tail = 0.0, needed = logBounds.count
        while needed > 0 {
            let b = logBounds[needed - 1]
            let next = tail + (b < negligible ? negligibleBound : exp(b))
            if !(next <= tolerance) { break }
            tail = next
            needed -= 1
        }
        return needed
    }
}
