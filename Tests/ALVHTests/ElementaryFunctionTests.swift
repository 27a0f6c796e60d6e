import Foundation
import Numerics
import Testing
@testable import ALVH

/// The vectorisable elementary functions (`Math/Exponential.swift`, `SineCosine.swift`, `ComplexExponential.swift`)
/// against glibc, on random inputs from fixed Philox streams and at their edge cases.
@Suite("Vectorisable exp, expm1, sin/cos and complex exp against glibc")
struct ElementaryFunctionTests {
    /// `count` uniforms in [0, 1) from a fixed stream.
    static func uniforms(seed: UInt32, count: Int) -> [Double] {
        var g = Philox4x32(seed: UInt64(seed))
        return (0..<count).map { k in
            let w = g.block(UInt32(k), seed, 1, 2)
            return Double(UInt64(w.0) << 21 ^ UInt64(w.1)) * 0x1p-53
        }
    }

    @Test("exponentialMinusOne is within 2 ulp of glibc's expm1, with its edge cases")
    func exponentialMinusOneAgainstLibm() {
        var g = Philox4x32(seed: 11)
        var worst = 0.0, worstAt = 0.0
        for k in 0..<300_000 {
            let w = g.block(UInt32(k), 5, 6, 7)
            // Random sign, magnitude from 1e-300 to 700 (log-uniform), and dense around the ends of the reduced range.
            let magnitude = k % 3 == 0 ? 0.3 + 0.1 * Double(w.2) * 0x1p-32 : pow(10, -300 + 302.845 * Double(w.1) * 0x1p-32)
            let x = (w.0 & 1 == 0 ? 1 : -1) * magnitude
            let exact = expm1(x)
            let ulps = abs(exponentialMinusOne(x) - exact) / exact.ulp
            if ulps > worst { (worst, worstAt) = (ulps, x) }
            g = Philox4x32(key0: g.key0 &+ 1, key1: g.key1)
        }
        #expect(worst <= 2, "worst error \(worst) ulp at x = \(worstAt)")
        for x in [0.0, -0.0, 1e-310, -1e-310, -40, -41, -1000, -Double.infinity, 709, 709.78, 0.34657359027997264, -0.34657359027997264] {
            #expect(abs(exponentialMinusOne(x) - expm1(x)) <= 2 * expm1(x).ulp, "x = \(x)")
            #expect(exponentialMinusOne(x).sign == expm1(x).sign, "sign at x = \(x)")
        }
        #expect(exponentialMinusOne(710) == .infinity && exponentialMinusOne(.infinity) == .infinity)
        #expect(exponentialMinusOne(.nan).isNaN)
    }

    @Test("exponential is within 1 ulp of glibc's exp over the normal range, with its edge cases")
    func exponentialAgainstLibm() {
        var worst = 0.0, worstAt = 0.0
        for u in ElementaryFunctionTests.uniforms(seed: 21, count: 300_000) {
            let x = -708 + 1417.7 * u   // results from the smallest normal to near the largest double
            let exact = exp(x)
            let ulps = abs(exponential(x) - exact) / exact.ulp
            if ulps > worst { (worst, worstAt) = (ulps, x) }
        }
        #expect(worst <= 1, "worst error \(worst) ulp at x = \(worstAt)")
        for x in [0.0, -0.0, 1e-300, -1e-300, 1, -1, 0.34657359027997264, -708.5, -745.1, -746, -1000, 709.78, -Double.infinity] {
            #expect(abs(exponential(x) - exp(x)) <= exp(x).ulp, "x = \(x)")
        }
        #expect(exponential(709.79) == .infinity && exponential(.infinity) == .infinity && exponential(.nan).isNaN)
    }

    @Test("sineCosine is within 2 ulp of glibc for |y| <= 3 and within 2^-52 absolute to |y| = 1e6")
    func sineCosineAgainstLibm() {
        var worstUlps = 0.0, worstAbsolute = 0.0, at = 0.0
        for (k, u) in ElementaryFunctionTests.uniforms(seed: 22, count: 400_000).enumerated() {
            let range = [3.0, 1e2, 1e4, 1e6][k % 4]
            let y = (2 * u - 1) * range
            let (s, c) = sineCosine(y)
            let absolute = max(abs(s - sin(y)), abs(c - cos(y)))
            if absolute > worstAbsolute { (worstAbsolute, at) = (absolute, y) }
            if range == 3 { worstUlps = max(worstUlps, abs(s - sin(y)) / sin(y).ulp, abs(c - cos(y)) / cos(y).ulp) }
        }
        #expect(worstUlps <= 2, "worst error \(worstUlps) ulp for |y| <= 3")
        #expect(worstAbsolute <= 0x1p-52, "worst absolute error \(worstAbsolute) at y = \(at)")
        for y in [0.0, -0.0, Double.pi / 4, Double.pi / 2, Double.pi, -Double.pi / 2, 1e-300, 5e5] {
            let (s, c) = sineCosine(y)
            #expect(abs(s - sin(y)) <= max(2 * sin(y).ulp, 0x1p-60) && abs(c - cos(y)) <= 2 * cos(y).ulp, "y = \(y)")
        }
        #expect(sineCosine(.nan).sin.isNaN && sineCosine(.infinity).cos.isNaN)
    }

    @Test("complexExponentials agree with Complex.exp within 2^-51 of the modulus, and equal it outside their ranges")
    func complexExponentialsAgainstNumerics() {
        let u = ElementaryFunctionTests.uniforms(seed: 23, count: 40_000)
        var re = (0..<20_000).map { -60 + 62 * u[2 * $0] }, im = (0..<20_000).map { (2 * u[2 * $0 + 1] - 1) * 2e4 }
        let special: [(Double, Double)] = [(0, 2e6), (-3, -1e7), (701, 0.5), (750, 1), (.nan, 1), (1, .nan), (-.infinity, 1),
                                           (.infinity, 0), (-800, 3), (0, 0)]
        re += special.map(\.0)
        im += special.map(\.1)
        var outRe = [Double](repeating: 0, count: re.count), outIm = outRe
        re.withUnsafeBufferPointer { r in im.withUnsafeBufferPointer { m in
        outRe.withUnsafeMutableBufferPointer { a in outIm.withUnsafeMutableBufferPointer { b in
            complexExponentials(re: r.baseAddress!, im: m.baseAddress!, count: re.count, intoRe: a.baseAddress!, intoIm: b.baseAddress!)
        }}}}
        var worst = 0.0
        for i in 0..<20_000 {
            let e = Complex.exp(Complex(re[i], im[i])), modulus = exp(re[i])
            worst = max(worst, abs(outRe[i] - e.real) / modulus, abs(outIm[i] - e.imaginary) / modulus)
        }
        // Each part: e^x within 1 ulp and cos/sin within 2^-52 here, one product rounding, and Complex.exp has its own.
        #expect(worst <= 0x1p-51, "worst error \(worst) of the modulus")
        for i in 20_000..<re.count {
            let e = Complex.exp(Complex(re[i], im[i]))
            #expect(outRe[i].bitPattern == e.real.bitPattern && outIm[i].bitPattern == e.imaginary.bitPattern
                    || (outRe[i].isNaN && e.real.isNaN && outIm[i].isNaN && e.imaginary.isNaN),
                    "z = \(re[i]) + \(im[i]) i: \(outRe[i]), \(outIm[i]) vs \(e.real), \(e.imaginary)")
        }
    }
}
