import Foundation
import Numerics

/// VIX futures and options under the Q dynamics, from the transform of `Y_T = A_1 v1_T + A_2 v2_T` (one factor:
/// `A v_T`).
///
/// At expiry `T` the VIX is `100 sqrt(Y_T + B)` (`VIXFormula`), so
/// future `F = 100 E[sqrt(Y_T + B)]` (no discounting: futures are marked to market) and
/// call `C = e^{-rT} 100 E[(sqrt(Y_T + B) - K/100)^+]`, put by parity on the future of the same expiry,
/// `P = C - e^{-rT}(F - K)`. The density of `Y_T` on `[0, b]` is the cosine series with coefficients
/// `F_k = 2/b Re phi_Y(k pi / b)`, `phi_Y(w) = E[e^{i w (A_1 v1_T + A_2 v2_T)}]` (`VarianceTransform` at
/// `(i w A_1, i w A_2)`), so `E[g(Y_T)] = sum' F_k G_k` with the payoff integrals `G_k = int_0^b g(y) cos(k pi y / b) dy`,
/// computed by composite 8-point Gauss-Legendre on one panel per half period of the highest term, with the option's
/// kink `y* = (K/100)^2 - B` as a panel boundary. `b = E[Y_T] + L sd[Y_T]` (`VarianceTransform.moments`).
///
/// Futures do not use COS: when the Feller condition fails the density of `v_T` is singular at 0 (`v^{d/2 - 1}`),
/// its cosine coefficients decay like `k^{-d/2}`, and `E[sqrt(.)]` converges only algebraically (measured: 0.002 VIX
/// points off at 512 terms, 0.0007 at 1024, for the default market). They use the exact identity
/// `sqrt(y) = 1/(2 sqrt(pi)) int_0^inf (1 - e^{-s y}) s^{-3/2} ds`, so
/// `E[sqrt(Y + B)] = 1/(2 sqrt(pi)) int_0^inf (1 - E[e^{-s (Y + B)}]) s^{-3/2} ds` with the real Laplace transform
/// `E[e^{-s(Y + B)}] = e^{-sB} E[e^{-s A_1 v1_T - s A_2 v2_T}]` (`VarianceTransform` at real negative arguments): after `s = u^2` a smooth
/// integral, by 8-point Gauss-Legendre panels on `[0, U]` (geometrically growing) plus the exact tail `2/U`, with
/// `U^2 B = 50` so that `E[e^{-U^2 Y}] <= e^{-50}`. Agrees with the noncentral chi-square oracle to 1e-9 VIX points
/// (tests).
public struct VIXPricer: Sendable {
    public let transform: VarianceTransform
    public let formula: VIXFormula
    public let rate: Double
    public let settings: COSSettings
    static let panelRule = GaussLegendre(order: 8)

    public init(model: MarketModel, settings: COSSettings = COSSettings(terms: 1024, truncation: 12)) {
        transform = VarianceTransform(dynamics: model.riskNeutral)
        formula = model.vixFormula
        rate = model.rate
        self.settings = settings
    }

    /// What is being priced: the future, or a call or put struck at `strike` VIX points.
    public enum Payoff: Sendable, Hashable {
        case future
        case option(OptionKind, strike: Double)
    }

    /// The transform of `Y = A_1 v1_T + A_2 v2_T` at `s`: `E[e^{sY}] = exp(alpha + beta v1 + beta2 v2)`.
    @inline(__always)
    func loadedTransform(s: Complex<Double>, years tau: Double) -> (alpha: Complex<Double>, beta: Complex<Double>, beta2: Complex<Double>) {
        transform.coefficients(s: s * formula.a, s2: s * formula.a2, years: tau)
    }

    /// Upper end of the truncation range of `Y_T`: `E + L sd`, and at least one exponential variance jump of 30 means
    /// beyond the mean (`e^{-30}`): over short horizons the moments understate that tail, and the mass COS cuts off
    /// is folded back into the range (measured: a 25-strike 5-day call off by 0.006 VIX points at VIX 10 without it).
    public func upperBound(variance v: Double, secondVariance v2: Double = 0, years tau: Double) -> Double {
        let m = transform.moments(loadings: formula.a, formula.a2, variance: v, secondVariance: v2, years: tau)
        var upper = m.mean + settings.truncation * m.variance.squareRoot()
        if let j = transform.dynamics.jumps, j.varianceJumpMean > 0 {
            upper = max(upper, m.mean + 30 * formula.a * j.varianceJumpMean)
        }
        return max(upper, 1e-6 * formula.a)
    }

    /// The transform coefficients at `i k pi / b` for `k < terms`: they do not depend on the current state, so a table
    /// computes them once per range and each node costs one exponential per term.
    func densityTransform(years tau: Double, upper b: Double) -> [(alpha: Complex<Double>, beta: Complex<Double>, beta2: Complex<Double>)] {
        (0..<settings.terms).map { k in loadedTransform(s: Complex(0, Double(k) * .pi / b), years: tau) }
    }

    /// Cosine coefficients of the density of `Y_T` on `[0, b]`, first one halved, from `densityTransform`.
    func densityCoefficients(_ coefficients: [(alpha: Complex<Double>, beta: Complex<Double>, beta2: Complex<Double>)],
                             variance v: Double, secondVariance v2: Double = 0, upper b: Double) -> [Double] {
        coefficients.indices.map { k in
            let c = coefficients[k]
            let f = 2 / b * Complex.exp(c.alpha + c.beta * v + c.beta2 * v2).real
            return k == 0 ? 0.5 * f : f
        }
    }

    func densityCoefficients(variance v: Double, secondVariance v2: Double = 0, years tau: Double, upper b: Double) -> [Double] {
        densityCoefficients(densityTransform(years: tau, upper: b), variance: v, secondVariance: v2, upper: b)
    }

    /// `G_k = int_0^b g(y) cos(k pi y / b) dy` for the call payoff `g(y) = (sqrt(y + B) - K/100)^+` (VIX points /
    /// 100); puts come by parity, futures by the Laplace formula. `terms`: how many (default all of the settings').
    func callPayoffIntegrals(strike: Double, upper b: Double, terms: Int? = nil) -> [Double] {
        let n = terms ?? settings.terms
        let bb = formula.b
        let k = strike / 100
        let kink = k * k - bb
        let breaks = kink > 0 && kink < b ? [kink] : []
        let g: (Double) -> Double = { max(($0 + bb).squareRoot() - k, 0) }
        let panels = max(8, n / 2)
        var edges = (0...panels).map { b * Double($0) / Double(panels) }
        edges += breaks
        edges.sort()
        // Nodes and weights of all panels, then cos(k theta_j) by the Chebyshev recurrence for every node at once:
        // k outside, nodes inside, so the inner loops vectorise.
        let rule = VIXPricer.panelRule
        var weighted: [Double] = [], cosine: [Double] = []
        for p in 0..<(edges.count - 1) {
            let lo = edges[p], hi = edges[p + 1]
            if hi <= lo { continue }
            let half = 0.5 * (hi - lo), mid = 0.5 * (hi + lo)
            for j in 0..<rule.nodes.count {
                let v = mid + half * rule.nodes[j]
                let weight = rule.weights[j] * half * g(v)
                if weight == 0 { continue }
                weighted.append(weight)
                cosine.append(cos(.pi * v / b))
            }
        }
        var integrals = [Double](repeating: 0, count: n)
        let m = weighted.count
        var sum0 = 0.0
        for j in 0..<m { sum0 += weighted[j] }
        integrals[0] = sum0
        // 32 nodes at a time with their recurrence state in registers (four 8-lane vectors each of cos(k theta),
        // cos((k-1) theta), weights and 2 cos(theta)) through every k, adding each k's products into eight lanes
        // per k: one load and one store per k and 32 nodes (a single running sum per k would be a chain of
        // dependent adds; a pass per k over all nodes would store the recurrence every time). The recurrence is
        // the same arithmetic in the same order as node by node, so only the summation order differs.
        let wide = m / 32 * 32
        let partial = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: n)
        partial.initialize(repeating: .zero, count: n)
        defer { partial.deallocate() }
        weighted.withUnsafeBytes { wb in
        cosine.withUnsafeBytes { cb in
            func load(_ buffer: UnsafeRawBufferPointer, _ j: Int) -> SIMD8<Double> {
                buffer.loadUnaligned(fromByteOffset: j * MemoryLayout<Double>.stride, as: SIMD8<Double>.self)
            }
            for first in stride(from: 0, to: wide, by: 32) {
                let w0 = load(wb, first), w1 = load(wb, first + 8), w2 = load(wb, first + 16), w3 = load(wb, first + 24)
                var c0 = load(cb, first), c1 = load(cb, first + 8), c2 = load(cb, first + 16), c3 = load(cb, first + 24)
                let x0 = 2 * c0, x1 = 2 * c1, x2 = 2 * c2, x3 = 2 * c3
                var p0 = SIMD8<Double>(repeating: 1), p1 = p0, p2 = p0, p3 = p0
                for k in 1..<n {
                    var lanes = w0 * c0
                    lanes.addProduct(w1, c1)
                    lanes.addProduct(w2, c2)
                    lanes.addProduct(w3, c3)
                    partial[k] += lanes
                    (p0, c0) = (c0, x0 * c0 - p0)
                    (p1, c1) = (c1, x1 * c1 - p1)
                    (p2, c2) = (c2, x2 * c2 - p2)
                    (p3, c3) = (c3, x3 * c3 - p3)
                }
            }
        }}
        for k in 1..<n { integrals[k] = partial[k].sum() }
        for j in wide..<m {
            var previous = 1.0, current = cosine[j]
            let twice = 2 * cosine[j]
            for k in 1..<n {
                integrals[k] += weighted[j] * current
                (previous, current) = (current, twice * current - previous)
            }
        }
        return integrals
    }

    /// `100 E[(VIX_T/100 - K/100)^+]` in VIX points, undiscounted.
    func expectedCallPayoff(strike: Double, variance v: Double, secondVariance v2: Double = 0, years tau: Double) -> Double {
        let b = upperBound(variance: v, secondVariance: v2, years: tau)
        return expectedCallPayoff(strike: strike, densityCoefficients: densityCoefficients(variance: v, secondVariance: v2, years: tau, upper: b), upper: b)
    }

    /// The same from the density's cosine coefficients `f` on `[0, b]`.
    func expectedCallPayoff(strike: Double, densityCoefficients f: [Double], upper b: Double) -> Double {
        // The density's coefficients decay with k (the faster, the longer the maturity): terms past the last one above
        // 1e-16 of their absolute sum change the sum by less than |G|max x 1e-16 x terms (|G_k| <= b), so their payoff
        // integrals, the cost of this function, are not computed.
        let scale = f.reduce(0) { $0 + abs($1) }
        let used = max((f.lastIndex { abs($0) > 1e-16 * scale } ?? 0) + 1, 2)
        let g = callPayoffIntegrals(strike: strike, upper: b, terms: used)
        var sum = 0.0
        for k in 0..<used { sum += f[k] * g[k] }
        return 100 * sum
    }

    /// The VIX future expiring in `tau` years, in VIX points, given the current factor variances.
    public func futurePrice(variance v: Double, secondVariance v2: Double = 0, years tau: Double) -> Double {
        guard tau > 0 else { return formula.vix(variance: v, secondVariance: v2) }
        let laplace = FutureLaplaceNodes(pricer: self, variance: v, secondVariance: v2, years: tau)
        return laplace.futurePrice(variance: v, secondVariance: v2)
    }

    /// A VIX call spread, long the `lower` strike and short the `upper`, in VIX points per unit: the two calls of
    /// `optionPrice` from one range and one set of density coefficients.
    public func callSpreadPrice(lower: Double, upper: Double, variance v: Double, secondVariance v2: Double = 0, years tau: Double) -> Double {
        guard tau > 0 else {
            let vix = formula.vix(variance: v, secondVariance: v2)
            return max(vix - lower, 0) - max(vix - upper, 0)
        }
        let b = upperBound(variance: v, secondVariance: v2, years: tau)
        let f = densityCoefficients(variance: v, secondVariance: v2, years: tau, upper: b)
        let discount = exp(-rate * tau)
        return max(discount * expectedCallPayoff(strike: lower, densityCoefficients: f, upper: b), 0)
            - max(discount * expectedCallPayoff(strike: upper, densityCoefficients: f, upper: b), 0)
    }

    /// A VIX option (European, cash-settled on the VIX at expiry), in VIX points per unit (multiplier 100 is the
    /// caller's).
    public func optionPrice(_ kind: OptionKind, strike: Double, variance v: Double, secondVariance v2: Double = 0,
                            years tau: Double) -> Double {
        guard tau > 0 else {
            let vix = formula.vix(variance: v, secondVariance: v2)
            return kind == .call ? max(vix - strike, 0) : max(strike - vix, 0)
        }
        let discount = exp(-rate * tau)
        let call = discount * expectedCallPayoff(strike: strike, variance: v, secondVariance: v2, years: tau)
        switch kind {
        case .call: return max(call, 0)
        case .put: return max(call - discount * (futurePrice(variance: v, secondVariance: v2, years: tau) - strike), 0)
        }
    }
}

/// The quadrature of the Laplace-transform formula for VIX futures at horizon `tau`: nodes `u_j` on `[0, U]`, the
/// transform coefficients at `s_j = -u_j^2` (loads `(-A_1 u_j^2, -A_2 u_j^2)`), and weights. Built once per horizon; `futurePrice(variance:)` then
/// costs one exponential per node, which is what the 1-D futures tables use.
struct FutureLaplaceNodes: Sendable {
    let weights: [Double]          // GL weight x 2 (from ds = 2u du), divided by u^2 and by 2 sqrt(pi)
    let alpha: [Double]            // alpha(-A u^2) - u^2 B
    let beta: [Double]             // beta(-A u^2)
    let beta2: [Double]            // beta2(-A u^2), second factor (0 for one factor)
    let tail: Double               // int_U^inf 2 u^{-2} du / (2 sqrt(pi)) = 1 / (U sqrt(pi))

    /// `variance` (and `secondVariance`) set the integration range (the largest state the nodes will serve).
    init(pricer: VIXPricer, variance vMax: Double, secondVariance v2Max: Double = 0, years tau: Double) {
        let b = pricer.formula.b
        // The only safe bound is E[e^{-sY}] <= e^{-sB} (Y >= B): the transform of v_T can decay slowly when much of its
        // mass sits near 0 (Feller violated), so U must satisfy U^2 B >= 50 whatever the mean of v_T.
        let upper = (50 / max(b, 1e-12)).squareRoot()
        // Panels denser near 0, where the integrand changes on the scale 1/sqrt(E[Y]).
        let means = pricer.transform.dynamics.expectedVariances(initial: vMax, v2Max, years: tau)
        let scale = 1 / max(b + pricer.formula.a * means.first + pricer.formula.a2 * means.second, 1e-8).squareRoot()
        var edges: [Double] = [0]
        var x = min(scale / 8, upper)
        while x < upper { edges.append(x); x = min(x * 1.25 + scale / 16, upper) }
        edges.append(upper)
        let rule = VIXPricer.panelRule
        var w: [Double] = [], al: [Double] = [], be: [Double] = [], be2: [Double] = []
        let norm = 1 / (2 * Double.pi.squareRoot())
        for p in 0..<(edges.count - 1) {
            let lo = edges[p], hi = edges[p + 1]
            let half = 0.5 * (hi - lo), mid = 0.5 * (hi + lo)
            for j in 0..<rule.nodes.count {
                let u = mid + half * rule.nodes[j]
                let s = u * u
                let c = pricer.loadedTransform(s: Complex(-s, 0), years: tau)
                w.append(rule.weights[j] * half * 2 / s * norm)
                al.append(c.alpha.real - s * b)
                be.append(c.beta.real)
                be2.append(c.beta2.real)
            }
        }
        weights = w
        alpha = al
        beta = be
        beta2 = be2
        tail = 1 / (upper * Double.pi.squareRoot())
    }

    /// `100 E[sqrt(Y_T + B) | v1, v2]`.
    func futurePrice(variance v: Double, secondVariance v2: Double = 0) -> Double {
        var sum = 0.0
        for j in 0..<weights.count { sum -= weights[j] * expm1(alpha[j] + beta[j] * v + beta2[j] * v2) }
        return 100 * (sum + tail)
    }

    /// `futurePrice` at every variance of `variances` with the second variance `v2` (a row of a futures table): the
    /// same sum per state, node by node in the same order, with `exponentialMinusOne` (within 2 ulp of `expm1`) so the
    /// loop over the states vectorises. Every term `-w_j (e^{x_j} - 1)` is positive (`x_j <= 0`: the Laplace
    /// transform of `Y_T >= 0` is at most 1), so the sums agree with `futurePrice` to a few ulp (tested within 1e-14).
    func futurePrices(variances: [Double], secondVariance v2: Double) -> [Double] {
        let n = variances.count
        var sums = [Double](repeating: 0, count: n)
        variances.withUnsafeBufferPointer { v in
        sums.withUnsafeMutableBufferPointer { sum in
            for j in 0..<weights.count {
                let w = weights[j], a = alpha[j], b = beta[j], b2 = beta2[j]
                for i in 0..<n { sum[i] -= w * exponentialMinusOne(a + b * v[i] + b2 * v2) }
            }
            for i in 0..<n { sum[i] = 100 * (sum[i] + tail) }
        }}
        return sums
    }
}
