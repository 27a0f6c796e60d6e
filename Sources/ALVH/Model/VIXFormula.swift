import Foundation

/// The model VIX (CBOE definition as a 30-calendar-day log contract) under the Q dynamics:
///
///     (VIX/100)^2 = A v + B,   A = (1 - e^{-kappa tau}) / (kappa tau),
///     B = theta* (1 - A) + 2 lambda (mbar - mu_s - rho_J mu_v),   theta* = theta + lambda mu_v / kappa,
///
/// with `tau = 30/365`. `A v + B` is the Q-expectation of the average variance over the next 30 days, diffusive part
/// `(1/tau) int E[v_t] dt`, plus the jump contribution `2 lambda E[e^J - 1 - J]` of the log contract (Duan & Yeh
/// 2010; Lin 2007). `B >= 0` always, since `e^J - 1 - J >= 0`.
public struct VIXFormula: Sendable, Equatable {
    public static let defaultTau = 30.0 / 365.0
    public let a: Double
    public let b: Double

    public init(riskNeutral q: MeasureDynamics, tau: Double = VIXFormula.defaultTau) {
        let kappa = q.heston.kappa
        a = VIXFormula.coefficientA(kappa: kappa, tau: tau)
        let jumpTerm = q.jumps.map { 2 * $0.intensity * ($0.compensator - $0.meanLogPriceJump) } ?? 0
        b = q.longRunVariance * (1 - a) + jumpTerm
    }

    /// `A = (1 - e^{-kappa tau}) / (kappa tau)`, by `expm1` so that small `kappa tau` keeps full precision.
    public static func coefficientA(kappa: Double, tau: Double) -> Double {
        let x = kappa * tau
        return x == 0 ? 1 : -expm1(-x) / x
    }

    /// `(VIX/100)^2` for instantaneous variance `v` (negative `v`, possible under full-truncation Euler, counts as 0).
    @inlinable @inline(__always)
    public func squaredVIX(variance v: Double) -> Double { a * max(v, 0) + b }

    /// VIX in index points (16 means 16 %).
    @inlinable @inline(__always)
    public func vix(variance v: Double) -> Double { 100 * squaredVIX(variance: v).squareRoot() }

    /// The lowest VIX the model can show: `100 sqrt(B)` (at `v = 0`).
    public var minimumVIX: Double { 100 * b.squareRoot() }

    /// The model-implied instantaneous variance of an observed VIX, `((VIX/100)^2 - B) / A`; `nil` when the VIX is
    /// below `minimumVIX` (no non-negative variance reproduces it).
    public func variance(vix: Double) -> Double? {
        guard vix >= minimumVIX else { return nil }
        // At the floor itself rounding can leave -1e-18: clamp, the VIX is attainable.
        return max(((vix / 100) * (vix / 100) - b) / a, 0)
    }
}
