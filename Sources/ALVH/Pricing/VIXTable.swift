import Foundation
import Numerics

/// A VIX future or option value as a function of the current variance, at one remaining maturity (and strike), for
/// per-path repricing: cubic Catmull-Rom on a uniform grid in `s = sqrt(v)`, `[0, 1.5]`, 301 nodes, filled once.
///
/// Futures use the Laplace-transform quadrature of `VIXPricer` (nodes built once for the whole grid). Options use
/// COS with a truncation range fitted to each node from a ladder `b_m = b_0 1.6^m`, so the payoff integrals are
/// computed once per rung and shared. Interpolation error, measured against direct pricing at random points in the
/// tests: below 0.005 VIX points (the target) for futures, and for options.
public struct VIXTable: Sendable {
    public let payoff: VIXPricer.Payoff
    public let years: Double
    public let sAxis: UniformAxis
    @usableFromInline let values: [Double]

    public init(pricer: VIXPricer, payoff: VIXPricer.Payoff, years tau: Double, count: Int = 301) {
        precondition(tau > 0)
        self.payoff = payoff
        years = tau
        let sAxis = UniformAxis(lower: 0, upper: SPXOptionTable.maximumVolatility, count: count)
        self.sAxis = sAxis
        let variances = (0..<count).map { pow(sAxis.node($0), 2) }
        switch payoff {
        case .future:
            let nodes = FutureLaplaceNodes(pricer: pricer, variance: variances.last!, years: tau)
            values = variances.map { nodes.futurePrice(variance: $0) }
        case .option(let kind, let strike):
            let discount = exp(-pricer.rate * tau)
            let smallest = pricer.upperBound(variance: 0, years: tau)
            var integrals: [Int: (upper: Double, g: [Double], transform: [(alpha: Complex<Double>, beta: Complex<Double>)])] = [:]
            var out: [Double] = []
            var futures: FutureLaplaceNodes?
            if kind == .put { futures = FutureLaplaceNodes(pricer: pricer, variance: variances.last!, years: tau) }
            for v in variances {
                let needed = pricer.upperBound(variance: v, years: tau)
                let rung = max(0, Int((log(needed / smallest) / log(1.6)).rounded(.up)))
                if integrals[rung] == nil {
                    let upper = smallest * pow(1.6, Double(rung))
                    integrals[rung] = (upper, pricer.callPayoffIntegrals(strike: strike, upper: upper),
                                       pricer.densityTransform(years: tau, upper: upper))
                }
                let (upper, g, coefficients) = integrals[rung]!
                let f = pricer.densityCoefficients(coefficients, variance: v, upper: upper)
                var sum = 0.0
                for k in 0..<f.count { sum += f[k] * g[k] }
                let call = max(discount * 100 * sum, 0)
                if let futures {
                    out.append(max(call - discount * (futures.futurePrice(variance: v) - strike), 0))
                } else {
                    out.append(call)
                }
            }
            values = out
        }
    }

    /// The value at variance `v` (VIX points; futures price or option premium per unit).
    @inlinable
    public func value(variance v: Double) -> Double {
        if v.isNaN { return .nan }   // a broken path stays visible: NaN in, NaN out
        let s = Double.minimum(Double.maximum(v, 0).squareRoot(), sAxis.upper)
        let (i, t) = sAxis.locate(s)
        let w = catmullRomWeights(t)
        return values.withUnsafeBufferPointer { f in
            w.0 * f[i - 1] + w.1 * f[i] + w.2 * f[i + 1] + w.3 * f[i + 2]
        }
    }

    /// Values for many paths at once (`out[i]` at `variance[i]`).
    public func values(variance v: [Double], into out: inout [Double]) {
        precondition(out.count >= v.count)
        for i in 0..<v.count { out[i] = value(variance: v[i]) }
    }
}
