import Foundation

/// The rebuilt short-term futures index (`HistoricalFuturesIndex`) against an ETN that tracks it (the original iPath
/// VXX, 2009-01-30 .. 2017-01-06, Yahoo `Adj Close`, which carries the reverse splits).
///
/// What is measured, on the dates both series have (futures trade dates that are also ETN dates; an interval that
/// spans an index break is left out):
/// - daily log returns of each from one common date to the next: their correlation, the tracking error
///   `sqrt(252) x sd(r_index - r_etn)` in percent a year, and the mean daily difference;
/// - 5-day log returns over consecutive non-overlapping blocks of 5 common-date intervals: their correlation. The
///   futures settle at 4:15 pm ET (the settlement window before 2021) while the ETN's close is the 4:00 pm NYSE close, so
///   a late move lands on different days in the two series; summing over 5 days removes most of that timing noise
///   (daily correlation is about 0.96, the 5-day one above 0.98);
/// - calendar-month simple returns, from the last common date of one month to the last of the next (months with a
///   break left out): the mean of each, in percent. The ETN is the total-return index (plus T-bill interest on the
///   notional) less its fee (0.89 % a year), so its monthly mean differs from the excess-return index's by
///   `(T-bill - 0.89 %)/12`, under 0.1 point over 2009-2017;
/// - the index's annual roll cost over the comparison span (`HistoricalFuturesIndex.annualRollCostPercent`).
public struct FuturesIndexETNComparison: Sendable {
    public let etnFile: String
    public let indexFile: String
    public let first: TradingDate
    public let last: TradingDate
    /// Common dates of the index and the ETN.
    public let commonDays: Int
    /// Daily intervals used (both returns defined).
    public let dailyReturns: Int
    public let dailyCorrelation: Double
    /// `sqrt(252) x sd(r_index - r_etn)`, percent a year.
    public let trackingErrorPercent: Double
    /// `252 x mean(r_index - r_etn)`, percent a year (log).
    public let meanDifferencePercentPerYear: Double
    public let fiveDayReturns: Int
    public let fiveDayCorrelation: Double
    public let months: Int
    public let indexMeanMonthlyReturnPercent: Double
    public let etnMeanMonthlyReturnPercent: Double
    /// The index's roll cost over the comparison span, percent a year.
    public let annualRollCostPercent: Double
    /// The index's annualised log return and the ETN's over the comparison span, percent a year (252 days).
    public let indexLogReturnPercentPerYear: Double
    public let etnLogReturnPercentPerYear: Double
    /// The ETN's dates without a futures settlement (left out).
    public let etnDatesWithoutIndex: Int
    /// Index breaks inside the span.
    public let breaks: [TradingDate]

    /// - Throws: `DataError.emptyWindow` when fewer than 3 common months (or 10 common days) remain.
    public init(index: HistoricalFuturesIndex, etn: DailyCloses) throws(DataError) {
        var positions: [(index: Int, etn: Int)] = []
        var missing = 0
        for j in etn.dates.indices {
            if let k = index.position(of: etn.dates[j]) { positions.append((k, j)) } else if etn.dates[j] >= (index.dates.first ?? etn.dates[j])
                && etn.dates[j] <= (index.dates.last ?? etn.dates[j]) { missing += 1 }
        }
        guard positions.count >= 10, let firstCommon = positions.first, let lastCommon = positions.last else {
            throw .emptyWindow(from: index.dates[0], to: index.dates[index.dates.count - 1],
                               reason: "the index from \(index.file) shares fewer than 10 dates with \(etn.file) "
                                   + "(\(etn.dates.first.map(\.description) ?? "") .. \(etn.dates.last.map(\.description) ?? "")).")
        }
        var ri: [Double] = [], re: [Double] = []
        for m in 1..<positions.count {
            guard let a = index.logChange(from: positions[m - 1].index, to: positions[m].index) else { continue }
            ri.append(a)
            re.append(log(etn.closes[positions[m].etn] / etn.closes[positions[m - 1].etn]))
        }
        // 5-day blocks over consecutive intervals (a break ends a block: it restarts after the break).
        var r5i: [Double] = [], r5e: [Double] = []
        var m = 1
        while m + 4 < positions.count {
            if let a = index.logChange(from: positions[m - 1].index, to: positions[m + 4].index) {
                r5i.append(a)
                r5e.append(log(etn.closes[positions[m + 4].etn] / etn.closes[positions[m - 1].etn]))
                m += 5
            } else {
                m += 1
            }
        }
        // Month ends: the last common date of each calendar month.
        var monthEnds: [(index: Int, etn: Int)] = []
        for (n, p) in positions.enumerated() {
            let d = etn.dates[p.etn]
            if n + 1 == positions.count {
                monthEnds.append(p)
            } else {
                let next = etn.dates[positions[n + 1].etn]
                if next.month != d.month || next.year != d.year { monthEnds.append(p) }
            }
        }
        var mi: [Double] = [], me: [Double] = []
        for n in 1..<max(monthEnds.count, 1) {
            guard let a = index.logChange(from: monthEnds[n - 1].index, to: monthEnds[n].index) else { continue }
            mi.append(100 * (exp(a) - 1))
            me.append(100 * (etn.closes[monthEnds[n].etn] / etn.closes[monthEnds[n - 1].etn] - 1))
        }
        guard mi.count >= 3, r5i.count >= 3 else {
            throw .emptyWindow(from: etn.dates[firstCommon.etn], to: etn.dates[lastCommon.etn],
                               reason: "fewer than 3 whole months or 5-day blocks shared by \(etn.file) and \(index.file).")
        }
        let diff = zip(ri, re).map { $0 - $1 }
        let years = Double(ri.count) / PathSimulationSettings.tradingDaysPerYear
        etnFile = etn.file
        indexFile = index.file
        first = etn.dates[firstCommon.etn]
        last = etn.dates[lastCommon.etn]
        commonDays = positions.count
        dailyReturns = ri.count
        dailyCorrelation = Self.correlation(ri, re)
        trackingErrorPercent = 100 * Self.standardDeviation(diff) * PathSimulationSettings.tradingDaysPerYear.squareRoot()
        meanDifferencePercentPerYear = 100 * PathSimulationSettings.tradingDaysPerYear * diff.reduce(0, +) / Double(diff.count)
        fiveDayReturns = r5i.count
        fiveDayCorrelation = Self.correlation(r5i, r5e)
        months = mi.count
        indexMeanMonthlyReturnPercent = mi.reduce(0, +) / Double(mi.count)
        etnMeanMonthlyReturnPercent = me.reduce(0, +) / Double(me.count)
        annualRollCostPercent = index.annualRollCostPercent(from: firstCommon.index, to: lastCommon.index) ?? 0
        indexLogReturnPercentPerYear = 100 * ri.reduce(0, +) / years
        etnLogReturnPercentPerYear = 100 * re.reduce(0, +) / years
        etnDatesWithoutIndex = missing
        let (lo, hi) = (etn.dates[firstCommon.etn], etn.dates[lastCommon.etn])
        breaks = index.breaks.filter { $0 > lo && $0 <= hi }
    }

    /// Sample (n - 1) standard deviation.
    static func standardDeviation(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
    }

    /// Pearson correlation.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
