import Foundation

/// `(0..<count).map(transform)` on up to `threads` workers (`DispatchQueue.concurrentPerform`; a shared counter hands
/// out the indices). Each result lands at its index, so the array is the same whatever the thread count; `transform`
/// must not depend on which worker runs it. For a handful of coarse jobs (one per layout), not per path.
func parallelMap<T: Sendable>(count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    guard count > 1, threads > 1 else { return (0..<count).map(transform) }
    let slots = ParallelMapSlots<T>(count)
    let next = Counter()
    DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
        while true {
            let i = next.take()
            if i >= count { break }
            slots.values[i] = transform(i)
        }
    }
    return (0..<count).map { i in
        guard let value = slots.values[i] else { preconditionFailure("every index is computed once") }
        return value
    }
}

/// `parallelMap`'s results: each slot is written by exactly one worker and read after the join.
private final class ParallelMapSlots<T>: @unchecked Sendable {
    let values: UnsafeMutablePointer<T?>
    let count: Int
    init(_ count: Int) {
        self.count = count
        values = .allocate(capacity: count)
        values.initialize(repeating: nil, count: count)
    }
    deinit {
        values.deinitialize(count: count)
        values.deallocate()
    }
}

/// A shared work counter for `concurrentPerform` loops.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
