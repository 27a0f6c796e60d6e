import Foundation

/// The remaining log-variance of an option on the VIX futures index, `Sigma(start, n; v1, v2)` of
/// `VIXFuturesIndexOptionApproximation.totalLogVariance` (from trading day `start`, over `n` more days, at the factor
/// variances of that day), as a table in `s = sqrt(v1)` (61 nodes on `[0, SPXOptionTable.maximumVolatility]`) and,
/// for two factors, `s2 = sqrt(v2)` (41 nodes on `[0, 0.6]`), Catmull-Rom between nodes;
/// states beyond the last node read the last node.
///
/// At the nodes a table holds the direct sum's own bits (`addDay` adds the same terms in the same order). `Sigma`
/// depends on `start` only through the roll schedule's phase (the front future's days to expiry that day,
/// `VIXFuturesRollSchedule.daysToFront`), so the tables of a daily book are keyed by `(phase, n)`, and one running sum
/// per phase and node gives every `n` at once (`tables(_:requests:threads:)`).
struct IndexLogVarianceTable: Sendable {
    let axis: UniformAxis
    let secondAxis: UniformAxis?
    /// `values[j * axis.count + i]`: `Sigma` at `v1 = axis.node(i)^2`, `v2 = secondAxis.node(j)^2` (0 for one factor).
    let values: [Double]

    /// The second axis' end, `s2 = 0.6` (the slow factor alone at a VIX near 60): `Sigma` is steep in `s2` near 0,
    /// where the slow factor spends much of its time (Feller ratio near 1), so the nodes are spent below it; states
    /// beyond read the last node.
    static let maximumSecondVolatility = 0.6

    /// The axes for a market with one or two factors.
    static func axes(twoFactor: Bool) -> (first: UniformAxis, second: UniformAxis?) {
        (UniformAxis(lower: 0, upper: SPXOptionTable.maximumVolatility, count: 61),
         twoFactor ? UniformAxis(lower: 0, upper: IndexLogVarianceTable.maximumSecondVolatility, count: 41) : nil)
    }

    /// The table of one `(start, n)` by the direct sum at every node.
    init(approximation etn: VIXFuturesIndexOptionApproximation, fromDay start: Int, days: Int) {
        (axis, secondAxis) = IndexLogVarianceTable.axes(twoFactor: etn.dynamics.isTwoFactor)
        let seconds = secondAxis.map { a in (0..<a.count).map { pow(a.node($0), 2) } } ?? [0]
        let axis = axis
        values = seconds.flatMap { v2 in
            (0..<axis.count).map {
                etn.totalLogVariance(fromDay: start, days: days, initialVariance: pow(axis.node($0), 2), initialSecondVariance: v2)
            }
        }
    }

    private init(axis: UniformAxis, secondAxis: UniformAxis?, values: [Double]) {
        self.axis = axis
        self.secondAxis = secondAxis
        self.values = values
    }

    /// `Sigma` at the factor variances `(v, v2)` (negative variances read as 0; the result is not below 0).
    @inline(__always)
    func value(variance v: Double, secondVariance v2: Double) -> Double {
        let (i, t) = axis.locate(Double.minimum(Double.maximum(v, 0).squareRoot(), axis.upper))
        let w = catmullRomWeights(t)
        func row(_ r: Int) -> Double {
            let b = r * axis.count + i
            return w.0 * values[b - 1] + w.1 * values[b] + w.2 * values[b + 1] + w.3 * values[b + 2]
        }
        var sigma2 = row(0)
        if let secondAxis {
            let (j, t2) = secondAxis.locate(Double.minimum(Double.maximum(v2, 0).squareRoot(), secondAxis.upper))
            let w2 = catmullRomWeights(t2)
            sigma2 = w2.0 * row(j - 1) + w2.1 * row(j) + w2.2 * row(j + 1) + w2.3 * row(j + 2)
        }
        return max(sigma2, 0)
    }

    /// What a daily book asks for: the roll phase of the mark's day (the front future's days to expiry, `1 ... cycle`)
    /// and the option's remaining trading days.
    struct Key: Hashable, Sendable {
        let phase: Int
        let days: Int
    }

    /// Every requested table, on `threads` workers (one job per phase and second-axis node): for each node, one
    /// running sum over the days from a start day of that phase, read off at each requested `n`. The same bits as
    /// `init(approximation:fromDay:days:)` from any start day of the phase.
    static func tables(_ etn: VIXFuturesIndexOptionApproximation, requests: Set<Key>, threads: Int) -> [Key: IndexLogVarianceTable] {
        let (axis, secondAxis) = axes(twoFactor: etn.dynamics.isTwoFactor)
        let schedule = etn.curve.schedule
        var grouped: [Int: Set<Int>] = [:]
        for k in requests {
            precondition((1...schedule.cycleDays).contains(k.phase) && k.days > 0, "a phase in 1 ... cycle and days left")
            grouped[k.phase, default: []].insert(k.days)
        }
        let daysByPhase = grouped
        let phases = daysByPhase.keys.sorted(), rows = secondAxis?.count ?? 1
        let rule = GaussLegendre(order: 24)
        // Job (phase, row): per requested n, the row's values at the first axis' nodes.
        let jobs = parallelMap(count: phases.count * rows, threads: threads) { job -> [Int: [Double]] in
            let phase = phases[job / rows], j = job % rows
            let wanted = daysByPhase[phase]!, last = wanted.max()!
            // A start day with this phase: daysToFront(start) == phase.
            let start = ((schedule.firstExpiryDays - phase) % schedule.cycleDays + schedule.cycleDays) % schedule.cycleDays
            let v2 = secondAxis.map { pow($0.node(j), 2) } ?? 0
            var out: [Int: [Double]] = [:]
            for n in wanted { out[n] = [Double](repeating: 0, count: axis.count) }
            for i in 0..<axis.count {
                let v = pow(axis.node(i), 2)
                var total = 0.0
                for t in 0..<last {
                    etn.addDay(t, after: start, to: &total, initialVariance: v, initialSecondVariance: v2, rule: rule)
                    if wanted.contains(t + 1) { out[t + 1]![i] = total }
                }
            }
            return out
        }
        var tables: [Key: IndexLogVarianceTable] = [:]
        for (p, phase) in phases.enumerated() {
            for n in daysByPhase[phase]! {
                let values = (0..<rows).flatMap { jobs[p * rows + $0][n]! }
                tables[Key(phase: phase, days: n)] = IndexLogVarianceTable(axis: axis, secondAxis: secondAxis, values: values)
            }
        }
        return tables
    }
}
