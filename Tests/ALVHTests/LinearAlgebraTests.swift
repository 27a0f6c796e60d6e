import Foundation
import Testing
@testable import ALVH

@Suite("Linear algebra (LAPACKE, CBLAS)")
struct LinearAlgebraTests {
    @Test("Cholesky of a hand-checked 3x3")
    func cholesky() throws {
        // [[4, 12, -16], [12, 37, -43], [-16, -43, 98]] = L L^T with L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]]:
        // 2*2 = 4; 6*2 = 12; 6*6 + 1 = 37; -8*2 = -16; -8*6 + 5*1 = -43; 64 + 25 + 9 = 98.
        let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        let l = try a.choleskyLower()
        #expect(l == Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]]))
    }

    @Test("Cholesky of a correlation matrix reproduces it")
    func choleskyCorrelation() throws {
        let c = Matrix([[1, 0.5, -0.3], [0.5, 1, 0.2], [-0.3, 0.2, 1]])
        let l = try c.choleskyLower()
        let back = l * l.transposed
        for i in 0..<3 { for j in 0..<3 { #expect(abs(back[i, j] - c[i, j]) < 1e-15) } }
        #expect(l[0, 1] == 0 && l[0, 2] == 0 && l[1, 2] == 0)
    }

    @Test("a non positive-definite matrix is an error naming its smallest eigenvalue")
    func notPositiveDefinite() {
        // Equicorrelation rho = -0.6: eigenvalues 1 + 2 rho = -0.2 and 1 - rho = 1.6 (twice).
        let c = Matrix([[1, -0.6, -0.6], [-0.6, 1, -0.6], [-0.6, -0.6, 1]])
        do {
            _ = try c.choleskyLower()
            Issue.record("expected an error")
        } catch let LinearAlgebraError.notPositiveDefinite(order, smallest) {
            #expect(order == 3)
            #expect(abs(smallest + 0.2) < 1e-12)
            let message = LinearAlgebraError.notPositiveDefinite(order: order, smallestEigenvalue: smallest).description
            #expect(message.contains("smallest eigenvalue -0.2"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("eigenvalues of the equicorrelation matrix")
    func eigenvalues() throws {
        let values = try Matrix([[1, 0.3, 0.3], [0.3, 1, 0.3], [0.3, 0.3, 1]]).symmetricEigenvalues()
        #expect(values.count == 3)
        #expect(abs(values[0] - 0.7) < 1e-14 && abs(values[1] - 0.7) < 1e-14 && abs(values[2] - 1.6) < 1e-14)
    }

    @Test("malformed matrices are errors, not crashes")
    func malformed() {
        #expect(throws: LinearAlgebraError.notSquare(rows: 2, columns: 3)) {
            try Matrix(rows: 2, columns: 3, elements: [1, 0, 0, 0, 1, 0]).choleskyLower()
        }
        #expect(throws: LinearAlgebraError.self) { try Matrix([[1, 0.5], [0.4, 1]]).choleskyLower() }
        #expect(throws: LinearAlgebraError.notACorrelationMatrix(row: 0, column: 1, value: 1.5)) {
            try Matrix([[1, 1.5], [1.5, 1]]).requireCorrelationShape()
        }
    }

    @Test("correlated normals W = L Z have the input correlation (within 4 standard errors)")
    func sampleCorrelation() throws {
        let c = Matrix([[1, 0.5, -0.3], [0.5, 1, 0.2], [-0.3, 0.2, 1]])
        let factor = DriverCorrelation(factor: try c.choleskyLower())
        let n = 200_000
        let stream = PathRandomStream(seed: 2024)
        var columns = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3)
        for i in 0..<n {
            let u = stream.stepBlock(path: i, step: 0)
            let w = factor.correlate([u.0, u.1, u.2].map { inverseStandardNormalCDF(openUnitInterval($0)) })
            for j in 0..<3 { columns[j][i] = w[j] }
        }
        for j in 0..<3 {
            let s = SampleStatistics(columns[j])
            #expect(abs(s.mean) < 4 / Double(n).squareRoot())
            #expect(abs(s.standardDeviation - 1) < 4 * (0.5 / Double(n)).squareRoot())   // sd of s: ~ 1/sqrt(2n)
        }
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            let r = correlation(columns[i], columns[j])
            let se = (1 - c[i, j] * c[i, j]) / Double(n).squareRoot()
            #expect(abs(r - c[i, j]) < 4 * se, "rho(\(i),\(j)) = \(r), expected \(c[i, j]) +/- \(4 * se)")
        }
    }

    @Test("W = L Z sums each row left to right, L[r, 0] Z_0 first (the order the Euler steps write out)")
    func correlateOrder() {
        let factor = DriverCorrelation(factor: Matrix([[1, 0, 0], [0.5, 0.75, 0], [1, 1e-16, 1]]))
        let w = factor.correlate([1, 1, -1])
        #expect(w[0] == 1)
        #expect(w[1] == 1.25)
        // (1 + 1e-16) - 1 = 0 in doubles; summed right to left, 1 + (1e-16 - 1) would be 1.1e-16.
        #expect(w[2] == 0)
        #expect(factor[1, 1] == 0.75 && factor[0, 2] == 0)
    }

    func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in 0..<x.count {
            sxy += (x[k] - mx) * (y[k] - my)
            sxx += (x[k] - mx) * (x[k] - mx)
            syy += (y[k] - my) * (y[k] - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    @Test("OpenBLAS can be pinned to one thread")
    func blasThreads() {
        BLASThreads.pinToOneThread()
        #expect(BLASThreads.current == 1)
    }
}
