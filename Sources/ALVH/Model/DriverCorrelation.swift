/// How the Euler steps correlate their drivers: the lower Cholesky factor `L` of the drivers' correlation matrix
/// (`LAPACKE_dpotrf`, `Matrix.choleskyLower`) applied to each path's independent normals,
///
///     W_r = sum_{c <= r} L[r, c] Z_c,   so Cov(W) = L L^T,
///
/// summed left to right (`L[r, 0] Z_0` first) with a rounding after every product and sum: the steps' loops write
/// this out with the factor's entries as local values, and `correlate` is its readable form, so the fast steps and
/// their references correlate with the same bits. No fused multiply-add is generated, so every machine gives the same
/// bits too.
///
/// (Until 2026-12-08 one `cblas_dgemm` per block and step did this: OpenBLAS picks its kernel when it loads, with or
/// without fused multiply-adds and in its own order of summation, so a path's bits could depend on the machine; and
/// with two or four drivers the call's overhead was 10 % of an Euler step.)
struct DriverCorrelation: Sendable {
    /// Number of drivers.
    let order: Int
    /// `L` row-major; zero above the diagonal.
    private let lower: [Double]

    /// - Precondition: `factor` is square and lower triangular (what `choleskyLower` returns).
    init(factor: Matrix) {
        precondition(factor.isSquare, "a Cholesky factor is square")
        for r in 0..<factor.rows {
            for c in (r + 1)..<factor.rows { precondition(factor[r, c] == 0, "a Cholesky factor is lower triangular") }
        }
        order = factor.rows
        lower = factor.elements
    }

    /// `L[row, column]`.
    subscript(row: Int, column: Int) -> Double { lower[row * order + column] }

    /// `W = L Z` for one path's independent normals `z` (`order` of them), in the order the steps sum.
    func correlate(_ z: [Double]) -> [Double] {
        precondition(z.count == order)
        return (0..<order).map { r in
            var w = self[r, 0] * z[0]
            for c in stride(from: 1, through: r, by: 1) { w += self[r, c] * z[c] }
            return w
        }
    }
}
