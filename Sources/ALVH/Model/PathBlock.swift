/// The state of a block of paths, structure of arrays, owned by one worker and reused for every batch it runs.
///
/// `logSpot[i]`, `variance[i]` (the first factor) and `secondVariance[i]` (the second factor, 0 for one-factor
/// markets) belong to path `firstPath + i`. Scratch columns hold the step's draws: `normals` (and QE's `qeStep`) are
/// `driverCount` columns of `capacity` doubles each (driver `j` of path `i` at `j * capacity + i`), `words` the raw
/// Philox words, `jumpUniform` the Poisson uniform of each path, `jumpMeanCount` the step's Poisson mean
/// `lambda_t dt` when the intensity depends on the variance. Allocated once; nothing is allocated per step or path.
final class PathBlock {
    let capacity: Int
    /// `capacity` rounded up to a multiple of `PathRandomStream.fillWidth` (the Philox fill writes whole groups).
    let paddedCapacity: Int
    let driverCount: Int
    private(set) var count = 0
    private(set) var firstPath = 0
    let logSpot: UnsafeMutableBufferPointer<Double>
    let variance: UnsafeMutableBufferPointer<Double>
    let secondVariance: UnsafeMutableBufferPointer<Double>
    let jumpMeanCount: UnsafeMutableBufferPointer<Double>
    let normals: UnsafeMutableBufferPointer<Double>
    /// Per-step results of QE, two columns per factor (`qeStepColumns`).
    let qeStep: UnsafeMutableBufferPointer<Double>
    let jumpUniform: UnsafeMutableBufferPointer<Double>
    /// The step's raw Philox words, six columns of `paddedCapacity`: lanes 0, 1, 2 of each path's block 0, then
    /// lanes 0, 1, 2 of block 1 (second factor).
    let words: UnsafeMutableBufferPointer<UInt32>
    /// Scratch for `fillInverseStandardNormal`.
    let normalScratch: InverseNormalScratch
    /// Path-steps of this batch where the variance entered the step below zero (full-truncation Euler only).
    var truncatedSteps = 0

    init(capacity: Int, driverCount: Int) {
        precondition(capacity > 0 && driverCount > 0)
        self.capacity = capacity
        self.driverCount = driverCount
        paddedCapacity = (capacity + PathRandomStream.fillWidth - 1) / PathRandomStream.fillWidth * PathRandomStream.fillWidth
        logSpot = .allocate(capacity: capacity)
        variance = .allocate(capacity: capacity)
        secondVariance = .allocate(capacity: capacity)
        jumpMeanCount = .allocate(capacity: capacity)
        normals = .allocate(capacity: capacity * driverCount)
        qeStep = .allocate(capacity: capacity * driverCount)
        jumpUniform = .allocate(capacity: capacity)
        words = .allocate(capacity: 6 * paddedCapacity)
        for buffer in [logSpot, variance, secondVariance, jumpMeanCount, normals, qeStep, jumpUniform] { buffer.initialize(repeating: 0) }
        words.initialize(repeating: 0)
        normalScratch = InverseNormalScratch(capacity: capacity)
    }

    deinit {
        for buffer in [logSpot, variance, secondVariance, jumpMeanCount, normals, qeStep, jumpUniform] { buffer.deallocate() }
        words.deallocate()
    }

    /// Starts a batch: paths `firstPath ..< firstPath + count`, all at `(ln S_0, v_0, v2_0)`.
    func reset(firstPath: Int, count: Int, logSpot x0: Double, variance v0: Double, secondVariance v20: Double = 0) {
        precondition(count > 0 && count <= capacity)
        self.firstPath = firstPath
        self.count = count
        truncatedSteps = 0
        for i in 0..<count {
            logSpot[i] = x0
            variance[i] = v0
            secondVariance[i] = v20
        }
    }

    /// Starts a batch at the paths' own initial states (`start`: one state for every path, or one per path).
    func reset(firstPath: Int, count: Int, start: PathStartStates) {
        switch start.storage {
        case let .uniform(x0, v0, v20):
            reset(firstPath: firstPath, count: count, logSpot: x0, variance: v0, secondVariance: v20)
        case let .perPath(x0, v0, v20):
            precondition(count > 0 && count <= capacity && firstPath + count <= x0.count)
            self.firstPath = firstPath
            self.count = count
            truncatedSteps = 0
            for i in 0..<count {
                logSpot[i] = x0[firstPath + i]
                variance[i] = v0[firstPath + i]
                secondVariance[i] = v20[firstPath + i]
            }
        }
    }

    /// Column `driver` of `buffer` (one of `normals`, `qeStep`).
    @inline(__always)
    func column(_ buffer: UnsafeMutableBufferPointer<Double>, _ driver: Int) -> UnsafeMutablePointer<Double> {
        buffer.baseAddress! + driver * capacity
    }

    /// Where a QE step keeps factor `factor`'s per-path results within the step: the next variance and `K0*` in the
    /// `qeStep` columns `2 factor` and `2 factor + 1`, `2/psi` and the gathered exponential-branch paths in the
    /// inverse normal's scratch (free once the normals are drawn). Valid until the next step.
    func qeStepColumns(factor: Int) -> (next: UnsafeMutablePointer<Double>, k0: UnsafeMutablePointer<Double>,
                                        twoOverPsi: UnsafeMutablePointer<Double>, gathered: UnsafeMutablePointer<Int32>) {
        precondition(2 * factor + 1 < driverCount, "QE uses two drivers per factor")
        return (column(qeStep, 2 * factor), column(qeStep, 2 * factor + 1), normalScratch.values, normalScratch.indices)
    }

    /// Column `lane` of `words`: 0, 1, 2 for block 0, 3, 4, 5 for block 1.
    @inline(__always)
    func wordColumn(_ lane: Int) -> UnsafeMutablePointer<UInt32> { words.baseAddress! + lane * paddedCapacity }

    /// Fills the three word columns with this step's Philox words for every path of the batch.
    @inline(__always)
    func drawStepWords(_ stream: PathRandomStream, step: Int) {
        stream.fillStepWords(firstPath: firstPath, count: count, step: step, wordColumn(0), wordColumn(1), wordColumn(2))
    }

    /// Fills word columns 3, 4, 5 with block 1 (the second factor's draws) for every path of the batch.
    @inline(__always)
    func drawSecondFactorWords(_ stream: PathRandomStream, step: Int) {
        stream.fillStepWords(counterBlock: 1, firstPath: firstPath, count: count, step: step, wordColumn(3), wordColumn(4), wordColumn(5))
    }

    /// `V = v1+ (+ v2+)` of path `i`, the total variance that sets the jump intensity.
    @inline(__always)
    func totalVariance(_ i: Int) -> Double { max(variance[i], 0) + max(secondVariance[i], 0) }

    /// `normals` column `driver` = Phi^{-1} of word column `lane`, for the paths of the batch.
    @inline(__always)
    func fillNormals(driver: Int, fromWordLane lane: Int) {
        fillInverseStandardNormal(bits: wordColumn(lane), into: column(normals, driver), count: count, scratch: normalScratch)
    }

    /// `jumpUniform` from word column 2 (the Poisson draw), for models with jumps.
    @inline(__always)
    func fillJumpUniforms() {
        let w2 = wordColumn(2), u = jumpUniform.baseAddress!
        for i in 0..<count { u[i] = openUnitInterval(w2[i]) }
    }
}
