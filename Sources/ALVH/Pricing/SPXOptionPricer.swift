import Foundation
import Numerics

/// European options on SPX under the Q dynamics by the COS method (Fang & Oosterlee, "A novel pricing method for
/// European options based on Fourier-cosine series expansions", SIAM J. Sci. Comput. 31(2), 2008).
///
/// With `x = ln(S/K)` and the log return `X` over `tau`, the put is `K e^{-r tau} E[(1 - e^{x + X})^+]`, homogeneous
/// in `(S, K)`: this type works per unit strike, `p(x, v; tau)`. The range for `X` is `[a_X, b_X]` from its cumulants,
/// the range for `y = x + X` is `[x + a_X, x + b_X]`, and
///
///     p = e^{-r tau} sum'_{k<N} Re[phi_X(w_k) e^{-i w_k a_X}] V_k,   w_k = k pi / (b_X - a_X),
///     V_k = 2/(b - a) (psi_k(a, d) - chi_k(a, d)),  d = min(b, 0)     (the put's payoff coefficients)
///
/// (sum' halves the first term). Puts are summed directly (their payoff is bounded, the stable choice of F&O section
/// 3.3); calls come by parity `C = P + S e^{-q tau} - K e^{-r tau}`. Delta is the series differentiated in `x`.
/// Cumulants `c1, c2, c4` of `X` come from finite differences of `ln phi_X` at a step scaled to the distribution's
/// width, so jumps widen the range automatically.
public struct SPXOptionPricer: Sendable {
    public let transform: LogReturnTransform
    public let rate: Double
    public let dividendYield: Double
    public let settings: COSSettings
    /// Transform coefficients by (horizon, range width, terms) when they come from the Riccati ODEs (`lambda_1 > 0`):
    /// a strike search or a table reuses them instead of solving the ODEs again.
    let cache = TransformCache<LogReturnTransform.Key>()

    public init(model: MarketModel, settings: COSSettings = COSSettings()) {
        transform = LogReturnTransform(dynamics: model.riskNeutral)
        rate = model.rate
        dividendYield = model.dividendYield
        self.settings = settings
    }

    /// `(A, B_1, B_2)` at `w_k = k pi / width` for `k < terms`. Past the first frequency with `Re A < -40` the rest
    /// are set to `A = -inf` (weight 0): every term there is below `e^{-40}` for any state, since `Re B_i <= 0` for a
    /// characteristic function (`|phi| <= 1` for all `v >= 0`) and the diffusive decay grows with the frequency.
    func frequencyCoefficients(width: Double, terms n: Int, years tau: Double) -> [(a: Complex<Double>, b: Complex<Double>, b2: Complex<Double>)] {
        let compute = { () -> [(a: Complex<Double>, b: Complex<Double>, b2: Complex<Double>)] in
            var out: [(a: Complex<Double>, b: Complex<Double>, b2: Complex<Double>)] = []
            out.reserveCapacity(n)
            var negligible = false
            for k in 0..<n {
                if negligible { out.append((Complex(-.infinity, 0), .zero, .zero)); continue }
                let c = transform.coefficients(u: Double(k) * .pi / width, years: tau)
                out.append(c)
                if c.a.real < -40 { negligible = true }
            }
            return out
        }
        if transform.hasClosedForm { return compute() }
        return cache.value(for: LogReturnTransform.Key(years: tau, width: width, terms: n), compute)
    }

    /// `(1/tau) int_0^tau E[V_t] dt` from `(v1, v2)`: the expected average total variance (8-point Gauss-Legendre).
    func averageExpectedVariance(variance v: Double, secondVariance v2: Double, years tau: Double) -> Double {
        let q = transform.dynamics
        return GaussLegendre.order8.integrate(from: 0, to: tau) { t in
            let m = q.expectedVariances(initial: v, v2, years: t)
            return m.first + m.second
        } / tau
    }

    /// The truncation range of the log return `X` for current variance `v` (years `tau`): the cumulant range of
    /// F&O, widened to hold one jump's support, since `sqrt|c4|` understates the exponential tail of SVCJ jumps over
    /// short horizons (measured: 8e-7 of the strike missing at one day with the cumulant range alone).
    /// One jump spans `mu_s + rho_J J_v + s_s Z` with `J_v` up to 30 means (`e^{-30}`) and `|Z|` up to 8.
    public func range(variance v: Double, secondVariance v2: Double = 0, years tau: Double) -> (a: Double, b: Double) {
        let q = transform.dynamics
        let total = v + v2, thetaTotal = q.factors.reduce(0) { $0 + $1.theta }
        let meanIntensity = q.jumps.map { $0.intensity(totalVariance: max(total, thetaTotal)) } ?? 0
        let jumpScale = q.jumps.map { meanIntensity * tau * (pow($0.meanLogPriceJump, 2) + pow($0.logJumpVolatility, 2)) } ?? 0
        let width = (max(total, thetaTotal, 1e-4) * tau + jumpScale).squareRoot()
        let h = 0.2 / width
        func psi(_ u: Double) -> Complex<Double> { let c = transform.coefficients(u: u, years: tau); return c.a + c.b * v + c.b2 * v2 }
        let p1 = psi(h), p2 = psi(2 * h)
        // psi(-u) = conj(psi(u)); psi(0) = 0.
        let c1 = p1.imaginary / h - (p2.imaginary - 2 * p1.imaginary) / (6 * h)   // 5-point first derivative
        let c2 = -(2 * p1.real) / (h * h)
        let c4 = (2 * p2.real - 8 * p1.real) / pow(h, 4)
        let half = settings.truncation * (max(c2, 0) + abs(c4).squareRoot()).squareRoot()
        var a = c1 - half, b = c1 + half
        if let j = q.jumps {
            let diffusion = settings.truncation * (max(total, thetaTotal) * tau).squareRoot()
            let reach = 30 * j.varianceJumpMean * j.correlation
            a = min(a, c1 + j.meanLogJump + min(reach, 0) - 8 * j.logJumpVolatility - diffusion)
            b = max(b, c1 + j.meanLogJump + max(reach, 0) + 8 * j.logJumpVolatility + diffusion)
        }
        return (a, b)
    }

    /// Cosine terms for a range: at least `settings.terms`, and enough that the range is cut into steps of a sixth
    /// of the diffusive standard deviation `sqrt(vbar tau)` (`vbar` the expected average variance), so a narrow
    /// diffusion peak inside a range widened for jumps stays resolved. Powers of two, at most 16384.
    func termCount(range: (a: Double, b: Double), variance v: Double, secondVariance v2: Double = 0, years tau: Double) -> Int {
        let q = transform.dynamics
        let averageVariance: Double
        if q.isTwoFactor || !transform.hasClosedForm {
            averageVariance = averageExpectedVariance(variance: v, secondVariance: v2, years: tau)
        } else {
            let kappaTau = q.heston.kappa * tau
            let averaging = kappaTau < 1e-8 ? 1 : -expm1(-kappaTau) / kappaTau
            averageVariance = q.longRunVariance + (v - q.longRunVariance) * averaging
        }
        let sd = max(averageVariance * tau, 1e-12).squareRoot()
        let needed = 6 * (range.b - range.a) / sd
        var n = settings.terms
        while Double(n) < needed && n < 16384 { n *= 2 }
        return n
    }

    /// Put values per unit strike and their derivatives in `x`, at every `x` in `logMoneyness`, for the factor
    /// variances `v` (and `v2`).
    public func putPerUnitStrike(logMoneyness xs: [Double], variance v: Double, secondVariance v2: Double = 0,
                                 years tau: Double) -> [(value: Double, dx: Double)] {
        precondition(tau > 0)
        let (aX, bX) = range(variance: v, secondVariance: v2, years: tau)
        let n = termCount(range: (aX, bX), variance: v, secondVariance: v2, years: tau)
        let width = bX - aX
        // phi_X(w_k) e^{-i w_k a_X}, shared by every x.
        let coefficients = frequencyCoefficients(width: width, terms: n, years: tau)
        var weights = [Complex<Double>](repeating: .zero, count: n)
        for k in 0..<n where coefficients[k].a.real > -.infinity {
            let w = Double(k) * .pi / width
            let c = coefficients[k]
            weights[k] = Complex.exp(c.a + c.b * v + c.b2 * v2 - Complex(0, w * aX))
        }
        weights[0] = weights[0] * 0.5
        let discount = exp(-rate * tau)
        // Eight strikes at a time, one per SIMD lane: per lane the same operations in the same order as one strike
        // alone (so the same bits), but the rotation recurrence, a chain of dependent complex products per strike,
        // now advances eight strikes per step. Strikes whose payoff range is empty are worth 0.
        var out = [(value: Double, dx: Double)](repeating: (0, 0), count: xs.count)
        let live = xs.indices.filter { min(xs[$0] + bX, 0) > xs[$0] + aX }
        let scale = 2 / width
        for first in stride(from: 0, to: live.count, by: 8) {
            var a = SIMD8<Double>(), d = a, ed = a, ea = a, stepRe = a, stepIm = a
            for lane in 0..<8 {
                let x = xs[live[min(first + lane, live.count - 1)]]   // a short last group repeats its last strike
                a[lane] = x + aX
                d[lane] = min(x + bX, 0)
                let step = Complex.exp(Complex(0, .pi * (d[lane] - a[lane]) / width))
                stepRe[lane] = step.real
                stepIm[lane] = step.imaginary
                ed[lane] = exp(d[lane])
                ea[lane] = exp(a[lane])
            }
            var cosD = SIMD8<Double>(repeating: 1), sinD = SIMD8<Double>(repeating: 0)
            var value = SIMD8<Double>(repeating: 0), slope = value
            for k in 0..<n {
                let w = Double(k) * .pi / width
                // V_k = 2/(b-a) (psi_k(a,d) - chi_k(a,d)), the rotation e^{i w_k (d - a)} = cosD + i sinD.
                let chi = (cosD * ed - ea + w * sinD * ed) / (1 + w * w)
                let psi = k == 0 ? d - a : sinD / w
                let vk = scale * (psi - chi)
                value += weights[k].real * vk
                slope += -weights[k].imaginary * w * vk   // Re(i w phi) = -w Im(phi)
                (cosD, sinD) = (cosD * stepRe - sinD * stepIm, cosD * stepIm + sinD * stepRe)
            }
            for lane in 0..<min(8, live.count - first) { out[live[first + lane]] = (discount * value[lane], discount * slope[lane]) }
        }
        return out
    }

    /// Prices and deltas for several strikes at once (the transform is evaluated once).
    public func values(_ kind: OptionKind, strikes: [Double], spot: Double, variance: Double, secondVariance: Double = 0,
                       years tau: Double) -> [OptionValue] {
        let xs = strikes.map { log(spot / $0) }
        let puts = putPerUnitStrike(logMoneyness: xs, variance: variance, secondVariance: secondVariance, years: tau)
        let forwardFactor = exp(-dividendYield * tau), discount = exp(-rate * tau)
        return zip(strikes, puts).map { strike, put in
            let price = strike * put.value
            let delta = strike * put.dx / spot
            switch kind {
            case .put: return OptionValue(price: max(price, 0), delta: delta)
            case .call: return OptionValue(price: max(price + spot * forwardFactor - strike * discount, 0), delta: delta + forwardFactor)
            }
        }
    }

    public func value(_ kind: OptionKind, strike: Double, spot: Double, variance: Double, secondVariance: Double = 0,
                      years tau: Double) -> OptionValue {
        values(kind, strikes: [strike], spot: spot, variance: variance, secondVariance: secondVariance, years: tau)[0]
    }

    /// The call per unit strike summed directly with the call's payoff coefficients
    /// `V_k = 2/(b - a) (chi_k(c, b) - psi_k(c, b))`, `c = max(a, 0)` (F&O eq. 22-23), instead of by parity.
    /// Less stable for deep in-the-money calls (the payoff grows like `e^y`); kept to test put-call parity with two
    /// independent sums.
    func directCallPerUnitStrike(logMoneyness x: Double, variance v: Double, secondVariance v2: Double = 0, years tau: Double) -> Double {
        let (aX, bX) = range(variance: v, secondVariance: v2, years: tau)
        let n = termCount(range: (aX, bX), variance: v, secondVariance: v2, years: tau)
        let width = bX - aX
        let a = x + aX, b = x + bX, c = max(a, 0)
        guard b > c else { return 0 }
        var sum = 0.0
        for k in 0..<n {
            let w = Double(k) * .pi / width
            let t = transform.coefficients(u: w, years: tau)
            let phi = Complex.exp(t.a + t.b * v + t.b2 * v2 - Complex(0, w * aX))
            let cosB = cos(w * (b - a)), sinB = sin(w * (b - a)), cosC = cos(w * (c - a)), sinC = sin(w * (c - a))
            let chi = (cosB * exp(b) - cosC * exp(c) + w * sinB * exp(b) - w * sinC * exp(c)) / (1 + w * w)
            let psi = k == 0 ? b - c : (sinB - sinC) / w
            let term = phi.real * 2 / width * (chi - psi)
            sum += k == 0 ? 0.5 * term : term
        }
        return exp(-rate * tau) * sum
    }
}
