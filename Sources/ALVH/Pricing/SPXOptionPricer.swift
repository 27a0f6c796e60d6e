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

    public init(model: MarketModel, settings: COSSettings = COSSettings()) {
        transform = LogReturnTransform(dynamics: model.riskNeutral)
        rate = model.rate
        dividendYield = model.dividendYield
        self.settings = settings
    }

    /// The truncation range of the log return `X` for current variance `v` (years `tau`).
    public func range(variance v: Double, years tau: Double) -> (a: Double, b: Double) {
        let q = transform.dynamics
        let jumpScale = q.jumps.map { $0.intensity * tau * (pow($0.meanLogPriceJump, 2) + pow($0.logJumpVolatility, 2)) } ?? 0
        let width = (max(v, q.heston.theta, 1e-4) * tau + jumpScale).squareRoot()
        let h = 0.2 / width
        func psi(_ u: Double) -> Complex<Double> { let c = transform.coefficients(u: u, years: tau); return c.a + c.b * v }
        let p1 = psi(h), p2 = psi(2 * h)
        // psi(-u) = conj(psi(u)); psi(0) = 0.
        let c1 = p1.imaginary / h - (p2.imaginary - 2 * p1.imaginary) / (6 * h)   // 5-point first derivative
        let c2 = -(2 * p1.real) / (h * h)
        let c4 = (2 * p2.real - 8 * p1.real) / pow(h, 4)
        let half = settings.truncation * (max(c2, 0) + abs(c4).squareRoot()).squareRoot()
        return (c1 - half, c1 + half)
    }

    /// Put values per unit strike and their derivatives in `x`, at every `x` in `logMoneyness`, for variance `v`.
    public func putPerUnitStrike(logMoneyness xs: [Double], variance v: Double, years tau: Double) -> [(value: Double, dx: Double)] {
        precondition(tau > 0)
        let n = settings.terms
        let (aX, bX) = range(variance: v, years: tau)
        let width = bX - aX
        // phi_X(w_k) e^{-i w_k a_X}, shared by every x.
        var weights = [Complex<Double>](repeating: .zero, count: n)
        for k in 0..<n {
            let w = Double(k) * .pi / width
            let (a, b) = transform.coefficients(u: w, years: tau)
            weights[k] = Complex.exp(a + b * v - Complex(0, w * aX))
        }
        weights[0] = weights[0] * 0.5
        let discount = exp(-rate * tau)
        return xs.map { x in
            let a = x + aX, b = x + bX
            let d = min(b, 0)
            guard d > a else { return (0, 0) }
            // V_k = 2/(b-a) (psi_k(a,d) - chi_k(a,d)); rotations e^{i w_k (d - a)} by recurrence.
            let step = Complex.exp(Complex(0, .pi * (d - a) / width))
            var rotation = Complex<Double>(1, 0)
            let ed = exp(d), ea = exp(a)
            var value = 0.0, slope = 0.0
            for k in 0..<n {
                let w = Double(k) * .pi / width
                let cosD = rotation.real, sinD = rotation.imaginary
                let chi = (cosD * ed - ea + w * sinD * ed) / (1 + w * w)
                let psi = k == 0 ? d - a : sinD / w
                let vk = 2 / width * (psi - chi)
                value += weights[k].real * vk
                slope += -weights[k].imaginary * w * vk   // Re(i w phi) = -w Im(phi)
                rotation = rotation * step
            }
            return (discount * value, discount * slope)
        }
    }

    /// Prices and deltas for several strikes at once (the transform is evaluated once).
    public func values(_ kind: OptionKind, strikes: [Double], spot: Double, variance: Double, years tau: Double) -> [OptionValue] {
        let xs = strikes.map { log(spot / $0) }
        let puts = putPerUnitStrike(logMoneyness: xs, variance: variance, years: tau)
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

    public func value(_ kind: OptionKind, strike: Double, spot: Double, variance: Double, years tau: Double) -> OptionValue {
        values(kind, strikes: [strike], spot: spot, variance: variance, years: tau)[0]
    }
}
