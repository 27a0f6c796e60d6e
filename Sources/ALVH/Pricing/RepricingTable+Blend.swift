import Foundation

/// Tables for a remaining life between two built ones (`MaturityGrid`): the linear blend in the life,
/// `f_r = w f_a + (1 - w) f_b` with `w = (b - r) / (b - a)`, made once as a table of its own, so a mark reads one
/// table rather than two.

extension SPXOptionTable {
    /// The blend of `a` (the shorter life) and `b` on `b`'s grid (its log-moneyness range is the wider one; the
    /// variance axes are the same for every life): `b`'s nodes blended with `a` read at those nodes. The variance
    /// axes being shared, `a` is read at a variance node by cubic interpolation in `x` along that node's row (what
    /// the tricubic look-up gives there, without the variance round trip `u -> u^4 -> u`), its asymptotes beyond
    /// its own `x` range.
    init(blending a: SPXOptionTable, _ b: SPXOptionTable, weight w: Double, years: Double) {
        precondition(a.sAxis == b.sAxis && a.secondAxis == b.secondAxis, "tables of one market share their variance axes")
        self.years = years
        rate = b.rate
        dividendYield = b.dividendYield
        xAxis = b.xAxis
        sAxis = b.sAxis
        secondAxis = b.secondAxis
        let nx = b.xAxis.count, rows = b.sAxis.count * (b.secondAxis?.count ?? 1), na = a.xAxis.count
        // Per node of b's x axis: a's cell and Catmull-Rom weights, or an asymptote (0 above, the forward below).
        let discount = exp(-a.rate * a.years), carry = a.dividendYield * a.years
        let cells: [(cell: Int, w: (Double, Double, Double, Double))?] = (0..<nx).map { x in
            let xb = b.xAxis.node(x)
            guard xb > a.xAxis.lower && xb < a.xAxis.upper else { return nil }
            let (i, t) = a.xAxis.locate(xb)
            return (i, catmullRomWeights(t))
        }
        var out = b.values
        a.values.withUnsafeBufferPointer { av in
            for row in 0..<rows {
                for x in 0..<nx {
                    let k = row * nx + x
                    let xb = b.xAxis.node(x)
                    let fromA: Double
                    if let (i, c) = cells[x] {
                        let base = row * na + i
                        fromA = max(c.0 * av[base - 1] + c.1 * av[base] + c.2 * av[base + 1] + c.3 * av[base + 2], 0)
                    } else {
                        fromA = xb >= a.xAxis.upper ? 0 : max(discount - exp(xb - carry), 0)
                    }
                    out[k] = w * fromA + (1 - w) * out[k]
                }
            }
        }
        values = out
    }
}

extension VIXTable {
    /// The blend of two tables of the same payoff (same grid for every life).
    init(blending a: VIXTable, _ b: VIXTable, weight w: Double, years: Double) {
        precondition(a.sAxis == b.sAxis && a.secondAxis == b.secondAxis && a.payoff == b.payoff)
        payoff = b.payoff
        self.years = years
        sAxis = b.sAxis
        secondAxis = b.secondAxis
        values = zip(a.values, b.values).map { w * $0 + (1 - w) * $1 }
    }
}

extension VIXOptionSurface {
    /// The blend of two surfaces (same grid for every life) over the strikes both have, in `b`'s order.
    init(blending a: VIXOptionSurface, _ b: VIXOptionSurface, weight w: Double, years: Double) {
        precondition(a.sAxis == b.sAxis && a.secondAxis == b.secondAxis)
        self.years = years
        sAxis = b.sAxis
        secondAxis = b.secondAxis
        let columns = b.strikes.indices.compactMap { k in a.strikes.firstIndex(of: b.strikes[k]).map { (k, $0) } }
        strikes = columns.map { b.strikes[$0.0] }
        let nodes = b.values.count / b.strikes.count
        var out = [Double](repeating: 0, count: nodes * columns.count)
        for (j, (kb, ka)) in columns.enumerated() {
            for node in 0..<nodes {
                out[j * nodes + node] = w * a.values[ka * nodes + node] + (1 - w) * b.values[kb * nodes + node]
            }
        }
        values = out
    }
}

