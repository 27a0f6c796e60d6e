import Foundation

/// Gauss-Legendre quadrature: `int_{-1}^{1} f(x) dx ~ sum w_i f(x_i)`, exact for polynomials of degree `2n - 1`.
///
/// Nodes are the roots of the Legendre polynomial `P_n`, found by Newton's method from the Tricomi initial guess
/// `cos(pi (i - 1/4) / (n + 1/2))`; weights `w_i = 2 / ((1 - x_i^2) P_n'(x_i)^2)` (Abramowitz & Stegun 25.4.29).
/// Accurate to a few ulp for the orders used here (up to a few hundred).
public struct GaussLegendre: Sendable {
    public let nodes: [Double]
    public let weights: [Double]

    public init(order n: Int) {
        precondition(n >= 1)
        var nodes = [Double](repeating: 0, count: n), weights = nodes
        for i in 0..<((n + 1) / 2) {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                // Three-term recurrence for P_n(x) and P_{n-1}(x).
                var p0 = 1.0, p1 = x
                for k in 2...max(n, 2) where n >= 2 {
                    let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
                    p0 = p1
                    p1 = p2
                }
                let pn = n == 1 ? x : p1, pnMinus1 = n == 1 ? 1 : p0
                derivative = Double(n) * (x * pn - pnMinus1) / (x * x - 1)
                let step = pn / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            nodes[i] = -x
            nodes[n - 1 - i] = x
            let w = 2 / ((1 - x * x) * derivative * derivative)
            weights[i] = w
            weights[n - 1 - i] = w
        }
        self.nodes = nodes
        self.weights = weights
    }

    /// `int_a^b f(x) dx` with this rule mapped to `[a, b]`.
    @inlinable
    public func integrate(from a: Double, to b: Double, _ f: (Double) -> Double) -> Double {
        let half = 0.5 * (b - a), mid = 0.5 * (a + b)
        var sum = 0.0
        for i in 0..<nodes.count { sum += weights[i] * f(mid + half * nodes[i]) }
        return sum * half
    }
}
