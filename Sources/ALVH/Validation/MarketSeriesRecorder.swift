import Foundation

/// Records, for every path and every trading day from `firstDay` to the horizon, what the stylised facts need:
/// SPX, the model VIX and VIX3M (`VIXFormula` at 30 and 93 calendar days, Q parameters) and the model front and
/// second VIX futures (`VIXFuturesCurveTables`, Q expectations of the VIX at their expiries) on a listed-style calendar:
/// a future expires every `schedule.cycleDays` (21) trading days, the front is the one with the nearest expiry strictly
/// after the day (`schedule.daysToFront`), the second expires one cycle later. Memory: 5 doubles per path and day.
struct MarketSeriesRecorder: PathObserver {
    enum Column: Int, CaseIterable { case spx, vix, vix3m, front, second }

    let firstDay: Int
    let rows: Int
    let vix: VIXFormula
    let threeMonth: VIXFormula
    let curve: VIXFuturesCurveTables
    let columns: OutcomeColumns

    init(paths: Int, firstDay: Int, lastDay: Int, vix: VIXFormula, threeMonth: VIXFormula, curve: VIXFuturesCurveTables) {
        precondition(0 <= firstDay && firstDay <= lastDay)
        self.firstDay = firstDay
        rows = lastDay - firstDay + 1
        self.vix = vix
        self.threeMonth = threeMonth
        self.curve = curve
        columns = OutcomeColumns(columns: Column.allCases.count, count: paths * rows)
    }

    typealias Accumulator = Void
    func makeAccumulator(capacity: Int) {}
    func begin(_ acc: inout Void, block: PathBlock) { record(block, day: 0) }
    func observe(_ acc: inout Void, block: PathBlock, day: Int) { record(block, day: day) }
    func end(_ acc: inout Void, block: PathBlock) {}

    private func record(_ block: PathBlock, day: Int) {
        guard day >= firstDay else { return }
        let front = curve.schedule.daysToFront(day: day), second = front + curve.schedule.cycleDays
        for i in 0..<block.count {
            let slot = (block.firstPath + i) * rows + (day - firstDay)
            let v = block.variance[i], v2 = block.secondVariance[i]
            columns[Column.spx.rawValue][slot] = exp(block.logSpot[i])
            columns[Column.vix.rawValue][slot] = vix.vix(variance: v, secondVariance: v2)
            columns[Column.vix3m.rawValue][slot] = threeMonth.vix(variance: v, secondVariance: v2)
            columns[Column.front.rawValue][slot] = curve.future(daysToExpiry: front, variance: v, secondVariance: v2)
            columns[Column.second.rawValue][slot] = curve.future(daysToExpiry: second, variance: v, secondVariance: v2)
        }
    }

    /// The recorded days of one path as a series (futures on every day, with the same day's VIX).
    func series(path: Int) -> DailyMarketSeries {
        let range = (path * rows)..<((path + 1) * rows)
        func column(_ c: Column) -> [Double] { Array(columns[c.rawValue][range]) }
        let spx = column(.spx), vix = column(.vix), front = column(.front), second = column(.second)
        let futures = (0..<rows).map { r in
            let d1 = curve.schedule.daysToFront(day: firstDay + r)
            return VIXFuturesCurveDay(front: front[r], second: second[r], frontDaysToExpiry: d1,
                                      secondDaysToExpiry: d1 + curve.schedule.cycleDays, vix: vix[r])
        }
        return DailyMarketSeries(simulatedSPX: spx, vix: vix, vix3m: column(.vix3m), futures: futures)
    }
}
