import Foundation

/// The two-factor Q drift (`kappa_1`, `kappa_2`, `theta_2`) fitted to the VIX, VIX3M and futures curves of many days at
/// once (`alvh calibrate market --panel`), so that one Q reproduces the term structures and the (VIX, VIX3M) pairs of
/// the history, which `alvh calibrate history --factors 2` then filters with (METHODOLOGY section 8).
///
/// Each day's factor variances are not free parameters: they are read off that day's VIX and VIX3M by the 2 x 2
/// inversion of the Q formula, as the history filter does (`FactorFilter`: a pair no non-negative `(v1, v2)`
/// reproduces is projected to the boundary with the VIX kept exact; a VIX below the floor `100 sqrt(B)` sets both
/// factors to the floor). The residuals of a day are then the model's VIX and VIX3M minus the closes (non-zero only on
/// projected days) and every listed future's model price minus its settlement, all in VIX points; the objective is their
/// mean square over all days pooled. Nelder–Mead on `(ln kappa_2, ln(kappa_1 - kappa_2), ln theta_2)`, restarted until a
/// restart gains less than 1e-9 relative. Held at the template's values: `theta_1` (not identified by first moments,
/// see `MarketCalibration`), `sigma_i`, `rho_i`, the jumps.
///
/// Why a panel: one day's curve is often a single exponential from the VIX to the back months; then the one-day fit
/// collapses to one factor (`kappa_1 = kappa_2`). Many days, calm and stressed, carry both speeds: the front of a
/// backwardated curve reverts fast, the level of the back months slowly.
public struct TermStructureCalibration: Sendable {
    public let template: MarketModel
    /// The days fitted (each with VIX3M and at least one future).
    public let days: [MarketQuotes]
    public let parameters: [(name: String, value: Double, start: Double)]
    /// The template with the fitted `kappa_1`, `kappa_2`, `theta_2` under Q.
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

    /// - Throws: `.marketForm` for a template without two factors, `.noQFit` when fewer than 10 days have VIX3M and
    ///   futures or the template cannot price them.
    public init(days all: [MarketQuotes], template: MarketModel) throws(CalibrationError) {
        let n = template.riskNeutral.factors.count
        guard n == 2 else { throw .marketForm(market: template.source, factors: n, asked: 2) }
        let days = all.filter { $0.vix3m != nil && !$0.futures.isEmpty }
        guard days.count >= 10 else { throw .noQFit(reason: "the panel has \(days.count) days with VIX3M and futures; at least 10 are needed.") }
        self.template = template
        self.days = days
        let q = template.riskNeutral
        let k1 = q.factors[0].kappa, k2 = q.factors[1].kappa
        let start = [log(min(k1, k2)), log(max(abs(k1 - k2), 0.1)), log(q.factors[0].theta), log(q.factors[1].theta)]
        func model(_ x: [Double]) -> MarketModel? {
            guard x.allSatisfy({ $0.isFinite && abs($0) < 50 }) else { return nil }
            var m = template
            m.riskNeutral.factors[1].kappa = exp(x[0])
            m.riskNeutral.factors[0].kappa = exp(x[0]) + exp(x[1])
            m.riskNeutral.factors[0].theta = exp(x[2])
            m.riskNeutral.factors[1].theta = exp(x[3])
            let r = MarketModel.Ranges.self
            guard m.riskNeutral.factors.allSatisfy({ r.kappa.contains($0.kappa) && r.theta.contains($0.theta) }),
                  m.riskNeutral.effectiveFastKappa > 0.001, m.vixFormula.minimumVIX < 100 else { return nil }
            return m
        }
        func loss(_ x: [Double]) -> Double {
            guard let m = model(x) else { return .infinity }
            let r = Self.residuals(m, days: days)
            let all = r.indices + r.futures
            let value = all.map { $0 * $0 }.reduce(0, +) / Double(all.count)
            return value.isFinite ? value : .infinity
        }
        guard loss(start).isFinite else {
            throw .noQFit(reason: "the template market \(template.source) gives no finite futures prices on the panel.")
        }
        var best = NelderMead(tolerance: 1e-10, maxIterations: 2000).minimize(loss, start: start, step: [0.3, 0.3, 0.3, 0.3])
        var evaluations = best.iterations
        for _ in 0..<4 {
            let again = NelderMead(tolerance: 1e-10, maxIterations: 2000).minimize(loss, start: best.point, step: [0.1, 0.1, 0.1, 0.1])
            evaluations += again.iterations
            let gain = best.value - again.value
            if again.value < best.value { best = again }
            if gain < 1e-9 * max(best.value, 1e-12) { break }
        }
        let m = model(best.point)!
        fitted = m
        let natural = { (x: [Double]) in [exp(x[0]) + exp(x[1]), exp(x[0]), exp(x[2]), exp(x[3])] }
        parameters = zip(Self.names, zip(natural(best.point), natural(start))).map { ($0, $1.0, $1.1) }
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
    /// its VIX and VIX3M; `projected` counts the days that needed projection.
    static func residuals(_ m: MarketModel, days: [MarketQuotes]) -> (indices: [Double], futures: [Double], projected: Int) {
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
        return (indices, futures, projected)
    }

    /// The text report.
    public var text: String {
        var lines = ["alvh calibrate market --panel: 2-factor Q drift fitted to \(days.count) days (\(days.first!.date) .. \(days.last!.date)), "
                     + "\(futuresCount) futures; each day's (v1, v2) filtered from its VIX and VIX3M"]
        var table: [[String]] = [["parameter", "start", "fitted"]]
        for p in parameters { table.append([p.name, String(format: "%.6g", p.start), String(format: "%.6g", p.value)]) }
        table.append(["model VIX floor 100 sqrt(B)", "", String(format: "%.3f", fitted.vixFormula.minimumVIX)])
        lines += TextLayout.table(table)
        lines.append(String(format: "panel RMS error: futures %.3f VIX points, indices %.3f (projected pairs: %d of %d days); %d Nelder-Mead iterations%@",
                            rmsFutures, rmsIndices, projectedDays, days.count, evaluations, converged ? "" : " (tolerance not met)"))
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        .object([("days", .integer(days.count)), ("from", .string("\(days.first!.date)")), ("to", .string("\(days.last!.date)")),
                 ("futures", .integer(futuresCount)),
                 ("parameters", .array(parameters.map { .object([("name", .string($0.name)), ("start", .number($0.start)), ("fitted", .number($0.value))]) })),
                 ("vix_floor", .number(fitted.vixFormula.minimumVIX)), ("projected_days", .integer(projectedDays)),
                 ("rms_futures", .number(rmsFutures)), ("rms_indices", .number(rmsIndices)),
                 ("objective", .number(objective)), ("iterations", .integer(evaluations)), ("converged", .bool(converged))])
    }
}
