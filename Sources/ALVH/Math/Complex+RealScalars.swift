import Numerics

/// Mixed complex-real arithmetic, which swift-numerics leaves out (it offers `multiplied(by:)` and `divided(by:)`).
/// Internal to ALVH: they keep the transform formulas close to the papers.
extension Complex where RealType == Double {
    @inlinable static func * (z: Complex, a: Double) -> Complex { z.multiplied(by: a) }
    @inlinable static func * (a: Double, z: Complex) -> Complex { z.multiplied(by: a) }
    @inlinable static func / (z: Complex, a: Double) -> Complex { z.divided(by: a) }
    @inlinable static func + (z: Complex, a: Double) -> Complex { Complex(z.real + a, z.imaginary) }
    @inlinable static func + (a: Double, z: Complex) -> Complex { Complex(a + z.real, z.imaginary) }
    @inlinable static func - (z: Complex, a: Double) -> Complex { Complex(z.real - a, z.imaginary) }
    @inlinable static func - (a: Double, z: Complex) -> Complex { Complex(a - z.real, -z.imaginary) }
}
