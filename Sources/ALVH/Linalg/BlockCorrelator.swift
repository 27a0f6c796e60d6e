internal import CLinearAlgebra

/// Turns a block of independent standard normals into correlated ones with a single `cblas_dgemm`.
///
/// Layout (structure of arrays): a block of `rows` paths and `k` drivers is column-major, driver `j` of path `i` at
/// `j * rows + i`, so each driver is one contiguous column. With the lower Cholesky factor `L` of the drivers'
/// correlation matrix, `W = Z * L^T`, i.e. `W[i, j] = sum_m L[j, m] Z[i, m]`, and `Cov(W_i.) = L L^T`.
///
/// Passing `L`'s row-major storage to a column-major BLAS call reads it as `L^T`, so the call is `NoTrans, NoTrans`.
struct BlockCorrelator: Sendable {
    let order: Int
    private let lowerRowMajor: [Double]

    init(lower: Matrix) {
        precondition(lower.isSquare)
        order = lower.rows
        lowerRowMajor = lower.elements
    }

    /// `output = normals * L^T` for the first `rows` rows; column `j` starts at `j * leadingDimension` in both
    /// buffers (`leadingDimension >= rows`). `normals` and `output` must not overlap.
    func correlate(_ normals: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>,
                   rows: Int, leadingDimension: Int) {
        precondition(rows > 0 && leadingDimension >= rows)
        lowerRowMajor.withUnsafeBufferPointer { l in
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans,
                        blasint(rows), blasint(order), blasint(order),
                        1.0, normals, blasint(leadingDimension),
                        l.baseAddress, blasint(order),
                        0.0, output, blasint(leadingDimension))
        }
    }

    /// Array-based convenience for tests and small inputs (same layout as `correlate(_:into:rows:)`).
    func correlate(_ normals: [Double], rows: Int) -> [Double] {
        precondition(normals.count == rows * order)
        var out = [Double](repeating: 0, count: normals.count)
        normals.withUnsafeBufferPointer { z in
            out.withUnsafeMutableBufferPointer { w in correlate(z.baseAddress!, into: w.baseAddress!, rows: rows, leadingDimension: rows) }
        }
        return out
    }
}
