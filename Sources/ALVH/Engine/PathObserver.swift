/// Watches a block of paths as it moves and writes per-path outcomes into its own slice of preallocated storage.
///
/// The engine calls `begin` once per batch, `observe` after the last sub-step of every trading day, and `end`. A
/// worker owns one `Accumulator` (its scratch), made once and reused for every batch it runs, so observation
/// allocates nothing per path or step. Observers must write only to paths `block.firstPath ..< firstPath + count`:
/// batches never share a slot, which is why the hot path needs no locks and the result is independent of threads.
protocol PathObserver: Sendable {
    associatedtype Accumulator
    func makeAccumulator(capacity: Int) -> Accumulator
    func begin(_ accumulator: inout Accumulator, block: PathBlock)
    /// `day` is 1-based: the state in `block` is the close of trading day `day`.
    func observe(_ accumulator: inout Accumulator, block: PathBlock, day: Int)
    func end(_ accumulator: inout Accumulator, block: PathBlock)

    /// Trading days of history simulated before t0 for observers that need it (indicators); 0 for most.
    var warmUpDays: Int { get }
    /// Called after each warm-up day (`day` 1 ... `warmUpDays`) with the warm-up state in `block`, before `begin`.
    /// Warm-up paths start at the paths' own t0 states and draw from `PathEngine.warmUpStepBase` on, a counter range
    /// no run reaches, so the paths after t0 are the same with or without a warm-up.
    func warmUp(_ accumulator: inout Accumulator, block: PathBlock, day: Int)
}

extension PathObserver {
    var warmUpDays: Int { 0 }
    func warmUp(_ accumulator: inout Accumulator, block: PathBlock, day: Int) {}
}
