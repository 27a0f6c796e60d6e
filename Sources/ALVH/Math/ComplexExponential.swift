import Numerics

/// `e^{z_i}` for `count` complex numbers `z_i = re[i] + i im[i]`, into `outRe[i] + i outIm[i]`: the factor columns of
/// the COS weights (`DensityStateWeights`). One vectorised pass, `e^{re} cos(im)` and `e^{re} sin(im)` with
/// `exponential` and `sineCosine`, then `Complex.exp` (swift-numerics, glibc underneath) again for the inputs outside
/// their ranges (`|im| > 1e6`, `re > 700`, or not finite: none in the tables' columns so far). A result that is not
/// finite is stored as NaN in both parts, as `Complex.real` and `.imaginary` give it. Agrees with `Complex.exp` within
/// `2^-51` of the modulus per part (tested; measured 1.9 x 2^-52), not bit for bit. The outputs must not overlap the
/// inputs (the second pass reads them).
func complexExponentials(re: UnsafePointer<Double>, im: UnsafePointer<Double>, count: Int,
                         intoRe outRe: UnsafeMutablePointer<Double>, intoIm outIm: UnsafeMutablePointer<Double>) {
    @inline(__always) func inside(_ x: Double, _ y: Double) -> Bool {
        (y.magnitude <= 1e6) && (x <= 700) && (x >= -.greatestFiniteMagnitude)
    }
    // Two loops: a count of the inputs outside, kept in the first, stops it from vectorising.
    for i in 0..<count {
        let e = exponential(re[i]), (s, c) = sineCosine(im[i])
        outRe[i] = e * c
        outIm[i] = e * s
    }
    for i in 0..<count where !inside(re[i], im[i]) {
        let e = Complex.exp(Complex(re[i], im[i]))
        outRe[i] = e.real
        outIm[i] = e.imaginary
    }
}
