/// Cubic interpolation on uniform grids (Catmull-Rom, i.e. cubic Hermite with central-difference slopes):
/// `C^1`, exact for quadratics, error `O(h^3)` near the grid's ends and `O(h^4)` inside for smooth data (the slopes
/// are second-order). Outside the grid the end cell's cubic is used (clamped to one cell beyond).
public struct UniformAxis: Sendable, Equatable {
    public let lower: Double
    public let step: Double
    public let count: Int
    /// `lower + step (count - 1)`.
    public let upper: Double
    @usableFromInline let inverseStep: Double
    /// `count - 1` and `count - 3` as doubles: the last position and the last cell `locate` gives.
    @usableFromInline let lastPosition: Double
    @usableFromInline let lastCell: Double

    public init(lower: Double, upper: Double, count: Int) {
        precondition(count >= 4 && upper > lower)
        self.lower = lower
        self.count = count
        step = (upper - lower) / Double(count - 1)
        inverseStep = 1 / step
        self.upper = lower + step * Double(count - 1)
        lastPosition = Double(count - 1)
        lastCell = Double(count - 3)
    }

    public func node(_ i: Int) -> Double { lower + step * Double(i) }

    /// The cell `i` (with `1 <= i <= count - 3`, so that `i - 1 ... i + 2` exist) and the position `t` in it:
    ///
    ///     position = min(max((x - lower) / step, 0), count - 1),   i = min(max(floor(position), 1), count - 3),
    ///     t = position - i
    ///
    /// The clamps are comparisons and selects with IEEE `minimum`'s and `maximum`'s results for every input (NaN goes
    /// to 0, so nothing traps; callers return NaN for NaN), and `i` is read off the bits of `i + 2^52` (exact for a
    /// whole number below 2^52): no branches, so the batch look-ups' loops vectorise. Bit for bit
    /// `locateReference` (tested).
    @inlinable @inline(__always)
    func locate(_ x: Double) -> (index: Int, t: Double) { locator.locate(x) }

    /// The four numbers `locate` reads, as a value of their own. A batch loop should take `locator` before the loop
    /// and call its `locate`: an axis that is a parameter or a captured value is read through memory, which the
    /// loop's stores might overwrite as far as the compiler can tell, so it reloads the fields on every path and
    /// does not vectorise the loop (measured on the SPX and VIX batch look-ups' first passes, AVX2: scalar with
    /// branches); the locator's fields are plain local values.
    @usableFromInline @inline(__always)
    var locator: Locator { Locator(lower: lower, inverseStep: inverseStep, lastPosition: lastPosition, lastCell: lastCell) }

    /// `UniformAxis.locate` on copies of the axis's fields (see `locator`).
    @usableFromInline
    struct Locator {
        @usableFromInline let lower: Double, inverseStep: Double, lastPosition: Double, lastCell: Double

        @usableFromInline @inline(__always)
        init(lower: Double, inverseStep: Double, lastPosition: Double, lastCell: Double) {
            self.lower = lower
            self.inverseStep = inverseStep
            self.lastPosition = lastPosition
            self.lastCell = lastCell
        }

        @inlinable @inline(__always)
        func locate(_ x: Double) -> (index: Int, t: Double) {
            let scaled = (x - lower) * inverseStep
            let above = scaled > 0 ? scaled : 0
            let position = above < lastPosition ? above : lastPosition
            let floor = position.rounded(.down)
            let atLeastOne = floor > 1 ? floor : 1
            let cell = atLeastOne < lastCell ? atLeastOne : lastCell
            let bits = (cell + 0x1p52).bitPattern &- (0x1p52 as Double).bitPattern
            return (Int(truncatingIfNeeded: bits), position - cell)
        }
    }

    /// The readable `locate` (IEEE minimum and maximum, a checked conversion).
    func locateReference(_ x: Double) -> (index: Int, t: Double) {
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

/// Four grid rows of four contiguous values each, at `origin + (first + r) stride` doubles for `r = 0...3`, weighted
/// lane-wise, `w.0 row_0 + w.1 row_1 + w.2 row_2 + w.3 row_3` (left to right): the inner step of the production
/// table look-ups, where a row's four neighbours along the first axis are one load.
@inlinable @inline(__always)
func weightedRows(_ origin: UnsafeRawPointer, first: Int, stride: Int, _ w: (Double, Double, Double, Double)) -> SIMD4<Double> {
    @inline(__always) func row(_ r: Int) -> SIMD4<Double> {
        origin.loadUnaligned(fromByteOffset: (first &+ r) &* stride &* MemoryLayout<Double>.stride, as: SIMD4<Double>.self)
    }
    return w.0 * row(0) + w.1 * row(1) + w.2 * row(2) + w.3 * row(3)
}

/// Prefetches (`prefetchForRead`) the row of four doubles at `row`: its first and its last double, as a 32-byte row
/// crosses a cache-line boundary three times in eight. A hint only; it changes no result.
@inline(__always)
func prefetchRow(_ row: UnsafeRawPointer) {
    prefetchForRead(row)
    prefetchForRead(row + 3 * MemoryLayout<Double>.stride)
}

/// Prefetches the four rows `weightedRows(origin, first:, stride:, _)` reads (`prefetchRow` each).
@inline(__always)
func prefetchRows(_ origin: UnsafeRawPointer, first: Int, stride: Int) {
    for r in 0..<4 { prefetchRow(origin + (first &+ r) &* stride &* MemoryLayout<Double>.stride) }
}

/// The four lanes of `weightedRows` weighted along the first axis: `(w.0 l_0 + w.1 l_1) + (w.2 l_2 + w.3 l_3)`.
@inlinable @inline(__always)
func weightedLanes(_ lanes: SIMD4<Double>, _ w: (Double, Double, Double, Double)) -> Double {
    (w.0 * lanes[0] + w.1 * lanes[1]) + (w.2 * lanes[2] + w.3 * lanes[3])
}

/// Stack scratch of the batch table look-ups: for a chunk of up to `size` paths, per axis `a` of the table, each path's
/// cell and its four Catmull-Rom weights, stored by `store` in a first pass (a loop per axis without branches, which
/// vectorises) and read per path in the second (the row loads and sums, whose four lanes along the table's first
/// axis are stored by `storeLanes`); a third pass dots the lanes with the first axis's weights (`dot`).
///
/// Why the lanes go through memory: when the row sums and the final dot are in one expression, the compiler splits
/// the four-lane sums into pairs of two-lane halves (to pair them for the dot), which doubles the instructions of the
/// row sums; stored and dotted in a loop of their own, the rows are summed four lanes at a time. Same operations in
/// the same order per path, so the same bits.
struct LookupChunk {
    static let size = 64
    private let cells: UnsafeMutablePointer<Int>
    private let weights: UnsafeMutablePointer<Double>
    private let lanes: UnsafeMutablePointer<SIMD4<Double>>

    /// Runs `body` with scratch for `axes` axes on the stack.
    @inline(__always)
    static func with<R>(axes: Int, _ body: (LookupChunk) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * axes * size) { w in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: axes * size) { c in
                withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: size) { l in
                    body(LookupChunk(cells: c.baseAddress!, weights: w.baseAddress!, lanes: l.baseAddress!))
                }
            }
        }
    }

    /// Path `j`'s four lanes along the table's first axis (the rows weighted along the other axes).
    @inline(__always)
    func storeLanes(path j: Int, _ value: SIMD4<Double>) { lanes[j] = value }

    /// Path `j`'s stored lanes dotted with its weights on axis `a`: `weightedLanes(lanes, weights(axis: a, path: j))`,
    /// written out on the lanes read as four doubles: calling `weightedLanes` on `lanes[j]` gives the same bits but made
    /// the adaptive book's paths and marks 8 % slower (200k paths, 1 thread: 5.80/5.85 -> 6.43/6.25 s, measured).
    @inline(__always)
    func dot(axis a: Int, path j: Int) -> Double {
        let l = UnsafeRawPointer(lanes).assumingMemoryBound(to: Double.self) + 4 &* j
        let s = LookupChunk.size
        return (weights[4 &* a &* s &+ j] * l[0] + weights[(4 &* a &+ 1) &* s &+ j] * l[1])
            + (weights[(4 &* a &+ 2) &* s &+ j] * l[2] + weights[(4 &* a &+ 3) &* s &+ j] * l[3])
    }

    /// Path `j`'s cell and position on axis `a` (`UniformAxis.locate`), as its cell and weights.
    @inline(__always)
    func store(axis a: Int, path j: Int, _ located: (index: Int, t: Double)) {
        let w = catmullRomWeights(located.t)
        cells[a &* LookupChunk.size &+ j] = located.index
        weights[4 &* a &* LookupChunk.size &+ j] = w.0
        weights[(4 &* a &+ 1) &* LookupChunk.size &+ j] = w.1
        weights[(4 &* a &+ 2) &* LookupChunk.size &+ j] = w.2
        weights[(4 &* a &+ 3) &* LookupChunk.size &+ j] = w.3
    }

    /// An axis a table does not have (one factor): cell 0 and zero weights.
    @inline(__always)
    func clear(axis a: Int, path j: Int) {
        cells[a &* LookupChunk.size &+ j] = 0
        for l in 0..<4 { weights[(4 &* a &+ l) &* LookupChunk.size &+ j] = 0 }
    }

    /// The VIX tables' first pass, chunk after chunk of `count` paths: axis 0 at `sqrt(v)` on `first` and, for a
    /// two-factor table, axis 1 at `sqrt(v2)` on `second` (`clampedSquareRoot`), then `body(chunk, start, k)` for
    /// paths `start ..< start + k`.
    @inline(__always)
    static func forEachChunk(count: Int, first: UniformAxis, second: UniformAxis?, variance v: UnsafePointer<Double>,
                             secondVariance v2: UnsafePointer<Double>, _ body: (LookupChunk, Int, Int) -> Void) {
        let firstCells = first.locator, firstUpper = first.upper
        let secondCells = second?.locator, secondUpper = second?.upper ?? 0
        with(axes: 2) { chunk in
            var start = 0
            while start < count {
                let k = min(size, count - start)
                let vs = v + start, v2s = v2 + start
                for j in 0..<k { chunk.store(axis: 0, path: j, firstCells.locate(clampedSquareRoot(vs[j], upper: firstUpper))) }
                if let secondCells { for j in 0..<k { chunk.store(axis: 1, path: j, secondCells.locate(clampedSquareRoot(v2s[j], upper: secondUpper))) } }
                body(chunk, start, k)
                start += k
            }
        }
    }

    @inline(__always)
    func cell(axis a: Int, path j: Int) -> Int { cells[a &* LookupChunk.size &+ j] }

    @inline(__always)
    func weights(axis a: Int, path j: Int) -> (Double, Double, Double, Double) {
        let s = LookupChunk.size
        return (weights[4 &* a &* s &+ j], weights[(4 &* a &+ 1) &* s &+ j], weights[(4 &* a &+ 2) &* s &+ j], weights[(4 &* a &+ 3) &* s &+ j])
    }
}

/// `Double.minimum(Double.maximum(x, 0).squareRoot(), upper)` as selects: the same value for every `x` (NaN gives 0,
/// which the batch look-ups overwrite with NaN), without the branches that stop a loop from vectorising.
@inline(__always)
func clampedSquareRoot(_ x: Double, upper: Double) -> Double {
    let r = (x > 0 ? x : 0).squareRoot()
    return r < upper ? r : upper
}
