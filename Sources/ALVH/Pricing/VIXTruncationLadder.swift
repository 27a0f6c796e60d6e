import Foundation

/// The COS truncation ranges of the density of `Y_T = A_1 v1_T + A_2 v2_T` for a grid of states, as a geometric ladder
/// `b_m = b_0 1.6^m`, so that a table over many states computes the payoff integrals and the state-free transform
/// coefficients once per rung rather than once per state (`VIXTable`, `VIXOptionSurface`).
///
/// A state needs `b >= E[Y_T] + L sd[Y_T]` (L = `COSSettings.truncation`) and at least one exponential variance jump
/// of 30 means beyond the mean (as `VIXPricer.upperBound`). For an affine model `Var[Y_T] = c0 + c1 v1 + c2 v2` exactly,
/// so it is evaluated at three states and interpolated; `E[Y_T]` comes from the exact mean dynamics.
struct VIXTruncationLadder: Sendable {
    let formula: VIXFormula
    let dynamics: MeasureDynamics
    let years: Double
    let truncation: Double
    let baseVariance: Double
    let slope1: Double
    let slope2: Double
    let jumpReach: Double
    /// `b_0`, the range of the zero state.
    private(set) var smallest = 0.0

    init(pricer: VIXPricer, years tau: Double) {
        formula = pricer.formula
        dynamics = pricer.transform.dynamics
        years = tau
        truncation = pricer.settings.truncation
        let formula = pricer.formula
        let moments = { (v: Double, v2: Double) in
            pricer.transform.moments(loadings: formula.a, formula.a2, variance: v, secondVariance: v2, years: tau)
        }
        let base = moments(0, 0)
        baseVariance = base.variance
        slope1 = moments(1, 0).variance - base.variance
        slope2 = dynamics.isTwoFactor ? moments(0, 1).variance - base.variance : 0
        jumpReach = dynamics.jumps.map { $0.varianceJumpMean > 0 ? 30 * formula.a * $0.varianceJumpMean : 0 } ?? 0
        smallest = upperBound(0, 0)
    }

    /// The range the state `(v1, v2)` needs.
    func upperBound(_ v: Double, _ v2: Double) -> Double {
        let m = dynamics.expectedVariances(initial: v, v2, years: years)
        let mean = formula.a * m.first + formula.a2 * m.second
        let sd = max(baseVariance + slope1 * v + slope2 * v2, 0).squareRoot()
        return max(mean + truncation * sd, mean + jumpReach, 1e-6 * formula.a)
    }

    /// The lowest rung whose range covers the state.
    func rung(_ v: Double, _ v2: Double) -> Int {
        max(0, Int((log(upperBound(v, v2) / smallest) / log(1.6)).rounded(.up)))
    }

    /// The range of rung `m`.
    func upper(rung m: Int) -> Double { smallest * pow(1.6, Double(m)) }
}
