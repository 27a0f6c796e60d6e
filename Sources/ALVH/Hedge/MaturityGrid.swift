/// Which remaining lives get their own repricing table, and how the others are read from their neighbours.
///
/// A table per trading day of remaining life costs one table build each (SPX: 0.1-0.3 s). Every life up to
/// `denseDays` (a month) has its own table; beyond it, tables sit on a grid about 8 % apart (`ratio`), plus the lives that trades
/// happen at (the tenor and the roll day: openings and rolls trade at a table's value, never an interpolated one), and
/// a mark with a life between two nodes `a < r < b` is the linear blend `((b - r) f_a + (r - a) f_b) / (b - a)`. For a
/// value that grows like `sqrt(tau)` the blend's relative error is about `(h / tau)^2 / 32`, 2e-4 at 8 % spacing; the
/// tests compare blended marks with exact tables at random states.
struct MaturityGrid: Sendable {
    static let denseDays = 21
    static let ratio = 1.08

    /// The standard nodes up to `limit`: every day to `denseDays`, then geometric steps of at least one day.
    static func standardNodes(upTo limit: Int) -> [Int] {
        var nodes = Array(1...min(denseDays, max(limit, 1)))
        var r = Double(denseDays)
        while Int(r) < limit {
            r = max(r * ratio, r + 1)
            nodes.append(Int(r.rounded()))
        }
        return nodes
    }

    /// Nodes (lives with their own table) and, for every other needed life, its two neighbouring nodes and weight.
    let nodes: Set<Int>
    let brackets: [Int: (lower: Int, upper: Int, weight: Double)]

    /// - Parameters:
    ///   - lives: the remaining lives the calendar needs.
    ///   - exact: lives that must be nodes (trades happen there).
    init(lives: Set<Int>, exact: Set<Int>) {
        guard let low = lives.min(), let high = lives.max() else {
            nodes = []
            brackets = [:]
            return
        }
        let standard = MaturityGrid.standardNodes(upTo: high).filter { $0 >= low && $0 <= high }
        let nodeSet = Set(standard).union(exact.intersection(lives)).union([low, high])
        let sorted = nodeSet.sorted()
        var brackets: [Int: (Int, Int, Double)] = [:]
        for r in lives where !nodeSet.contains(r) {
            let upper = sorted.first { $0 > r }!, lower = sorted.last { $0 < r }!
            brackets[r] = (lower, upper, Double(upper - r) / Double(upper - lower))
        }
        nodes = nodeSet
        self.brackets = brackets
    }
}
