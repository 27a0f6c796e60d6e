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
            #expect(abs(a.logSpot[i] - b.logSpot[i]) <= tolerance * abs(b.logSpot[i]), "path \(i): x")
            #expect(abs(a.variance[i] - b.variance[i]) <= tolerance * max(abs(b.variance[i]), 1e-4), "path \(i): v")
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

    @Test("Euler (dgemm correlation vs written-out Cholesky rows, truncation count) over 20 steps", arguments: ["heston", "svcj"])
    func euler(market: String) throws {
        let model = market == "heston" ? TestMarkets.heston() : TestMarkets.svcj()
        let rho = model.riskNeutral.heston.rho
        let correlator = BlockCorrelator(lower: try Matrix([[1, rho], [rho, 1]]).choleskyLower())
        let stepper = EulerStepper(dynamics: model.riskNeutral, dt: 1.0 / 252, stream: PathRandomStream(seed: 9), correlator: correlator)
        let fast = StepperReferenceTests.block(301, first: 77), reference = StepperReferenceTests.block(301, first: 77)
        for step in 0..<20 {
            stepper.advance(fast, step: step)
            stepper.advanceReference(reference, step: step, rho: rho)
        }
        StepperReferenceTests.compare(fast, reference, tolerance: 1e-11)
        #expect(fast.truncatedSteps == reference.truncatedSteps && fast.truncatedSteps > 0)
    }
}
