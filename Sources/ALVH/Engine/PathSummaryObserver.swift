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

    /// Scratch per worker, one column per `Scratch` case. The sums of `r_S` and `r_V` telescope
    /// (`sum_t r_S = ln S_T - ln S_0`), so only the squares and cross products are summed day by day: three running
    /// sums per path-step instead of five (the daily pass is bound by memory traffic, not arithmetic).
    typealias Accumulator = OutcomeColumns

    /// The scratch columns: the previous close's `ln S` and `ln (VIX/100)^2`, their values at the start, and the
    /// running sums of `r_S^2`, `r_V^2`, `r_S r_V`.
    enum Scratch: Int, CaseIterable {
        case previousLogSpot, previousLogSquaredVIX, initialLogSpot, initialLogSquaredVIX, sumSS, sumVV, sumSV
    }

    func makeAccumulator(capacity: Int) -> Accumulator { OutcomeColumns(columns: Scratch.allCases.count, count: capacity) }

    func begin(_ acc: inout Accumulator, block: PathBlock) {
        typealias S = Scratch
        for i in 0..<block.count {
            let x = block.logSpot[i]
            let lq = naturalLogarithm(vix.squaredVIX(variance: block.variance[i], secondVariance: block.secondVariance[i]))
            acc[S.previousLogSpot.rawValue][i] = x
            acc[S.initialLogSpot.rawValue][i] = x
            acc[S.previousLogSquaredVIX.rawValue][i] = lq
            acc[S.initialLogSquaredVIX.rawValue][i] = lq
        }
        for k in [S.sumSS, .sumVV, .sumSV] { for i in 0..<block.count { acc[k.rawValue][i] = 0 } }
    }

    func observe(_ acc: inout Accumulator, block: PathBlock, day: Int) {
        typealias S = Scratch
        let x = block.logSpot.baseAddress!, v = block.variance.baseAddress!, v2 = block.secondVariance.baseAddress!
        let px = acc[S.previousLogSpot.rawValue].baseAddress!, pq = acc[S.previousLogSquaredVIX.rawValue].baseAddress!
        let sss = acc[S.sumSS.rawValue].baseAddress!, svv = acc[S.sumVV.rawValue].baseAddress!
        let ssv = acc[S.sumSV.rawValue].baseAddress!
        let a = vix.a, b = vix.b, a2 = vix.a2
        for i in 0..<block.count {
            let rs = x[i] - px[i]
            let lq = naturalLogarithm(a * max(v[i], 0) + b + a2 * max(v2[i], 0))
            let rv = 0.5 * (lq - pq[i])
            px[i] = x[i]
            pq[i] = lq
            sss[i] += rs * rs
            svv[i] += rv * rv
            ssv[i] += rs * rv
        }
    }

    func end(_ acc: inout Accumulator, block: PathBlock) {
        typealias S = Scratch
        let first = block.firstPath
        for i in 0..<block.count {
            columns[Column.logSpot.rawValue][first + i] = block.logSpot[i]
            columns[Column.variance.rawValue][first + i] = block.variance[i]
            columns[Column.secondVariance.rawValue][first + i] = block.secondVariance[i]
            columns[Column.sumS.rawValue][first + i] = block.logSpot[i] - acc[S.initialLogSpot.rawValue][i]
            columns[Column.sumV.rawValue][first + i] =
                0.5 * (acc[S.previousLogSquaredVIX.rawValue][i] - acc[S.initialLogSquaredVIX.rawValue][i])
            columns[Column.sumSS.rawValue][first + i] = acc[S.sumSS.rawValue][i]
            columns[Column.sumVV.rawValue][first + i] = acc[S.sumVV.rawValue][i]
            columns[Column.sumSV.rawValue][first + i] = acc[S.sumSV.rawValue][i]
        }
    }
}
