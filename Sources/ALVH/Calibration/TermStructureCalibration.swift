import Foundation

/// The two-factor Q drift (`kappa_1`, `kappa_2`, `theta_1`, `theta_2`) fitted to the VIX, VIX3M and futures curves of
/// many days at once (`alvh calibrate market --panel`), so that one Q reproduces the term structures and the (VIX, VIX3M)
/// pairs of the history, which `alvh calibrate history --factors 2` then filters with (METHODOLOGY section 8).
///
/// Each day's factor variances are not free parameters: they are read off that day's VIX and VIX3M by the 2 x 2
/// inversion of the Q formula, as the history filter does (`FactorFilter`: a pair no non-negative `(v1, v2)`
/// reproduces is projected to the boundary with the VIX kept exact; a VIX below the floor `100 sqrt(B)` sets both
/// factors to the floor). The residuals of a day are then the model's VIX3M minus the close (non-zero only on projected
/// days; the VIX is exact or, below the floor, missed) and every listed future's model price minus its settlement, all
/// in VIX points. Objective, the two groups weighed alike whatever their counts (as in `MarketCalibration`):
///
///     mean_f (F_f^model - F_f)^2  +  mean_d [(VIX_d^model - VIX_d)^2 + (VIX3M_d^model - VIX3M_d)^2]
///
/// the first mean over all futures of all days, the second over the days. The second term is the feasibility penalty:
/// a Q whose cone `{(VIX, VIX3M): v1, v2 >= 0}` misses many historical pairs pays for every projected day's VIX3M miss,
/// so the fit cannot buy futures accuracy with a cone the history filter then has to project most days onto (with
/// `(VIX/100)^2 = A_1 v1 + A_2 v2 + B` and `(VIX3M/100)^2 = A'_1 v1 + A'_2 v2 + B'`, the cone is the wedge from the
/// apex `(100 sqrt(B), 100 sqrt(B'))` between the slopes `A'_1 / A_1` (v1 only) and `A'_2 / A_2` (v2 only) in squared
/// points; the floors `B`, `B'` hold the jump term `2 lambda (E[e^J] - 1 - E[J])` and `m_i (1 - A_i)`).
///
/// Nelder–Mead on the logs of the free parameters (`(ln kappa_2, ln(kappa_1 - kappa_2))` when both speeds are free),
/// restarted until a restart gains less than 1e-9 relative. `holding` names parameters kept at the template's values
/// (e.g. `kappa_1`: a fast speed the daily history can resolve, which also keeps the 2 x 2 inversion well conditioned:
/// the larger `kappa_1`, the further `A'_1 / A_1` from `A'_2 / A_2`). Always held at the template's values: `sigma_i`,
/// `rho_i`, the jumps.
///
/// Why a panel: one day's curve is often a single exponential from the VIX to the back months; then the one-day fit
/// collapses to one factor (`kappa_1 = kappa_2`). Many days, calm and stressed, carry both speeds: the front of a
/// backwardated curve reverts fast, the level of the back months slowly.
public struct TermStructureCalibration: Sendable {
    public let template: MarketModel
    /// The days fitted (each with VIX3M and at least one future).
    public let days: [MarketQuotes]
    public let parameters: [(name: String, value: Double, start: Double)]
    /// The template with the fitted `kappa_1`, `kappa_2`, `theta_1`, `theta_2` under Q (held ones unchanged).
    public let fitted: MarketModel
    public let objective: Double
    public let evaluations: Int
    public let converged: Bool
    /// At the fitted Q: days whose (VIX, VIX3M) pair needed projection, RMS errors (VIX points) of the indices and of the
    /// futures, and the number of futures.
    public let projectedDays: Int
    public let rmsIndices: Double
    public let rmsFutures: Double
    public let futuresCount: Int

    public static let names = ["kappa_1", "kappa_2", "theta_1", "theta_2"]

    /// What is wrong with `holding` as a set of held parameters (a name not in `names`, or all of them), nil when
    /// nothing is; the CLI puts it behind its flag.
    public static func holdingProblem(_ holding: [String]) -> String? {
        if let unknown = holding.first(where: { !names.contains($0) }) {
            return "'\(unknown)' is not a panel parameter; allowed: \(names.joined(separator: ", "))."
        }
        return Set(holding).isSuperset(of: names) ? "every panel parameter is held; nothing to fit." : nil
    }
    /// The parameters kept at the template's values (a subset of `names`).
    public let held: [String]

    /// - Parameter holding: names from `names` kept at the template's values (default: none, all four fitted).
    /// - Throws: `.marketForm` for a template without two factors, `.noQFit` when fewer than 10 days have VIX3M and
    ///   futures, the template cannot price them, or `holding` names an unknown parameter or all of them.
    public init(days all: [MarketQuotes], template: MarketModel, holding: [String] = []) throws(CalibrationError) {
        let n = template.riskNeutral.factors.count
        guard n == 2 else { throw .marketForm(market: template.source, factors: n, asked: 2) }
        if let problem = Self.holdingProblem(holding) { throw .noQFit(reason: problem) }
        let free = Self.names.indices.filter { !holding.contains(Self.names[$0]) }
        let days = all.filter { $0.vix3m != nil && !$0.futures.isEmpty }
        guard days.count >= 10 else { throw .noQFit(reason: "the panel has \(days.count) days with VIX3M and futures; at least 10 are needed.") }
        self.template = template
        self.days = days
        held = Self.names.filter { holding.contains($0) }
        let q = template.riskNeutral
        // Natural values in `names` order; both speeds free: kappa_1's coordinate is ln(kappa_1 - kappa_2).
        let initial = [q.factors[0].kappa, q.factors[1].kappa, q.factors[0].theta, q.factors[1].theta]
        let bothSpeeds = free.contains(0) && free.contains(1)
        func natural(_ x: [Double]) -> [Double] {
            var p = initial
            for (i, j) in free.enumerated() { p[j] = exp(x[i]) }
            if bothSpeeds { p[0] = p[1] + exp(x[0]) }
            return p
        }
        func startCoordinate(_ j: Int) -> Double {
            guard bothSpeeds, j < 2 else { return log(initial[j]) }
            return j == 0 ? log(max(abs(initial[0] - initial[1]), 0.1)) : log(min(initial[0], initial[1]))
        }
        let start = free.map(startCoordinate)
        func model(_ x: [Double]) -> MarketModel? {
            guard x.allSatisfy({ $0.isFinite && abs($0) < 50 }) else { return nil }
            let p = natural(x)
            guard p[0] > p[1] else { return nil }
            var m = template
            m.riskNeutral.factors[0].kappa = p[0]
            m.riskNeutral.factors[1].kappa = p[1]
            m.riskNeutral.factors[0].theta = p[2]
            m.riskNeutral.factors[1].theta = p[3]
            let r = MarketModel.Ranges.self
            guard m.riskNeutral.factors.allSatisfy({ r.kappa.contains($0.kappa) && r.theta.contains($0.theta) }),
                  m.riskNeutral.effectiveFastKappa > 0.001, m.vixFormula.minimumVIX < 100 else { return nil }
            return m
        }
        func loss(_ x: [Double]) -> Double {
            guard let m = model(x) else { return .infinity }
            let value = Self.residuals(m, days: days).objective
            return value.isFinite ? value : .infinity
        }
        guard loss(start).isFinite else {
            throw .noQFit(reason: "the template market \(template.source) gives no finite futures prices on the panel.")
        }
        let step = start.map { _ in 0.3 }, again = start.map { _ in 0.1 }
        var best = NelderMead(tolerance: 1e-10, maxIterations: 2000).minimize(loss, start: start, step: step)
        var evaluations = best.iterations
        for _ in 0..<4 {
            let next = NelderMead(tolerance: 1e-10, maxIterations: 2000).minimize(loss, start: best.point, step: again)
            evaluations += next.iterations
            let gain = best.value - next.value
            if next.value < best.value { best = next }
            if gain < 1e-9 * max(best.value, 1e-12) { break }
        }
        let m = model(best.point)!
        fitted = m
        parameters = zip(Self.names, zip(natural(best.point), initial)).map { ($0, $1.0, $1.1) }
        objective = best.value
        self.evaluations = evaluations
        converged = best.converged
        let r = Self.residuals(m, days: days)
        projectedDays = r.projected
        rmsIndices = (r.indices.map { $0 * $0 }.reduce(0, +) / Double(r.indices.count)).squareRoot()
        rmsFutures = (r.futures.map { $0 * $0 }.reduce(0, +) / Double(r.futures.count)).squareRoot()
        futuresCount = r.futures.count
    }

    /// VIX and VIX3M misses and futures errors (VIX points) of every day at `m`'s Q, with each day's state filtered from
    /// its VIX and VIX3M; `projected` counts the days that needed projection; `objective` the fit's (the type's doc):
    /// mean square futures error plus mean over the days of the squared index misses.
    static func residuals(_ m: MarketModel, days: [MarketQuotes]) -> (indices: [Double], futures: [Double], projected: Int, objective: Double) {
        let f = m.vixFormula, f3 = m.threeMonthVIXFormula
        let pricer = VIXPricer(model: m)
        var indices: [Double] = [], futures: [Double] = [], projected = 0
        for day in days {
            let filter = FactorFilter(vix: [day.vix], vix3m: [day.vix3m], formula: f, threeMonth: f3, factorCount: 2)
            guard let state = filter.factors[0] else { continue }
            if !filter.adjustedDays.isEmpty { projected += 1 }
            indices.append(f.vix(variance: state[0], secondVariance: state[1]) - day.vix)
            indices.append(f3.vix(variance: state[0], secondVariance: state[1]) - day.vix3m!)
            for future in day.futures {
                futures.append(pricer.futurePrice(variance: state[0], secondVariance: state[1], years: future.years) - future.settle)
            }
        }
        let futuresMean = futures.map { $0 * $0 }.reduce(0, +) / Double(max(futures.count, 1))
        let indexMean = indices.map { $0 * $0 }.reduce(0, +) / Double(max(indices.count / 2, 1))
        return (indices, futures, projected, futuresMean + indexMean)
    }

    /// The text report.
    public var text: String {
        var lines = ["alvh calibrate market --panel: 2-factor Q drift fitted to \(days.count) days (\(days.first!.date) .. \(days.last!.date)), "
                     + "\(futuresCount) futures; each day's (v1, v2) filtered from its VIX and VIX3M"]
        var table: [[String]] = [["parameter", "start", "fitted"]]
        for p in parameters {
            table.append([p.name + (held.contains(p.name) ? " (held)" : ""), String(format: "%.6g", p.start), String(format: "%.6g", p.value)])
        }
        table.append(["model VIX floor 100 sqrt(B)", "", String(format: "%.3f", fitted.vixFormula.minimumVIX)])
        lines += TextLayout.table(table)
        lines.append(String(format: "panel RMS error: futures %.3f VIX points, indices %.3f (projected pairs: %d of %d days); %d Nelder-Mead iterations%@",
                            rmsFutures, rmsIndices, projectedDays, days.count, evaluations, converged ? "" : " (tolerance not met)"))
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        .object([("days", .integer(days.count)), ("from", .string("\(days.first!.date)")), ("to", .string("\(days.last!.date)")),
                 ("futures", .integer(futuresCount)),
                 ("parameters", .array(parameters.map { .object([("name", .string($0.name)), ("start", .number($0.start)), ("fitted", .number($0.value)),
                                                                ("held", .bool(held.contains($0.name)))]) })),
                 ("vix_floor", .number(fitted.vixFormula.minimumVIX)), ("projected_days", .integer(projectedDays)),
                 ("rms_futures", .number(rmsFutures)), ("rms_indices", .number(rmsIndices)),
                 ("objective", .number(objective)), ("iterations", .integer(evaluations)), ("converged", .bool(converged))])
    }
}
