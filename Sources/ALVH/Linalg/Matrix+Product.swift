internal import CLinearAlgebra

/// Dense products by one `cblas_dgemm` (OpenBLAS), for the work that really is a matrix product: filling a
/// repricing table from its COS weights and payoff coefficients.
enum DenseProduct {
    /// `C = A B` with `A` `m x k` and `B` `k x n`, all row-major.
    static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        precondition(a.count == m * k && b.count == k * n)
        BLASThreads.pinToOneThread()   // parallelism is alvh's own; OpenBLAS's pool only spins here
        var c = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k),
                                1.0, pa.baseAddress, blasint(k), pb.baseAddress, blasint(n), 0.0, pc.baseAddress, blasint(n))
                }
            }
        }
        return c
    }
}
