import Foundation
import Testing
@testable import ALVH

/// The vectorised steppers against their readable one-path-at-a-time references (same draws; the fast ones use
/// `naturalLogarithm` and the block inverse normal, so they agree to rounding, not bit for bit).
@Suite("Fast steppers against the readable references")
struct StepperReferenceTests {
    /// A block whose paths start at very different variances, so both QE branches and Euler's truncation are hit.
    static func block(_ count: Int, first: Int, driverCount: Int = 2) -> PathBlock {
        let b = PathBlock(capacity: count, driverCount: driverCount)
        b.reset(firstPath: first, count: count, logSpot: log(5900), variance: 0)
        for i in 0..<count { b.variance[i] = [0, 1e-6, 0.002, 0.04, 0.3, -0.001][i % 6] * (1 + Double(i % 7) / 10) }
        return b
    }

    static func compare(_ a: PathBlock, _ b: PathBlock, tolerance: Double) {
        for i in 0..<a.count {
            expectAgreesWithReference(a.logSpot[i], b.logSpot[i], tolerance: tolerance, scale: 0, "path \(i): x")
            expectAgreesWithReference(a.variance[i], b.variance[i], tolerance: tolerance, scale: 1e-4, "path \(i): v")
        }
    }

    @Test("QE (both branches, with and without the martingale correction, with jumps) over 20 steps",
          arguments: [true, false], ["heston", "svcj"])
    func quadraticExponential(corrected: Bool, market: String) {
        let model = market == "heston" ? TestMarkets.heston() : TestMarkets.svcj()
        let stepper = QuadraticExponentialStepper(dynamics: model.riskNeutral, dt: 1.0 / 252, stream: PathRandomStream(seed: 8),
                                                  martingaleCorrection: corrected)
        let fast = StepperReferenceTests.block(301, first: 1000), reference = StepperReferenceTests.block(301, first: 1000)
        for i in 0..<301 where fast.variance[i] < 0 { fast.variance[i] = 0; reference.variance[i] = 0 }   // QE keeps v >= 0
        for step in 0..<20 {
            stepper.advance(fast, step: step)
            stepper.advanceReference(reference, step: step)
        }
        StepperReferenceTests.compare(fast, reference, tolerance: 1e-11)
    }

    @Test("Euler (correlation in the step's loop vs DriverCorrelation.correlate, truncation count) over 20 steps", arguments: ["heston", "svcj"])
    func euler(market: String) throws {
        let model = market == "heston" ? TestMarkets.heston() : TestMarkets.svcj()
        let rho = model.riskNeutral.heston.rho
        let correlation = DriverCorrelation(factor: try Matrix([[1, rho], [rho, 1]]).choleskyLower())
        // The factor's rows are the textbook ones: W_v = Z_0, W_S = rho Z_0 + sqrt(1 - rho^2) Z_1.
        #expect(correlation[0, 0] == 1 && correlation[0, 1] == 0 && correlation[1, 0] == rho)
        expectAgreesWithReference(correlation[1, 1], (1 - rho * rho).squareRoot(), tolerance: 1e-15, scale: 0, "sqrt(1 - rho^2)")
        let stepper = EulerStepper(dynamics: model.riskNeutral, dt: 1.0 / 252, stream: PathRandomStream(seed: 9), correlation: correlation)
        let fast = StepperReferenceTests.block(301, first: 77), reference = StepperReferenceTests.block(301, first: 77)
        for step in 0..<20 {
            stepper.advance(fast, step: step)
            stepper.advanceReference(reference, step: step)
        }
        StepperReferenceTests.compare(fast, reference, tolerance: 1e-11)
        #expect(fast.truncatedSteps == reference.truncatedSteps && fast.truncatedSteps > 0)
    }
}

extension StepperReferenceTests {
    /// Two-factor blocks: both factors start spread over their range, so QE's branches, Euler's truncation and the
    /// state-dependent jump rate (`configs/markets/two-factor.yaml`, lambda_1 = 9.9; jumps made frequent here) are hit.
    static func twoFactorBlock(_ count: Int, first: Int) -> PathBlock {
        let b = block(count, first: first, driverCount: 4)
        for i in 0..<count { b.secondVariance[i] = [0, 0.005, 0.02, 0.08, -0.0005][i % 5] * (1 + Double(i % 3) / 10) }
        return b
    }

    static func frequentJumps() throws -> MeasureDynamics {
        var q = try TwoFactorModelTests.shipped().riskNeutral
        q.jumps!.intensity = 20   // thousands of jumps over the test's path-steps
        return q
    }

    @Test("two-factor QE (with state-dependent jumps) over 20 steps", arguments: [true, false])
    func twoFactorQE(corrected: Bool) throws {
        let q = try StepperReferenceTests.frequentJumps()
        let stepper = TwoFactorQEStepper(dynamics: q, dt: 1.0 / 252, stream: PathRandomStream(seed: 21), martingaleCorrection: corrected)
        let fast = StepperReferenceTests.twoFactorBlock(301, first: 500), reference = StepperReferenceTests.twoFactorBlock(301, first: 500)
        for b in [fast, reference] {
            for i in 0..<301 { b.variance[i] = max(b.variance[i], 0); b.secondVariance[i] = max(b.secondVariance[i], 0) }
        }
        for step in 0..<20 {
            stepper.advance(fast, step: step)
            stepper.advanceReference(reference, step: step)
        }
        StepperReferenceTests.compare(fast, reference, tolerance: 1e-11)
        for i in 0..<301 {
            #expect(abs(fast.secondVariance[i] - reference.secondVariance[i]) <= 1e-11 * max(reference.secondVariance[i], 1e-4), "path \(i): v2")
        }
    }

    @Test("two-factor Euler, block-diagonal and full driver correlation, over 20 steps", arguments: [false, true])
    func twoFactorEuler(full: Bool) throws {
        var q = try StepperReferenceTests.frequentJumps()
        let r1 = q.factors[0].rho, r2 = q.factors[1].rho
        let matrix = full ? Matrix([[1, r1, 0.2, -0.15], [r1, 1, -0.15, 0.2], [0.2, -0.15, 1, r2], [-0.15, 0.2, r2, 1]])
                          : Matrix([[1, r1, 0, 0], [r1, 1, 0, 0], [0, 0, 1, r2], [0, 0, r2, 1]])
        if full { q.driverCorrelation = matrix }
        let stepper = TwoFactorEulerStepper(dynamics: q, dt: 1.0 / 252, stream: PathRandomStream(seed: 22),
                                            correlation: DriverCorrelation(factor: try matrix.choleskyLower()))
        let fast = StepperReferenceTests.twoFactorBlock(301, first: 40), reference = StepperReferenceTests.twoFactorBlock(301, first: 40)
        for step in 0..<20 {
            stepper.advance(fast, step: step)
            stepper.advanceReference(reference, step: step)
        }
        StepperReferenceTests.compare(fast, reference, tolerance: 1e-11)
        for i in 0..<301 {
            #expect(abs(fast.secondVariance[i] - reference.secondVariance[i]) <= 1e-11 * max(abs(reference.secondVariance[i]), 1e-4), "path \(i): v2")
        }
        #expect(fast.truncatedSteps == reference.truncatedSteps && fast.truncatedSteps > 0)
    }

    @Test("QE variance step by branch over a block (stepBlock) against the readable stepReference: both branches, few and many exponential paths, NaN",
          arguments: [(1.4, true), (1.4, false), (0.3, true), (0.3, false)])
    func qeStepBlock(sigma: Double, corrected: Bool) {
        // sigma 1.4: psi > 1.5 on a large share of these states (the block's vector pass); 0.3: on few (the gather).
        let f = QEFactorCoefficients(HestonParameters(kappa: 1.2, theta: 0.04, sigma: sigma, rho: -0.7), dt: 1.0 / 252)
        var rng = SplitMix64(seed: 2026)
        let n = 999
        let v = (0..<n).map { i -> Double in i % 97 == 3 ? .nan : [0, 1e-7, 1e-4, 0.002, 0.04, 0.3][i % 6] * (0.5 + rng.uniform()) }
        let words = (0..<n).map { _ in UInt32(truncatingIfNeeded: rng.next()) }
        // QE draws Z_v = Phi^{-1}(U_v) from the same uniform as the exponential branch, as the reference does.
        let zv = words.map { inverseStandardNormalCDF(openUnitInterval($0)) }
        var next = [Double](repeating: 0, count: n), k0 = next, twoOverPsi = next
        var gathered = [Int32](repeating: 0, count: n)
        f.stepBlock(count: n, variance: v, zv: zv, uvWords: words, corrected: corrected, next: &next, k0: &k0, twoOverPsiScratch: &twoOverPsi,
                    gathered: &gathered)
        var exponential = 0
        for i in 0..<n {
            let r = f.stepReference(variance: v[i], uv: openUnitInterval(words[i]), corrected: corrected)
            // To rounding: the fast form's logarithm is `naturalLogarithm`, the reference's glibc's, and its formulas are
            // rearranged to save divisions (see `stepBlock`).
            expectAgreesWithReference(next[i], r.next, tolerance: 1e-12, scale: 1e-12, "path \(i): v \(v[i]): next")
            // K0* is a sum of terms that cancel (to ~1e-4 here), and it is a log-price increment: bounded absolutely at
            // 1e-15 below |K0| = 1e-3, under the ulp of ln S (1.8e-15 at S = 5900). Measured: 2.2e-16 at most.
            expectAgreesWithReference(k0[i], r.k0, tolerance: 1e-12, scale: 1e-3, "path \(i): v \(v[i]): K0")
            if !(twoOverPsi[i] >= 2 / QuadraticExponentialStepper.criticalPsi) { exponential += 1 }
        }
        if sigma > 1 {
            #expect(exponential * QEFactorCoefficients.gatherLimit > n && exponential < n - 50, "many exponential: \(exponential) of \(n)")
        } else {
            #expect(exponential * QEFactorCoefficients.gatherLimit <= n && exponential > 5, "few exponential: \(exponential) of \(n)")
        }
    }

    @Test("the path summary's per-path sums (r_S, r_V telescoped; squares and cross products day by day) against sums of the recorded daily closes",
          arguments: ["default", "svcj"])
    func pathSummarySums(market: String) throws {
        let model = market == "default" ? MarketModel.embeddedDefault() : TestMarkets.svcj()
        let paths = 37, days = 30
        let settings = PathSimulationSettings(paths: paths, days: days, seed: 5, threads: 2, batchSize: 16)
        let summary = PathSummaryObserver(paths: paths, vix: model.vixFormula)
        let recorder = PathRecorder(count: paths, days: days, vix: model.vixFormula)
        _ = try PathEngine(model: model, settings: settings).run(PairedObserver(first: summary, second: recorder))
        typealias C = PathSummaryObserver.Column
        for p in 0..<paths {
            var sums = [Double](repeating: 0, count: 5)
            for d in 1...days {
                let slot = p * (days + 1) + d
                let rs = log(recorder.columns[0][slot] / recorder.columns[0][slot - 1])
                let rv = log(recorder.columns[1][slot] / recorder.columns[1][slot - 1])
                sums[0] += rs; sums[1] += rv; sums[2] += rs * rs; sums[3] += rv * rv; sums[4] += rs * rv
            }
            // The recorder keeps S = e^x and VIX = 100 sqrt(q), so its log returns carry a few ulp of ln S and ln VIX
            // (about 1e-15 absolute each): 1e-12 relative on sums of 30 returns of 1e-3 and more, 1e-13 absolute below.
            for k in 0..<5 {
                expectAgreesWithReference(summary.columns[C.sumS.rawValue + k][p], sums[k], tolerance: 1e-12, scale: 0.1,
                                          "\(market) path \(p) sum \(k)")
            }
        }
    }
}
