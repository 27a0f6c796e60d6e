/// The variance factors read off the indices each day with the market's own Q formula (`VIXFormula`,
/// `(VIX/100)^2 = A_1 v1 + A_2 v2 + B`; VIX3M the same at 93 calendar days):
///
/// - one factor, from the VIX: `v = ((VIX/100)^2 - B) / A`, floored at `FactorFilter.floor` (a VIX at or below the
///   model's floor `100 sqrt(B)` would give `v <= 0`); floored days are counted.
/// - two factors, from VIX and VIX3M: the 2 x 2 inversion `VIXFormula.factorVariances`. A pair outside the model's
///   feasible set (one factor would be negative) is projected onto its boundary keeping the VIX exact: the negative
///   factor is set to the floor and the other one solves the VIX equation alone (both at the floor when the VIX itself
///   is below the floor). Such days are counted with the VIX3M the model then shows against the observed one.
///
/// Days without a VIX (two factors: or without a VIX3M) give no factors (`nil`) and are counted; nothing is
/// interpolated and nothing else is dropped.
public struct FactorFilter: Sendable {
    /// The smallest variance a filtered factor takes (annualised; 0.1 vol point).
    public static let floor = 1e-6

    public let factorCount: Int
    /// Per SPX day: `[v1]` or `[v1, v2]`, `nil` when an index is missing that day.
    public let factors: [[Double]?]
    /// Days floored (one factor) or projected onto the feasible boundary (two factors).
    public let adjustedDays: [Int]
    /// Two factors: per projected day, the observed VIX3M minus the model's after projection (VIX points).
    public let threeMonthMisses: [Double]
    /// Days without the index (or indices) needed.
    public let missingDays: Int

    /// - Parameters:
    ///   - vix: VIX closes per day (`nil`: none that day).
    ///   - vix3m: VIX3M closes per day, same days; only read for two factors (empty: none at all).
    ///   - formula: the market's Q VIX formula; `threeMonth` its 93-day formula (two factors).
    public init(vix: [Double?], vix3m: [Double?], formula: VIXFormula, threeMonth: VIXFormula?, factorCount: Int) {
        precondition(factorCount == 1 || (factorCount == 2 && threeMonth != nil), "two factors need the VIX3M formula")
        self.factorCount = factorCount
        var out: [[Double]?] = []
        out.reserveCapacity(vix.count)
        var adjusted: [Int] = [], misses: [Double] = [], missing = 0
        let floor = FactorFilter.floor
        for (day, close) in vix.enumerated() {
            guard let close else { missing += 1; out.append(nil); continue }
            let y1 = (close / 100) * (close / 100) - formula.b
            if factorCount == 1 {
                let v = y1 / formula.a
                if v < floor { adjusted.append(day) }
                out.append([max(v, floor)])
                continue
            }
            guard let threeMonth, day < vix3m.count, let close3 = vix3m[day] else { missing += 1; out.append(nil); continue }
            if let pair = formula.factorVariances(vix: close, threeMonth: threeMonth, vix3m: close3), pair.first >= floor, pair.second >= floor {
                out.append([pair.first, pair.second])
                continue
            }
            // Project: which factor the unconstrained solution makes negative decides which one is held at the floor.
            let det = formula.a * threeMonth.a2 - formula.a2 * threeMonth.a
            let y2 = (close3 / 100) * (close3 / 100) - threeMonth.b
            let v1Free = det != 0 ? (y1 * threeMonth.a2 - formula.a2 * y2) / det : -1
            var v1 = floor, v2 = floor
            if y1 > formula.a * floor + formula.a2 * floor {
                if v1Free < floor {
                    v2 = (y1 - formula.a * floor) / formula.a2
                } else {
                    v1 = (y1 - formula.a2 * floor) / formula.a
                }
            }
            adjusted.append(day)
            misses.append(close3 - threeMonth.vix(variance: v1, secondVariance: v2))
            out.append([v1, v2])
        }
        factors = out
        adjustedDays = adjusted
        threeMonthMisses = misses
        missingDays = missing
    }

    /// One line for the report: how many days were floored or projected, and how many had no index.
    public var summary: String {
        let used = factors.count - missingDays
        if factorCount == 1 {
            return "filter: v = ((VIX/100)^2 - B) / A on \(used) days; \(adjustedDays.count) floored at \(FactorFilter.floor) "
                + "(VIX at or below the model floor); \(missingDays) days without a VIX"
        }
        let meanMiss = threeMonthMisses.isEmpty ? 0 : threeMonthMisses.reduce(0, +) / Double(threeMonthMisses.count)
        let worst = threeMonthMisses.map(abs).max() ?? 0
        return "filter: (v1, v2) from VIX and VIX3M on \(used) days; \(adjustedDays.count) infeasible pairs projected to the "
            + "boundary (VIX kept exact; VIX3M missed by \(String(format: "%+.2f", meanMiss)) points on average, at most "
            + "\(String(format: "%.2f", worst))); \(missingDays) days without a VIX or VIX3M"
    }
}
