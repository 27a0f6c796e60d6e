/// A dense real matrix stored row-major: element `(i, j)` is `elements[i * columns + j]`.
///
/// Small by design (correlation matrices of the Brownian drivers, k x k with k of a few): the hot path never
/// touches it, it only hands its storage to LAPACK/BLAS once per run.
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    public private(set) var elements: [Double]

    /// - Precondition: `elements.count == rows * columns` (a programmer error otherwise).
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "Matrix: \(elements.count) elements for \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows; every row must have the same length.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "Matrix: ragged rows")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    public static func identity(_ order: Int) -> Matrix {
        var m = Matrix(rows: order, columns: order, elements: Array(repeating: 0, count: order * order))
        for i in 0..<order { m[i, i] = 1 }
        return m
    }

    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    public var isSquare: Bool { rows == columns }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows, elements: elements)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// The product `self * other` (plain triple loop: for the small matrices this type is meant for).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.columns == rhs.rows, "Matrix product: \(lhs.columns) != \(rhs.rows)")
        var out = Matrix(rows: lhs.rows, columns: rhs.columns, elements: Array(repeating: 0, count: lhs.rows * rhs.columns))
        for i in 0..<lhs.rows {
            for j in 0..<rhs.columns {
                var s = 0.0
                for m in 0..<lhs.columns { s += lhs[i, m] * rhs[m, j] }
                out[i, j] = s
            }
        }
        return out
    }

    public var description: String {
        (0..<rows).map { i in (0..<columns).map { j in "\(self[i, j])" }.joined(separator: " ") }.joined(separator: "\n")
    }
}
