import Foundation

/// What a stress scenario does to every path while the engine runs: shocks at the close of given trading days and
/// other real-world dynamics over windows of days. Built from a `StressScenario` for one market
/// (`StressScenario.pathScenario(model:)`); the engine applies it (`PathEngine(scenario:)`).
///
/// A shock on day `d` acts after the day's step and before any observer sees the close, so the books mark, settle
/// and trade on the shocked state and day `d + 1` starts from it. Draws are unchanged: path `p` is driven by the same
/// numbers with or without a scenario.
struct PathScenario: Sendable {
    /// One day's shock, already in the model's terms.
    struct Shock: Sendable {
        let day: Int
        /// `ln(1 + jump)` added to `ln S` (0: none).
        let logSpotJump: Double
        let vix: VIXMove?
    }

    enum VIXMove: Sendable, Equatable {
        case level(Double)
        case points(Double)
    }

    let shocks: [Shock]
    /// Per trading day (index 0 = day 1): which window's dynamics step that day (-1: the market's own).
    let windowOfDay: [Int]
    /// The dynamics of each window (the run's measure with the overrides).
    let windowDynamics: [MeasureDynamics]
    /// The market's VIX map (Q): a VIX move becomes a factor move through it.
    let formula: VIXFormula

    /// The shocks of `day` applied to every path of `block`.
    func applyShocks(_ block: PathBlock, day: Int) {
        for shock in shocks where shock.day == day {
            if shock.logSpotJump != 0 {
                for i in 0..<block.count { block.logSpot[i] += shock.logSpotJump }
            }
            if let move = shock.vix {
                for i in 0..<block.count {
                    let now = formula.vix(variance: block.variance[i], secondVariance: block.secondVariance[i])
                    let target: Double
                    switch move {
                    case .level(let l): target = l
                    case .points(let p): target = now + p
                    }
                    let (v1, v2) = PathScenario.factors(forVIX: target, secondVariance: block.secondVariance[i], formula: formula)
                    block.variance[i] = v1
                    block.secondVariance[i] = v2
                }
            }
        }
    }

    /// The factor variances that give `vix`: the change goes to the first (fast) factor with the second kept, as a
    /// spike would; when even `v1 = 0` leaves the VIX too high, `v1 = 0` and the second factor falls to fit; below the
    /// model's floor `100 sqrt(B)`, both factors 0 (the lowest VIX the model has).
    static func factors(forVIX vix: Double, secondVariance v2: Double, formula: VIXFormula) -> (Double, Double) {
        if let v1 = formula.variance(vix: vix, secondVariance: v2) { return (v1, v2) }
        guard formula.a2 > 0 else { return (0, 0) }
        let y = (vix / 100) * (vix / 100) - formula.b
        return (0, max(y / formula.a2, 0))
    }

    var hasWindows: Bool { !windowDynamics.isEmpty }
}

/// A stepper that uses another scheme instance (the same scheme, other dynamics) on the days of scenario windows.
struct ScheduledStepper<Base: PathStepper>: PathStepper {
    let base: Base
    let windows: [Base]
    /// Per day (0-based), the window index or -1.
    let windowOfDay: [Int]
    let stepsPerDay: Int

    var driverCount: Int { base.driverCount }

    func advance(_ block: PathBlock, step: Int) {
        let day = step / stepsPerDay
        if step < PathEngine.warmUpStepBase, day < windowOfDay.count, windowOfDay[day] >= 0 {
            windows[windowOfDay[day]].advance(block, step: step)
        } else {
            base.advance(block, step: step)
        }
    }
}
