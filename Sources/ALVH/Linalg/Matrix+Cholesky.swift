internal import CLinearAlgebra

extension Matrix {
    /// The lower Cholesky factor `L` with `self = L * L^T`, by LAPACK `dpotrf` (row-major, lower).
    ///
    /// The strictly upper triangle of the result is zero. `self` must be symmetric (checked to `1e-12`, absolute).
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` naming the smallest eigenvalue when `dpotrf` reports a
    ///   leading minor that is not positive definite; `.notSquare`, `.notSymmetric` for malformed input.
    public func choleskyLower() throws(LinearAlgebraError) -> Matrix {
        try requireSymmetric()
        let n = rows
        if n == 0 { return self }
        var a = elements
        let info = a.withUnsafeMutableBufferPointer { buffer in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), alvh_lapack_int(n), buffer.baseAddress, alvh_lapack_int(n))
        }
        if info < 0 { throw .illegalArgument(routine: "dpotrf", position: Int(-info)) }
        if info > 0 {
            let smallest = try symmetricEigenvalues().first ?? .nan
            throw .notPositiveDefinite(order: Int(info), smallestEigenvalue: smallest)
        }
        for i in 0..<n { for j in (i + 1)..<n { a[i * n + j] = 0 } }
        return Matrix(rows: n, columns: n, elements: a)
    }

    func requireSymmetric(tolerance: Double = 1e-12) throws(LinearAlgebraError) {
        guard isSquare else { throw .notSquare(rows: rows, columns: columns) }
        for i in 0..<rows {
            for j in (i + 1)..<columns where abs(self[i, j] - self[j, i]) > tolerance {
                throw .notSymmetric(row: i, column: j, difference: abs(self[i, j] - self[j, i]))
            }
        }
    }

    /// Checks that `self` is a correlation matrix: symmetric, unit diagonal, entries in [-1, 1]. It does not check
    /// positive definiteness (the Cholesky factorisation does, and names the smallest eigenvalue).
    public func requireCorrelationShape() throws(LinearAlgebraError) {
        try requireSymmetric()
        for i in 0..<rows {
            if abs(self[i, i] - 1) > 1e-12 { throw .notACorrelationMatrix(row: i, column: i, value: self[i, i]) }
            for j in 0..<columns where i != j && !(abs(self[i, j]) <= 1) {
                throw .notACorrelationMatrix(row: i, column: j, value: self[i, j])
            }
        }
    }
}
