import Foundation

/// OLS with intercept of `y_{t+1} = a + phi y_t + e` on pairs `(before[i], after[i])`:
/// `phi = sum (x_i - xbar)(y_i - ybar) / sum (x_i - xbar)^2`, `a = ybar - phi xbar`. `nil` with fewer than three pairs
/// or no spread in `before`.
struct AutoregressionFit: Equatable {
    let coefficient: Double
    let intercept: Double

    init?(_ before: [Double], _ after: [Double]) {
        precondition(before.count == after.count)
        let n = Double(before.count)
        guard before.count >= 3 else { return nil }
        let mx = before.reduce(0, +) / n, my = after.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in before.indices {
            let dx = before[i] - mx
            sxy += dx * (after[i] - my)
            sxx += dx * dx
        }
        guard sxx > 0 else { return nil }
        coefficient = sxy / sxx
        intercept = my - coefficient * mx
    }

    /// `ln 0.5 / ln phi` steps: how long a deviation from the long-run mean takes to halve; `nil` unless `0 < phi < 1`.
    var halfLife: Double? { coefficient > 0 && coefficient < 1 ? log(0.5) / log(coefficient) : nil }
}

extension StylisedFacts {
    /// Sample standard deviation with `n - 1` in the denominator (two passes); `nil` below two values.
    static func sampleStandardDeviation(_ x: [Double]) -> Double? {
        guard x.count >= 2 else { return nil }
        let mean = x.reduce(0, +) / Double(x.count)
        let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (ss / Double(x.count - 1)).squareRoot()
    }

    /// Pearson correlation `sum dx dy / sqrt(sum dx^2 sum dy^2)` (deviations from the means); `nil` below two pairs or
    /// without spread.
    static func pearsonCorrelation(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count)
        guard x.count >= 2 else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// ES99 of returns as a positive loss: `-mean` of the `k = ceil(n / 100)` lowest (integer arithmetic; the script's
    /// floating `ceil((1 - 0.99) n)` takes one more when `n` is a multiple of 100). `nil` for no returns.
    static func expectedShortfall99(sorted r: [Double]) -> Double? {
        guard !r.isEmpty else { return nil }
        let k = (r.count + 99) / 100
        return -r.prefix(k).reduce(0, +) / Double(k)
    }

    /// The front's weight in the short-term futures index held at the close of a futures day:
    /// `w = (d1 - 1) / (d2 - d1)`, clamped to `[0, 1]`, with `d1`, `d2` the front's and second's days to expiry.
    ///
    /// The rule of the S&P 500 VIX Short-Term Futures Index (S&P DJI methodology; what VXX and VIXY track):
    /// `w = dr / dt`, `dt` the trading days of the roll period (from one expiry to the next, `d2 - d1`), `dr` those
    /// left after today up to the day before the front's expiry (`d1 - 1`). The front's weight falls by `1 / dt` a day
    /// and is 0 at the close of its last day before expiry, so an expiring contract is never held into its
    /// settlement. Clamped where listed months are more than one apart (2004-2006: `d1 > d2 - d1` is possible).
    static func frontWeight(_ day: VIXFuturesCurveDay) -> Double {
        let w = Double(day.frontDaysToExpiry - 1) / Double(day.secondDaysToExpiry - day.frontDaysToExpiry)
        return min(max(w, 0), 1)
    }

    /// Log change of the index from the close of one futures day to the next: the basket held at the earlier close
    /// (`w` front, `1 - w` second) valued at both closes, `ln[(w F1' + (1 - w) F2') / (w F1 + (1 - w) F2)]`, where
    /// `F1'`, `F2'` are the same two contracts' settles the next day. They are found by their days to expiry (one
    /// fewer): no roll (`d1' = d1 - 1`, `d2' = d2 - 1`), or the front expired (`d1 = 1`, so `w = 0`, and the old
    /// second is the new front, `d1' = d2 - 1`). `nil` when the rows do not chain (a gap in the data, a listing change):
    /// that day is left out. Futures are free to hold, so this is the excess return; no T-bill interest, no fee.
    static func rollIndexLogChange(from a: VIXFuturesCurveDay, to b: VIXFuturesCurveDay) -> Double? {
        let w = frontWeight(a)
        let held = w * a.front + (1 - w) * a.second
        if b.frontDaysToExpiry == a.frontDaysToExpiry - 1 && b.secondDaysToExpiry == a.secondDaysToExpiry - 1 {
            return log((w * b.front + (1 - w) * b.second) / held)
        }
        if a.frontDaysToExpiry == 1 && b.frontDaysToExpiry == a.secondDaysToExpiry - 1 {
            return log(b.front / held)
        }
        return nil
    }
}
