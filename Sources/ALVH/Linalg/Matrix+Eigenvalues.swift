internal import CLinearAlgebra

extension Matrix {
    /// Eigenvalues of a symmetric matrix in ascending order, by LAPACK `dsyevd` (values only, lower triangle read).
    ///
    /// Used to say how far a correlation matrix is from positive definite; accuracy is that of `dsyevd`
    /// (backward stable: errors of order `eps * ||A||`).
    public func symmetricEigenvalues() throws(LinearAlgebraError) -> [Double] {
        try requireSymmetric()
        let n = rows
        if n == 0 { return [] }
        var a = elements
        var w = [Double](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { ab in
            w.withUnsafeMutableBufferPointer { wb in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "L")),
                               alvh_lapack_int(n), ab.baseAddress, alvh_lapack_int(n), wb.baseAddress)
            }
        }
        if info < 0 { throw .illegalArgument(routine: "dsyevd", position: Int(-info)) }
        if info > 0 { throw .noConvergence(routine: "dsyevd", info: Int(info)) }
        return w
    }
}
