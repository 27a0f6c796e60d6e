import Foundation
import Testing
@testable import ALVH

@Suite("Normal quantile (AS 241) and logarithm")
struct InverseNormalTests {
    /// Independent oracle: Phi(z) = erfc(-z / sqrt 2) / 2 from glibc.
    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    @Test("Phi(Phi^{-1}(p)) = p to 1e-14 relative, central and tails")
    func roundTrip() {
        var ps: [Double] = [1e-300, 1e-100, 1e-20, 1e-12, 1e-8, 1e-4, 0.01, 0.05, 0.075, 0.0751, 0.2, 0.5, 0.7, 0.925]
        for k in 1...2000 { ps.append(Double(k) / 2001) }
        for p in ps {
            let z = inverseStandardNormalCDF(p)
            // Compare in the smaller tail so that relative error is meaningful: 1 - p loses digits near 1.
            let back = p < 0.5 ? InverseNormalTests.cdf(z) : 1 - InverseNormalTests.cdf(z)
            let target = p < 0.5 ? p : 1 - p
            let tolerance = 1e-14 + 2e-13 * abs(z)   // the oracle's own conditioning grows with |z|
            #expect(abs(back - target) <= tolerance * target, "p = \(p), z = \(z)")
        }
    }

    @Test("known quantiles")
    func knownValues() {
        #expect(inverseStandardNormalCDF(0.5) == 0)
        #expect(abs(inverseStandardNormalCDF(0.975) - 1.959963984540054) < 1e-14)
        #expect(abs(inverseStandardNormalCDF(0.01) + 2.3263478740408408) < 1e-14)
        #expect(inverseStandardNormalCDF(0) == -.infinity)
        #expect(inverseStandardNormalCDF(1) == .infinity)
        #expect(inverseStandardNormalCDF(1.5).isNaN)
    }

    @Test("the block fill equals the scalar reference to 4e-15 relative, whatever the block size and tail pattern")
    func blockMatchesScalar() {
        let stream = PathRandomStream(seed: 42)
        let count = 10_000
        var bits = (0..<count).map { stream.stepBlock(path: $0, step: 0).0 }
        bits += [0, 1, 322_122_546, 322_122_547, 3_972_844_748, 3_972_844_749, .max]
        // Groups of eight that are all tails, none, and alternate (the compaction's masks 255, 0, 0xAA, 0x55).
        bits += [UInt32](repeating: 7, count: 8) + [UInt32](repeating: 1 << 31, count: 8)
            + (0..<16).map { $0 % 2 == 0 ? 1 << 31 : .max - UInt32($0) }
        var block = [Double](repeating: 0, count: bits.count)
        let scratch = InverseNormalScratch(capacity: bits.count)
        bits.withUnsafeBufferPointer { b in block.withUnsafeMutableBufferPointer { z in
            fillInverseStandardNormal(bits: b.baseAddress!, into: z.baseAddress!, count: bits.count, scratch: scratch)
        }}
        for (i, b) in bits.enumerated() {
            let reference = inverseStandardNormalCDF(openUnitInterval(b))
            #expect(abs(block[i] - reference) <= 4e-15 * max(1, abs(reference)), "bits \(b)")
        }
        // Same draws in a smaller block at another offset: bit-identical (no dependence on position or size).
        var small = [Double](repeating: 0, count: 13)
        bits.withUnsafeBufferPointer { b in small.withUnsafeMutableBufferPointer { z in
            fillInverseStandardNormal(bits: b.baseAddress! + 5000, into: z.baseAddress!, count: 13, scratch: scratch)
        }}
        #expect(small == Array(block[5000..<5013]))
    }

    @Test("naturalLogarithm is within 2 ulp of glibc's log over the normal range")
    func logarithm() {
        var g = Philox4x32(seed: 9)
        var worst = 0.0
        for k in 0..<200_000 {
            let w = g.block(UInt32(k), 1, 2, 3)
            // Random exponent in [-1000, 1000] and random mantissa.
            let x = (1 + Double(w.0) * 0x1p-32) * pow(2, Double(Int(w.1 % 2001) - 1000))
            let exact = log(x)
            let ulps = abs(naturalLogarithm(x) - exact) / exact.ulp
            worst = max(worst, ulps)
            g = Philox4x32(key0: g.key0 &+ 1, key1: g.key1)
        }
        for x in [1.0, 2.0, 0.5, 1.4142135623730951, 1.4142135623730950, 1 + 1e-12, 1 - 1e-12, 0x1p-33, 1 - 0x1p-33] {
            let exact = log(x)
            #expect(abs(naturalLogarithm(x) - exact) <= 2 * max(exact.ulp, Double.leastNormalMagnitude), "x = \(x)")
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }
}
