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
    @usableFromInline func locate(_ x: Double) -> (index: Int, t: Double) {
        let position = (x - lower) * inverseStep
        let clampedPosition = min(max(position, 0), Double(count - 1))
        let i = min(max(Int(clampedPosition), 1), count - 3)
        return (i, clampedPosition - Double(i))
    }
}

/// Catmull-Rom weights for the four values `f[i-1], f[i], f[i+1], f[i+2]` at position `t` in cell `i`.
@inlinable @inline(__always)
@usableFromInline func catmullRomWeights(_ t: Double) -> (Double, Double, Double, Double) {
    let t2 = t * t, t3 = t2 * t
    return (0.5 * (-t3 + 2 * t2 - t),
            0.5 * (3 * t3 - 5 * t2 + 2),
            0.5 * (-3 * t3 + 4 * t2 + t),
            0.5 * (t3 - t2))
}
