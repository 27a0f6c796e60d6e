internal import CLinearAlgebra

/// OpenBLAS's own thread pool. alvh parallelises over path batches itself, so BLAS runs on one thread inside the
/// workers (DESIGN section 6); a threaded BLAS under `concurrentPerform` would oversubscribe the cores.
public enum BLASThreads {
    /// Pins OpenBLAS to one thread and stops its pool. Idempotent; call before starting workers.
    ///
    /// Setting one thread is not enough: the pool's server threads, started when the library loads (one per core
    /// less one), keep polling for work with `sched_yield` and took about 10 % of a core beside the path workers
    /// (`perf`, 2-core VM). `blas_thread_shutdown_` ends them; with one thread OpenBLAS never needs them again.
    /// (`OPENBLAS_NUM_THREADS=1` in the environment stops the pool from starting at all.)
    public static func pinToOneThread() {
        _ = pinned
    }

    /// Done once per process (a lazily initialised global is initialised exactly once, thread-safely).
    private static let pinned: Void = {
        openblas_set_num_threads(1)
        _ = blas_thread_shutdown_()
    }()

    /// The number of threads OpenBLAS will use now.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
