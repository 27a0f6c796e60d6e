import Foundation
import Numerics

/// The affine jump-diffusion under one measure (DESIGN section 2), with one or two square-root variance factors and a
/// jump intensity that may rise with the total variance `V = v1 (+ v2)`:
///
///     dx   = (mu_t - q - lambda_t mbar - V/2) dt + sqrt(v1) dB_1 [+ sqrt(v2) dB_2] + J_S dN,   x = ln S
///     mu_t = mu + eta (V_t - Vbar)
///     dv_i = kappa_i (theta_i - v_i) dt + sigma_i sqrt(v_i) dW_i + (i = 1) J_v dN,   d<B_i, W_i> = rho_i dt
///     lambda_t = lambda_0 + lambda_1 V_t
///
/// `mu` is the expected total return (price plus dividends): `r` under Q, `equity_drift` under P. `eta` (P only,
/// `real_world.equity_premium_per_variance`; 0 under Q) makes the expected return rise with the variance, the
/// risk-return trade-off of Merton (1980) in the `eta V` form of Heston (1993) and Pan (2002); `Vbar` is the
/// stationary mean of `V` under the same measure (`stationaryMeanVariances`), so `mu` stays the long-run average
/// expected return whatever `eta` is. Factor 1 is the fast
/// one and carries the variance jumps; factor 2 the slow one. One factor with `lambda_1 = 0` is the SVCJ model of
/// Duffie, Pan & Singleton (2000); two factors without jumps the double Heston model of Christoffersen, Heston &
/// Jacobs (2009). All other driver correlations are 0 unless `driverCorrelation` gives the full matrix.
public struct MeasureDynamics: Sendable, Equatable {
    public var totalReturnDrift: Double
    public var dividendYield: Double
    /// One or two variance factors; the first is the fast one and carries the variance jumps.
    public var factors: [HestonParameters]
    /// `nil`: no jumps.
    public var jumps: JumpParameters?
    /// The full correlation of the drivers `[W_1, B_1, W_2, B_2]` (two factors) when the YAML gives one; `nil`:
    /// block-diagonal, `rho_i` within each factor and 0 across factors.
    public var driverCorrelation: Matrix?
    /// `eta`: extra expected total return per unit of variance above its stationary mean (per year per unit of
    /// annualised variance; P only, 0 under Q). 0: a constant expected return.
    public var equityPremiumPerVariance: Double = 0
    /// `Vbar`, the premium's zero point, when pinned: nil uses this measure's own stationary mean of `V`. A stress
    /// window pins it to the unstressed market's, so that shocking `kappa`, `theta` or the jump rate does not move
    /// the expected return the premium is measured from.
    public var premiumReferenceVariance: Double?

    public init(totalReturnDrift: Double, dividendYield: Double, heston: HestonParameters, jumps: JumpParameters?) {
        self.init(totalReturnDrift: totalReturnDrift, dividendYield: dividendYield, factors: [heston], jumps: jumps)
    }

    public init(totalReturnDrift: Double, dividendYield: Double, factors: [HestonParameters], jumps: JumpParameters?,
                driverCorrelation: Matrix? = nil) {
        precondition(factors.count == 1 || factors.count == 2, "one or two variance factors")
        self.totalReturnDrift = totalReturnDrift
        self.dividendYield = dividendYield
        self.factors = factors
        self.jumps = jumps
        self.driverCorrelation = driverCorrelation
    }

    /// The first (fast) factor; the only one in the one-factor form.
    public var heston: HestonParameters {
        get { factors[0] }
        set { factors[0] = newValue }
    }

    /// The second (slow) factor, if any.
    public var secondFactor: HestonParameters? { factors.count > 1 ? factors[1] : nil }

    public var isTwoFactor: Bool { factors.count > 1 }

    /// Drift of `ln S` before the variance terms: `mu - eta Vbar - q - lambda_0 mbar`. With `lambda_t = lambda_0 +
    /// lambda_1 V` the full drift is `logPriceDrift - varianceDriftLoading V`, so that `E[S_t] = S_0 e^{(mu - q) t}`
    /// when `eta = 0` (otherwise `expectedPriceGrowth`).
    public var logPriceDrift: Double {
        let premiumOffset = equityPremiumPerVariance == 0 ? 0 : equityPremiumPerVariance * (premiumReferenceVariance ?? stationaryMeanTotalVariance)
        return totalReturnDrift - premiumOffset - dividendYield - (jumps.map { $0.intensity * $0.compensator } ?? 0)
    }

    /// `1/2 + lambda_1 mbar - eta`: the coefficient of `-V` in the drift of `ln S` (exactly 1/2 without
    /// state-dependent jumps or equity premium).
    public var varianceDriftLoading: Double { 0.5 + excessVarianceDriftLoading }

    /// `lambda_1 mbar - eta`: the loading beyond `1/2` (0 for a constant jump rate and expected return; the QE
    /// steppers and the transforms add it to the `1/2` that their own formulas carry).
    public var excessVarianceDriftLoading: Double { jumpCompensatorPerVariance - equityPremiumPerVariance }

    /// `lambda_1 mbar`: the state-dependent part of the jump compensator per unit of variance.
    public var jumpCompensatorPerVariance: Double { jumps.map { $0.intensityPerVariance * $0.compensator } ?? 0 }

    /// `Vbar = E[v1] + E[v2]` in the stationary state (`stationaryMeanVariances`).
    public var stationaryMeanTotalVariance: Double {
        let m = stationaryMeanVariances
        return m.first + m.second
    }

    /// `E[S_t / S_0]` from variances `(v1, v2)` now (`t` in years): `e^{(mu - q) t}` when `eta = 0` (the jump and
    /// variance terms are compensated); otherwise `exp(A + B_1 v1 + B_2 v2)`, the transform of the log return at
    /// `z = 1` (`AffineRiccatiSolver`), since `E[e^{eta int V dt}]` then depends on the path of the variance.
    public func expectedPriceGrowth(variances v1: Double, _ v2: Double = 0, years t: Double) -> Double {
        expectedPriceGrowth(years: t)(v1, v2)
    }

    /// `(v1, v2) -> E[S_t / S_0]` as above, the transform solved once for the horizon `t` (years).
    public func expectedPriceGrowth(years t: Double) -> @Sendable (Double, Double) -> Double {
        guard equityPremiumPerVariance != 0 else {
            let growth = exp((totalReturnDrift - dividendYield) * t)
            return { _, _ in growth }
        }
        let c = AffineRiccatiSolver(dynamics: self).coefficients(z: Complex(1), w: .zero, w2: .zero, years: t)
        let (a, b1, b2) = (c.a.real, c.b.real, c.b2.real)
        return { v1, v2 in exp(a + b1 * v1 + b2 * v2) }
    }

    /// `lambda_1 mu_v`: how much the variance jumps slow the fast factor's mean reversion.
    var jumpFeedback: Double { jumps.map { $0.intensityPerVariance * $0.varianceJumpMean } ?? 0 }

    /// `kappa_1 - lambda_1 mu_v`: the fast factor's effective mean-reversion speed once the variance jumps (whose
    /// rate rises with `V`) are counted in its drift. Must be positive (checked at load) for a stationary variance.
    public var effectiveFastKappa: Double { factors[0].kappa - jumpFeedback }

    /// `theta* = theta + lambda mu_v / kappa`: the long-run mean of `v` including variance jumps (one factor).
    /// With two factors or `lambda_1 > 0` see `stationaryMeanVariances`.
    public var longRunVariance: Double { stationaryMeanVariances.first }

    /// The long-run means `(E[v1], E[v2])`, from `d E[v] / dt = 0` in the mean equations of `expectedVariances`:
    /// `m2* = theta_2`, `m1* = theta_1 + (lambda_0 mu_v + lambda_1 mu_v (theta_1 + theta_2)) / (kappa_1 - lambda_1 mu_v)`
    /// (for one factor, `lambda_1 = 0`: `theta + lambda mu_v / kappa`).
    public var stationaryMeanVariances: (first: Double, second: Double) {
        let theta2 = secondFactor?.theta ?? 0
        let kappaE = effectiveFastKappa
        let muV = jumps?.varianceJumpMean ?? 0, lambda0 = jumps?.intensity ?? 0
        let first = factors[0].theta + (lambda0 * muV + jumpFeedback * (factors[0].theta + theta2)) / kappaE
        return (first, theta2)
    }

    /// `E[v1_t], E[v2_t]` given `(v1, v2)` now, `t` in years (exact for this affine model):
    ///
    ///     d m2/dt = kappa_2 (theta_2 - m2)
    ///     d m1/dt = kappa_1 (theta_1 - m1) + mu_v (lambda_0 + lambda_1 (m1 + m2))
    ///
    /// so `m2 = m2* + (v2 - m2*) e^{-kappa_2 t}` and, with `k = kappa_1 - lambda_1 mu_v`,
    /// `m1 = m1* + (v1 - m1*) e^{-k t} + lambda_1 mu_v (v2 - theta_2) (e^{-kappa_2 t} - e^{-k t}) / (k - kappa_2)`.
    public func expectedVariances(initial v1: Double, _ v2: Double = 0, years t: Double) -> (first: Double, second: Double) {
        let (m1, m2) = stationaryMeanVariances
        let k = effectiveFastKappa
        var first = m1 + (v1 - m1) * exp(-k * t)
        var second = 0.0
        if let f2 = secondFactor {
            second = m2 + (v2 - m2) * exp(-f2.kappa * t)
            let feedback = jumpFeedback
            if feedback != 0 {
                first += feedback * (v2 - m2) * MeasureDynamics.exponentialDifference(f2.kappa, k, t)
            }
        }
        return (first, second)
    }

    /// `E[v_t | v_0]` of the first factor (one factor: exact for the SVCJ variance; `t` in years).
    public func expectedVariance(initial v0: Double, years t: Double) -> Double {
        expectedVariances(initial: v0, 0, years: t).first
    }

    /// `(e^{-a t} - e^{-b t}) / (b - a)`, continuous at `a = b` (`t e^{-a t}`).
    static func exponentialDifference(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let d = b - a
        if abs(d * t) < 1e-6 { return t * exp(-a * t) * (1 - 0.5 * d * t) }
        return exp(-a * t) * -expm1(-d * t) / d
    }
}
