/// Cubic interpolation on uniform grids (Catmull-Rom, i.e. cubic Hermite with central-difference slopes):
/// `C^1`, exact for quadratics, error `O(h^3)` near the grid's ends and `O(h^4)` inside for smooth data (the slopes
/// are second-order). Outside the grid the end cell's cubic is used (clamped to one cell beyond).
public struct UniformAxis: Sendable, Equatable {
    public let lower: Double
    public let step: Double
    public let count: Int
    @usableFromInline let inverseStep: Double

    public init(lower: Double, upper: Double, count: Int) {
        precondition(count >= 4 && upper > lower)
        self.lower = lower
        self.count = count
        step = (upper - lower) / Double(count - 1)
        inverseStep = 1 / step
    }

    public var upper: Double { lower + step * Double(count - 1) }
    public func node(_ i: Int) -> Double { lower + step * Double(i) }

    /// The cell `i` (with `1 <= i <= count - 3`, so that `i - 1 ... i + 2` exist) and the position `t` in it.
    @inlinable @inline(__always)
    func locate(_ x: Double) -> (index: Int, t: Double) {
        // IEEE minimum/maximum map NaN to a bound, so the conversion below never traps (callers return NaN for NaN).
        let position = Double.minimum(Double.maximum((x - lower) * inverseStep, 0), Double(count - 1))
        let cell = Double.minimum(Double.maximum(position.rounded(.down), 1), Double(count - 3))
        return (Int(cell), position - cell)
    }
}

/// Catmull-Rom weights for the four values `f[i-1], f[i], f[i+1], f[i+2]` at position `t` in cell `i`.
@inlinable @inline(__always)
func catmullRomWeights(_ t: Double) -> (Double, Double, Double, Double) {
    let t2 = t * t, t3 = t2 * t
    return (0.5 * (-t3 + 2 * t2 - t),
            0.5 * (3 * t3 - 5 * t2 + 2),
            0.5 * (-3 * t3 + 4 * t2 + t),
            0.5 * (t3 - t2))
}

/// `catmullRomWeights` in Horner form with fused multiply-adds (for the batch look-ups).
@usableFromInline @inline(__always)
func catmullRomWeightsFused(_ t: Double) -> (Double, Double, Double, Double) {
    // 0.5 (-t^3 + 2t^2 - t), 0.5 (3t^3 - 5t^2 + 2), 0.5 (-3t^3 + 4t^2 + t), 0.5 (t^3 - t^2)
    let w0 = t * (-0.5).addingProduct(t, (1.0).addingProduct(t, -0.5))
    let w1 = (1.0).addingProduct(t * t, (-2.5).addingProduct(t, 1.5))
    let w2 = t * (0.5).addingProduct(t, (2.0).addingProduct(t, -1.5))
    let w3 = t * t * (-0.5).addingProduct(t, 0.5)
    return (w0, w1, w2, w3)
}
