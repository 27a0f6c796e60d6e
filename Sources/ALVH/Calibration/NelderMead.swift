/// A small Nelder–Mead simplex minimiser (Nelder & Mead 1965, the standard coefficients: reflection 1, expansion 2,
/// contraction 1/2, shrink 1/2), for the few-parameter quasi-likelihoods of the calibration. Non-finite function
/// values count as +infinity, so a bad region is simply avoided. Stops when the simplex's function values agree to
/// `tolerance` (absolute) and its points to `tolerance` relative, or after `maxIterations`.
struct NelderMead {
    var tolerance = 1e-10
    var maxIterations = 4000
    /// The simplex's points must agree to this, relative, for convergence.
    var pointTolerance = 1e-7

    struct Result {
        let point: [Double]
        let value: Double
        let iterations: Int
        let converged: Bool
    }

    /// Minimises `f` from `start`, the first simplex `start` plus `step[i]` along each axis `i`.
    func minimize(_ f: ([Double]) -> Double, start: [Double], step: [Double]) -> Result {
        precondition(start.count == step.count && !start.isEmpty, "one step per coordinate")
        let n = start.count
        func value(_ x: [Double]) -> Double { let y = f(x); return y.isFinite ? y : .infinity }
        var points = [start]
        for i in 0..<n {
            var p = start
            p[i] += step[i]
            points.append(p)
        }
        var values = points.map(value)
        func combine(_ a: [Double], _ b: [Double], _ t: Double) -> [Double] { zip(a, b).map { $0 + t * ($1 - $0) } }
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let spread = values[n] - values[0]
            var size = 0.0
            for i in 1...n {
                for j in 0..<n { size = max(size, abs(points[i][j] - points[0][j]) / max(abs(points[0][j]), 1e-8)) }
            }
            if spread.isFinite && spread <= tolerance * max(1, abs(values[0])) && size <= pointTolerance {
                return Result(point: points[0], value: values[0], iterations: iteration, converged: true)
            }
            var centroid = [Double](repeating: 0, count: n)
            for p in points[0..<n] { for i in 0..<n { centroid[i] += p[i] / Double(n) } }
            let reflected = combine(centroid, points[n], -1)
            let fr = value(reflected)
            if fr < values[0] {
                let expanded = combine(centroid, points[n], -2)
                let fe = value(expanded)
                if fe < fr { points[n] = expanded; values[n] = fe } else { points[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                points[n] = reflected
                values[n] = fr
            } else {
                let outside = fr < values[n]
                let contracted = combine(centroid, outside ? reflected : points[n], 0.5)
                let fc = value(contracted)
                if fc < (outside ? fr : values[n]) {
                    points[n] = contracted
                    values[n] = fc
                } else {
                    for i in 1...n {
                        points[i] = combine(points[0], points[i], 0.5)
                        values[i] = value(points[i])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] } ?? 0
        return Result(point: points[best], value: values[best], iterations: iteration, converged: false)
    }
}

/// The inverse of a small symmetric positive-definite matrix (row-major, `n x n`) by Gauss–Jordan elimination with
/// partial pivoting; `nil` when it is singular to working precision. For the 2 x 2 and 3 x 3 information matrices of
/// the calibration (no BLAS call for a 3 x 3).
func smallMatrixInverse(_ m: [[Double]]) -> [[Double]]? {
    let n = m.count
    var a = m
    var inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
    let scale = m.flatMap { $0 }.map(abs).max() ?? 0
    guard scale > 0, scale.isFinite else { return nil }
    for col in 0..<n {
        guard let pivot = (col..<n).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[pivot][col]) > 1e-14 * scale else { return nil }
        a.swapAt(col, pivot)
        inv.swapAt(col, pivot)
        let d = a[col][col]
        for j in 0..<n { a[col][j] /= d; inv[col][j] /= d }
        for r in 0..<n where r != col {
            let f = a[r][col]
            if f == 0 { continue }
            for j in 0..<n { a[r][j] -= f * a[col][j]; inv[r][j] -= f * inv[col][j] }
        }
    }
    return inv
}
