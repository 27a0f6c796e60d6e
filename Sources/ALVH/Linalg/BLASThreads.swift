internal import CLinearAlgebra

/// OpenBLAS's own thread pool. alvh parallelises over path batches itself, so BLAS runs on one thread inside the
/// workers (DESIGN section 6); a threaded BLAS under `concurrentPerform` would oversubscribe the cores.
public enum BLASThreads {
    /// Pins OpenBLAS to one thread. Idempotent; call before starting workers.
    public static func pinToOneThread() {
        openblas_set_num_threads(1)
    }

    /// The number of threads OpenBLAS will use now.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
