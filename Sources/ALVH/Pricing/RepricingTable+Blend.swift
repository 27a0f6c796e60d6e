/// Tables for a remaining life between two built ones (`MaturityGrid`): the linear blend in the life,
/// `f_r = w f_a + (1 - w) f_b` with `w = (b - r) / (b - a)`, made once as a table of its own, so a mark reads one
/// table rather than two.

extension SPXOptionTable {
    /// The blend of `a` (the shorter life) and `b` on `b`'s grid (its log-moneyness range is the wider one; the
    /// variance axes are the same for every life): `b`'s nodes blended with `a` read at those nodes.
    init(blending a: SPXOptionTable, _ b: SPXOptionTable, weight w: Double, years: Double) {
        precondition(a.sAxis == b.sAxis && a.secondAxis == b.secondAxis, "tables of one market share their variance axes")
        self.years = years
        rate = b.rate
        dividendYield = b.dividendYield
        xAxis = b.xAxis
        sAxis = b.sAxis
        secondAxis = b.secondAxis
        let nx = b.xAxis.count, ns = b.sAxis.count, nt = b.secondAxis?.count ?? 1
        var out = b.values
        for t in 0..<nt {
            let v2 = b.secondAxis.map { pow4($0.node(t)) } ?? 0
            for s in 0..<ns {
                let v = pow4(b.sAxis.node(s))
                for x in 0..<nx {
                    let k = (t * ns + s) * nx + x
                    out[k] = w * a.putPerUnitStrike(logMoneyness: b.xAxis.node(x), variance: v, secondVariance: v2) + (1 - w) * out[k]
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
        let nodes = b.values.count / b.strikes.count, na = a.strikes.count, nb = b.strikes.count, n = columns.count
        var out = [Double](repeating: 0, count: nodes * n)
        for node in 0..<nodes {
            for (j, (kb, ka)) in columns.enumerated() {
                out[node * n + j] = w * a.values[node * na + ka] + (1 - w) * b.values[node * nb + kb]
            }
        }
        values = out
    }
}

@inline(__always) private func pow4(_ u: Double) -> Double { let u2 = u * u; return u2 * u2 }
