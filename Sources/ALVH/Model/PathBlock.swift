/// The state of a block of paths, structure of arrays, owned by one worker and reused for every batch it runs.
///
/// `logSpot[i]` and `variance[i]` belong to path `firstPath + i`. Scratch columns hold the step's draws: `normals`
/// and `correlated` are `driverCount` columns of `capacity` doubles each (driver `j` of path `i` at
/// `j * capacity + i`), `jumpUniform` the Poisson uniform of each path. Allocated once; nothing is allocated per
/// step or per path.
final class PathBlock {
    let capacity: Int
    let driverCount: Int
    private(set) var count = 0
    private(set) var firstPath = 0
    let logSpot: UnsafeMutableBufferPointer<Double>
    let variance: UnsafeMutableBufferPointer<Double>
    let normals: UnsafeMutableBufferPointer<Double>
    let correlated: UnsafeMutableBufferPointer<Double>
    let jumpUniform: UnsafeMutableBufferPointer<Double>
    /// Path-steps of this batch where the variance entered the step below zero (full-truncation Euler only).
    var truncatedSteps = 0

    init(capacity: Int, driverCount: Int) {
        precondition(capacity > 0 && driverCount > 0)
        self.capacity = capacity
        self.driverCount = driverCount
        logSpot = .allocate(capacity: capacity)
        variance = .allocate(capacity: capacity)
        normals = .allocate(capacity: capacity * driverCount)
        correlated = .allocate(capacity: capacity * driverCount)
        jumpUniform = .allocate(capacity: capacity)
        for buffer in [logSpot, variance, normals, correlated, jumpUniform] { buffer.initialize(repeating: 0) }
    }

    deinit {
        for buffer in [logSpot, variance, normals, correlated, jumpUniform] { buffer.deallocate() }
    }

    /// Starts a batch: paths `firstPath ..< firstPath + count`, all at `(ln S_0, v_0)`.
    func reset(firstPath: Int, count: Int, logSpot x0: Double, variance v0: Double) {
        precondition(count > 0 && count <= capacity)
        self.firstPath = firstPath
        self.count = count
        truncatedSteps = 0
        for i in 0..<count {
            logSpot[i] = x0
            variance[i] = v0
        }
    }

    /// Column `driver` of `buffer` (one of `normals`, `correlated`).
    @inline(__always)
    func column(_ buffer: UnsafeMutableBufferPointer<Double>, _ driver: Int) -> UnsafeMutablePointer<Double> {
        buffer.baseAddress! + driver * capacity
    }
}
