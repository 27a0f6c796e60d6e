/// Failures at the LAPACK boundary, turned into Swift errors. The `info` codes of LAPACK never leave `Linalg/`.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The matrix must be square (k x k).
    case notSquare(rows: Int, columns: Int)
    /// `a[i][j]` and `a[j][i]` differ by more than the tolerance.
    case notSymmetric(row: Int, column: Int, difference: Double)
    /// A diagonal entry of a correlation matrix is not 1, or an off-diagonal entry is outside [-1, 1].
    case notACorrelationMatrix(row: Int, column: Int, value: Double)
    /// Cholesky failed: the leading minor of `order` is not positive definite. Carries the smallest eigenvalue
    /// of the whole matrix (from `LAPACKE_dsyevd`) so the user sees how far from positive definite it is.
    case notPositiveDefinite(order: Int, smallestEigenvalue: Double)
    /// LAPACK reported an illegal argument (`info < 0`): a programmer error surfaced as an error, not a crash.
    case illegalArgument(routine: String, position: Int)
    /// An iterative LAPACK routine did not converge (`info > 0` where that means non-convergence).
    case noConvergence(routine: String, info: Int)

    public var description: String {
        switch self {
        case let .notSquare(rows, columns):
            return "the matrix is \(rows) x \(columns); it must be square"
        case let .notSymmetric(row, column, difference):
            return "the matrix is not symmetric: entries (\(row + 1), \(column + 1)) and (\(column + 1), \(row + 1)) differ by \(difference)"
        case let .notACorrelationMatrix(row, column, value):
            return row == column
                ? "diagonal entry (\(row + 1), \(row + 1)) is \(value); a correlation matrix has 1 on its diagonal"
                : "entry (\(row + 1), \(column + 1)) is \(value); correlations lie in [-1, 1]"
        case let .notPositiveDefinite(order, smallestEigenvalue):
            return "the correlation matrix is not positive definite (leading minor of order \(order) fails; "
                + "smallest eigenvalue \(smallestEigenvalue)); it must have all eigenvalues > 0"
        case let .illegalArgument(routine, position):
            return "\(routine): illegal value in argument \(position)"
        case let .noConvergence(routine, info):
            return "\(routine) did not converge (info = \(info))"
        }
    }
}
