/// Preallocated per-path outcome columns (`count` doubles each), written by batches into disjoint slices.
///
/// Reference type so every worker writes into the same storage; `@unchecked Sendable` because the engine guarantees
/// that batches own disjoint path ranges, and all reads happen after `concurrentPerform` returns.
final class OutcomeColumns: @unchecked Sendable {
    let count: Int
    private let storage: [UnsafeMutableBufferPointer<Double>]

    init(columns: Int, count: Int) {
        self.count = count
        storage = (0..<columns).map { _ in
            let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(count, 1))
            b.initialize(repeating: 0)
            return b
        }
    }

    deinit { for b in storage { b.deallocate() } }

    @inline(__always)
    subscript(column: Int) -> UnsafeMutableBufferPointer<Double> { storage[column] }

    public var columnCount: Int { storage.count }

    /// A copy of one column (for reductions and tests).
    func array(_ column: Int) -> [Double] { Array(storage[column].prefix(count)) }
}
