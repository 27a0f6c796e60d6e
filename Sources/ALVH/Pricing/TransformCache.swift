import Numerics
import Synchronization

/// A thread-safe memo of transform coefficients, for pricers whose transform comes from the Riccati ODEs: the same
/// (horizon, range, terms) recurs in a strike search and across table nodes, and the ODEs cost far more than a look-up.
/// Values never change once stored, so concurrent readers see either nothing (and compute) or the final value.
final class TransformCache<Key: Hashable & Sendable>: Sendable {
    private let storage = Mutex<[Key: [(a: Complex<Double>, b: Complex<Double>, b2: Complex<Double>)]]>([:])

    func value(for key: Key, _ compute: () -> [(a: Complex<Double>, b: Complex<Double>, b2: Complex<Double>)])
        -> [(a: Complex<Double>, b: Complex<Double>, b2: Complex<Double>)] {
        if let hit = storage.withLock({ $0[key] }) { return hit }
        let value = compute()
        storage.withLock { $0[key] = value }
        return value
    }
}
