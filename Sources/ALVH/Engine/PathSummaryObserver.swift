import Foundation

/// Records what `alvh paths` reports: terminal log price and factor variances per path, and per path the sums of
/// daily log returns of SPX (`r_S = ln S_t - ln S_{t-1}`) and of the model VIX (`r_V = ln VIX_t - ln VIX_{t-1}
/// = (1/2) ln((A_1 v1_t+ + A_2 v2_t+ + B)/(...)_{t-1})`), their squares and cross products, for the pooled correlation.
struct PathSummaryObserver: PathObserver {
    enum Column: Int, CaseIterable {
        case logSpot, variance, sumS, sumV, sumSS, sumVV, sumSV, secondVariance
    }

    let columns: OutcomeColumns
    let vix: VIXFormula

    init(paths: Int, vix: VIXFormula) {
        columns = OutcomeColumns(columns: Column.allCases.count, count: paths)
        self.vix = vix
    }

    /// Scratch per worker: columns 0 and 1 hold the previous close's `ln S` and `ln (VIX/100)^2`, columns 2...6 the
    /// running sums `r_S, r_V, r_S^2, r_V^2, r_S r_V` of the paths in the block.
    typealias Accumulator = OutcomeColumns

    func makeAccumulator(capacity: Int) -> Accumulator { OutcomeColumns(columns: 7, count: capacity) }

    func begin(_ acc: inout Accumulator, block: PathBlock) {
        for i in 0..<block.count {
            acc[0][i] = block.logSpot[i]
            acc[1][i] = naturalLogarithm(vix.squaredVIX(variance: block.variance[i], secondVariance: block.secondVariance[i]))
        }
        for k in 2..<7 { for i in 0..<block.count { acc[k][i] = 0 } }
    }

    func observe(_ acc: inout Accumulator, block: PathBlock, day: Int) {
        let x = block.logSpot.baseAddress!, v = block.variance.baseAddress!, v2 = block.secondVariance.baseAddress!
        let px = acc[0].baseAddress!, pq = acc[1].baseAddress!
        let s = acc[2].baseAddress!, sv = acc[3].baseAddress!, sss = acc[4].baseAddress!
        let svv = acc[5].baseAddress!, ssv = acc[6].baseAddress!
        let a = vix.a, b = vix.b, a2 = vix.a2
        for i in 0..<block.count {
            let rs = x[i] - px[i]
            let lq = naturalLogarithm(a * max(v[i], 0) + b + a2 * max(v2[i], 0))
            let rv = 0.5 * (lq - pq[i])
            px[i] = x[i]
            pq[i] = lq
            s[i] += rs
            sv[i] += rv
            sss[i] += rs * rs
            svv[i] += rv * rv
            ssv[i] += rs * rv
        }
    }

    func end(_ acc: inout Accumulator, block: PathBlock) {
        let first = block.firstPath
        for i in 0..<block.count {
            columns[Column.logSpot.rawValue][first + i] = block.logSpot[i]
            columns[Column.variance.rawValue][first + i] = block.variance[i]
            columns[Column.secondVariance.rawValue][first + i] = block.secondVariance[i]
            for k in 0..<5 { columns[Column.sumS.rawValue + k][first + i] = acc[2 + k][i] }
        }
    }
}
