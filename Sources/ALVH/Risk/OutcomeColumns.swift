/// Preallocated per-path outcome columns (`count` doubles each), written by batches into disjoint slices.
///
/// Reference type so every worker writes into the same storage; `@unchecked Sendable` because the engine guarantees
/// that batches own disjoint path ranges, and all reads happen after `concurrentPerform` returns.
final class OutcomeColumns: @unchecked Sendable {
    let count: Int
    private var storage: [UnsafeMutableBufferPointer<Double>]

    init(columns: Int, count: Int) {
        self.count = count
        storage = (0..<columns).map { _ in
            let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(count, 1))
            b.initialize(repeating: 0)
            return b
        }
    }

    deinit { for b in storage where b.baseAddress != nil { b.deallocate() } }

    @inline(__always)
    subscript(column: Int) -> UnsafeMutableBufferPointer<Double> { storage[column] }

    public var columnCount: Int { storage.count }

    /// A copy of one column (for reductions and tests).
    func array(_ column: Int) -> [Double] { Array(storage[column].prefix(count)) }

    /// One column as an array, its storage released: a run's outcomes move into arrays one column at a time, so the
    /// peak holds one column twice instead of all of them. The column must not be read again (it is empty after).
    /// Call it from one thread, after the run (it changes the column table the workers read).
    func take(_ column: Int) -> [Double] {
        let values = array(column)
        storage[column].deallocate()
        storage[column] = UnsafeMutableBufferPointer(start: nil, count: 0)
        return values
    }
}
