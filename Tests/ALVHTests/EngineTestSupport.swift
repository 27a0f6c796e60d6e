import Foundation
import Testing
@testable import ALVH

/// Terminal states of a run, for tests that check moments against closed forms.
struct TerminalStates {
    let logSpot: [Double]
    let variance: [Double]
    let secondVariance: [Double]
    let sums: [[Double]]
    let truncated: Int
}

func simulateTerminal(_ model: MarketModel, _ settings: PathSimulationSettings, start: PathStartStates? = nil) throws -> TerminalStates {
    let engine = try PathEngine(model: model, settings: settings, start: start)
    let observer = PathSummaryObserver(paths: settings.paths, vix: model.vixFormula)
    let truncated = try engine.run(observer)
    typealias C = PathSummaryObserver.Column
    return TerminalStates(logSpot: observer.columns.array(C.logSpot.rawValue),
                          variance: observer.columns.array(C.variance.rawValue),
                          secondVariance: observer.columns.array(C.secondVariance.rawValue),
                          sums: (0..<5).map { observer.columns.array(C.sumS.rawValue + $0) },
                          truncated: truncated)
}

enum TestMarkets {
    /// configs/markets/illustrative.yaml: the one-factor SVCJ market that was the embedded default before the
    /// calibrated two-factor one; the tests written for it keep it.
    static func illustrative() -> MarketModel { illustrativeMarket }

    private static let illustrativeMarket: MarketModel = {
        do {
            return try MarketModel.load(path: ConfigTests.root.appendingPathComponent("configs/markets/illustrative.yaml").path)
        } catch {
            preconditionFailure("configs/markets/illustrative.yaml does not load: \(error)")
        }
    }()

    static func heston() -> MarketModel {
        let q = MeasureDynamics(totalReturnDrift: 0.04, dividendYield: 0.013,
                                heston: HestonParameters(kappa: 1.15, theta: 0.04, sigma: 0.39, rho: -0.64), jumps: nil)
        return MarketModel(spot: 5900, rate: 0.04, dividendYield: 0.013, initialVariance: 0.03, riskNeutral: q)
    }

    /// SVCJ with visible jumps (lambda = 2 per year) so that a one-year test sees thousands of them.
    static func svcj() -> MarketModel {
        let jumps = JumpParameters(intensity: 2, meanLogJump: -0.05, logJumpVolatility: 0.04,
                                   varianceJumpMean: 0.03, correlation: -0.5)
        let q = MeasureDynamics(totalReturnDrift: 0.04, dividendYield: 0.013,
                                heston: HestonParameters(kappa: 3, theta: 0.03, sigma: 0.4, rho: -0.7), jumps: jumps)
        var p = q
        p.totalReturnDrift = 0.08
        p.heston.kappa = 4
        p.heston.theta = 0.025
        p.jumps!.intensity = 1
        return MarketModel(spot: 5900, rate: 0.04, dividendYield: 0.013, initialVariance: 0.02, riskNeutral: q, realWorld: p)
    }
}

/// The one check that a fast kernel agrees with its readable reference: `|fast - reference| <= tolerance *
/// max(scale, |reference|)`, NaN only where the reference is NaN. `tolerance` is the rounding bound the kernel's
/// doc comment states (a different summation order), `scale` the size below which the bound is absolute.
func expectAgreesWithReference(_ fast: Double, _ reference: Double, tolerance: Double, scale: Double = 1,
                               _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
    if reference.isNaN {
        #expect(fast.isNaN, comment, sourceLocation: sourceLocation)
        return
    }
    #expect(abs(fast - reference) <= tolerance * max(scale, abs(reference)), "\(comment): \(fast) vs \(reference)",
            sourceLocation: sourceLocation)
}

/// `expectAgreesWithReference` for a whole kernel output: the same count, and the element that differs most within
/// the bound (every element, then); `label(i)` names element `i` in the failure.
func expectAgreesWithReference(_ fast: [Double], _ reference: [Double], tolerance: Double, scale: Double = 1,
                               label: (Int) -> String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(fast.count == reference.count, "\(fast.count) values vs \(reference.count)", sourceLocation: sourceLocation)
    let n = min(fast.count, reference.count)
    guard n > 0 else { return }
    var i = 0, worst = -1.0
    for k in 0..<n {
        let d = abs(fast[k] - reference[k])
        if d > worst || d.isNaN { (i, worst) = (k, d.isNaN ? .infinity : d) }
    }
    expectAgreesWithReference(fast[i], reference[i], tolerance: tolerance, scale: scale, Comment(rawValue: label(i)),
                              sourceLocation: sourceLocation)
}
