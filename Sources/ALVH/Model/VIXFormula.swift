import Foundation

/// The model VIX (Cboe definition as a 30-calendar-day log contract) under the Q dynamics, affine in the factors:
///
///     (VIX/100)^2 = A_1 v1 + A_2 v2 + B
///
/// Derivation. `VIX^2 = -(2/tau) E[ln(S_tau / F)]`; with `d ln S = (r - q - lambda_t mbar - V/2) dt + ... + J_S dN` the
/// log contract is `(1/tau) E[int V dt] + (2/tau) E[int lambda_t dt] (mbar - m_J)`, `m_J = E[J_S] = mu_s + rho_J mu_v`.
/// With `lambda_t = lambda_0 + lambda_1 V_t`:
///
///     (VIX/100)^2 = c (1/tau) int_0^tau E[V_t] dt + 2 lambda_0 (mbar - m_J),   c = 1 + 2 lambda_1 (mbar - m_J)
///
/// and `E[V_t] = E[v1_t] + E[v2_t]` is affine in `(v1, v2)` (`MeasureDynamics.expectedVariances`): with
/// `a(k) = (1 - e^{-k tau}) / (k tau)`, `k = kappa_1 - lambda_1 mu_v` (the fast factor's effective speed: its jumps come
/// faster when `V` is high) and `D = (1/tau) int_0^tau (e^{-kappa_2 t} - e^{-k t}) / (k - kappa_2) dt`,
///
///     A_1 = c a(k),   A_2 = c [a(kappa_2) + lambda_1 mu_v D],
///     B   = c [m1* (1 - a(k)) + theta_2 (1 - a(kappa_2)) - lambda_1 mu_v theta_2 D] + 2 lambda_0 (mbar - m_J).
///
/// One factor with `lambda_1 = 0` gives today's `A = a(kappa)`, `B = theta* (1 - A) + 2 lambda (mbar - m_J)`,
/// `theta* = theta + lambda mu_v / kappa` (Duan & Yeh 2010; Lin 2007). `B >= 0` always, since `e^J - 1 - J >= 0`.
/// `tau = 30/365` for the VIX, `93/365` for the 3-month VIX (VIX3M).
public struct VIXFormula: Sendable, Equatable {
    public static let defaultTau = 30.0 / 365.0
    /// VIX3M (formerly VXV): 93 calendar days.
    public static let threeMonthTau = 93.0 / 365.0
    /// `A_1`, the loading of the first (fast) factor.
    public let a: Double
    /// `A_2`, the loading of the second factor (0 for one factor).
    public let a2: Double
    public let b: Double

    public init(riskNeutral q: MeasureDynamics, tau: Double = VIXFormula.defaultTau) {
        let jumpGap = q.jumps.map { $0.compensator - $0.meanLogPriceJump } ?? 0
        let jumpTerm = q.jumps.map { 2 * $0.intensity * jumpGap } ?? 0
        let lambda1 = q.jumps?.intensityPerVariance ?? 0
        let scale = 1 + 2 * lambda1 * jumpGap
        let k = q.effectiveFastKappa
        let a1 = VIXFormula.coefficientA(kappa: k, tau: tau)
        let (m1, _) = q.stationaryMeanVariances
        a = scale * a1
        var average = m1 * (1 - a1)
        if let f2 = q.secondFactor {
            let ak2 = VIXFormula.coefficientA(kappa: f2.kappa, tau: tau)
            let d = VIXFormula.averageExponentialDifference(f2.kappa, k, tau: tau)
            a2 = scale * (ak2 + q.jumpFeedback * d)
            average += f2.theta * (1 - ak2) - q.jumpFeedback * f2.theta * d
        } else {
            a2 = 0
        }
        b = scale * average + jumpTerm
    }

    /// `A = (1 - e^{-kappa tau}) / (kappa tau)`, by `expm1` so that small `kappa tau` keeps full precision.
    public static func coefficientA(kappa: Double, tau: Double) -> Double {
        let x = kappa * tau
        return x == 0 ? 1 : -expm1(-x) / x
    }

    /// `(1/tau) int_0^tau (e^{-a t} - e^{-b t}) / (b - a) dt` by 24-point Gauss-Legendre on the smooth integrand
    /// (`MeasureDynamics.exponentialDifference`), which has no cancellation when `a` is close to `b`.
    static func averageExponentialDifference(_ a: Double, _ b: Double, tau: Double) -> Double {
        GaussLegendre.order24.integrate(from: 0, to: tau) { MeasureDynamics.exponentialDifference(a, b, $0) } / tau
    }

    /// `(VIX/100)^2` for the factor variances (negative values, possible under full-truncation Euler, count as 0).
    @inlinable @inline(__always)
    public func squaredVIX(variance v: Double, secondVariance v2: Double = 0) -> Double {
        a * max(v, 0) + b + a2 * max(v2, 0)
    }

    /// VIX in index points (16 means 16 %).
    @inlinable @inline(__always)
    public func vix(variance v: Double, secondVariance v2: Double = 0) -> Double {
        100 * squaredVIX(variance: v, secondVariance: v2).squareRoot()
    }

    /// The lowest VIX the model can show: `100 sqrt(B)` (at `v1 = v2 = 0`).
    public var minimumVIX: Double { 100 * b.squareRoot() }

    /// The model-implied instantaneous variance of an observed VIX, `((VIX/100)^2 - B) / A` (one factor, or the first
    /// factor with the second at `secondVariance`); `nil` when no non-negative variance reproduces it.
    public func variance(vix: Double, secondVariance v2: Double = 0) -> Double? {
        let rest = b + a2 * max(v2, 0)
        guard vix >= 100 * rest.squareRoot() else { return nil }
        // At the floor itself rounding can leave -1e-18: clamp, the VIX is attainable.
        return max(((vix / 100) * (vix / 100) - rest) / a, 0)
    }

    /// The two factor variances that reproduce both an observed VIX (`self`, 30 days) and VIX3M (`threeMonth`, 93
    /// days): the 2 x 2 linear system `A_1 v1 + A_2 v2 = (VIX/100)^2 - B`, `A'_1 v1 + A'_2 v2 = (VIX3M/100)^2 - B'`.
    /// `nil` when the solution has a negative component (see `feasibleThreeMonthRange`).
    public func factorVariances(vix: Double, threeMonth: VIXFormula, vix3m: Double) -> (first: Double, second: Double)? {
        let y1 = (vix / 100) * (vix / 100) - b, y2 = (vix3m / 100) * (vix3m / 100) - threeMonth.b
        let det = a * threeMonth.a2 - a2 * threeMonth.a
        guard det != 0 else { return nil }
        let v1 = (y1 * threeMonth.a2 - a2 * y2) / det
        let v2 = (a * y2 - threeMonth.a * y1) / det
        // Rounding at an edge of the feasible set can leave -1e-17.
        let tolerance = 1e-12 * max(abs(y1), abs(y2), 1e-12)
        guard v1 >= -tolerance && v2 >= -tolerance else { return nil }
        return (max(v1, 0), max(v2, 0))
    }

    /// For an observed VIX, the VIX3M values the model can reach with non-negative factors: all of the VIX on the
    /// first factor at one end, all on the second at the other. `nil` when the VIX itself is below the floor.
    public func feasibleThreeMonthRange(vix: Double, threeMonth: VIXFormula) -> ClosedRange<Double>? {
        let y = (vix / 100) * (vix / 100) - b
        guard y >= 0, a2 > 0 else { return nil }
        let onFirst = threeMonth.vix(variance: y / a), onSecond = threeMonth.vix(variance: 0, secondVariance: y / a2)
        return min(onFirst, onSecond)...max(onFirst, onSecond)
    }
}

extension GaussLegendre {
    /// The 24-point rule, built once.
    static let order24 = GaussLegendre(order: 24)
    /// The 8-point rule, built once.
    static let order8 = GaussLegendre(order: 8)
}
