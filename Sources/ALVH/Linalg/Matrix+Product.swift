internal import CLinearAlgebra

/// Dense products by one `cblas_dgemm` (OpenBLAS), for the work that really is a matrix product: filling a
/// repricing table from its COS weights and payoff coefficients.
enum DenseProduct {
    /// `C = A B` with `A` `m x k` and `B` `k x n`, all row-major.
    static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        precondition(a.count == m * k && b.count == k * n)
        var c = [Double](repeating: 0, count: m * n)
        multiply(a, b, m: m, k: k, n: n, into: &c)
        return c
    }

    /// `C = A B` into the first `m * n` elements of `c` (a reused buffer); `A`, `B` and `C` are the leading
    /// `m x k`, `k x n` and `m x n` row-major blocks of `a`, `b` and `c` (buffers may hold more).
    static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, into c: inout [Double]) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n)
        BLASThreads.pinToOneThread()   // parallelism is alvh's own; OpenBLAS's pool only spins here
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k),
                                1.0, pa.baseAddress, blasint(k), pb.baseAddress, blasint(n), 0.0, pc.baseAddress, blasint(n))
                }
            }
        }
    }
}
