/// Keeps full daily paths (close of each trading day) for the first `count` paths, when asked (`--record`): SPX,
/// VIX and variance per day (two-factor markets: also VIX3M and the second factor's variance). Memory is `count x days`, independent of the number of paths simulated.
struct PathRecorder: PathObserver {
    let count: Int
    let days: Int
    let vix: VIXFormula
    /// The VIX3M map for two-factor markets (nil: one factor, no extra columns).
    let threeMonth: VIXFormula?
    /// `[path][day]`, day 0 = t0. Columns: spot, VIX, variance, then (two factors) VIX3M and the second variance.
    let columns: OutcomeColumns

    init(count: Int, days: Int, vix: VIXFormula, threeMonth: VIXFormula? = nil) {
        self.count = count
        self.days = days
        self.vix = vix
        self.threeMonth = threeMonth
        columns = OutcomeColumns(columns: threeMonth == nil ? 3 : 5, count: count * (days + 1))
    }

    typealias Accumulator = Void
    func makeAccumulator(capacity: Int) {}

    func begin(_ acc: inout Void, block: PathBlock) { record(block, day: 0) }
    func observe(_ acc: inout Void, block: PathBlock, day: Int) { record(block, day: day) }
    func end(_ acc: inout Void, block: PathBlock) {}

    private func record(_ block: PathBlock, day: Int) {
        let first = block.firstPath
        guard first < count else { return }
        for i in 0..<min(block.count, count - first) {
            let slot = (first + i) * (days + 1) + day
            columns[0][slot] = _exp(block.logSpot[i])
            columns[1][slot] = vix.vix(variance: block.variance[i], secondVariance: block.secondVariance[i])
            columns[2][slot] = block.variance[i]
            if let threeMonth {
                columns[3][slot] = threeMonth.vix(variance: block.variance[i], secondVariance: block.secondVariance[i])
                columns[4][slot] = block.secondVariance[i]
            }
        }
    }

    /// CSV: `path,day,spot,vix,variance` (two factors: `...,vix3m,second_variance`), one row per path and day.
    var csv: String {
        var out = threeMonth == nil ? "path,day,spot,vix,variance\n" : "path,day,spot,vix,variance,vix3m,second_variance\n"
        for p in 0..<count {
            for d in 0...days {
                let slot = p * (days + 1) + d
                out += "\(p),\(d),\(columns[0][slot]),\(columns[1][slot]),\(columns[2][slot])"
                if threeMonth != nil { out += ",\(columns[3][slot]),\(columns[4][slot])" }
                out += "\n"
            }
        }
        return out
    }
}

/// Two observers fed from one run (the engine takes one); both see every batch in the same order.
struct PairedObserver<First: PathObserver, Second: PathObserver>: PathObserver {
    let first: First
    let second: Second

    func makeAccumulator(capacity: Int) -> (First.Accumulator, Second.Accumulator) {
        (first.makeAccumulator(capacity: capacity), second.makeAccumulator(capacity: capacity))
    }
    func begin(_ acc: inout (First.Accumulator, Second.Accumulator), block: PathBlock) {
        first.begin(&acc.0, block: block)
        second.begin(&acc.1, block: block)
    }
    func observe(_ acc: inout (First.Accumulator, Second.Accumulator), block: PathBlock, day: Int) {
        first.observe(&acc.0, block: block, day: day)
        second.observe(&acc.1, block: block, day: day)
    }
    func end(_ acc: inout (First.Accumulator, Second.Accumulator), block: PathBlock) {
        first.end(&acc.0, block: block)
        second.end(&acc.1, block: block)
    }
    var warmUpDays: Int { max(first.warmUpDays, second.warmUpDays) }
    /// Each observer sees the last `warmUpDays` of its own days of the shared warm-up.
    func warmUp(_ acc: inout (First.Accumulator, Second.Accumulator), block: PathBlock, day: Int) {
        let total = warmUpDays
        if day > total - first.warmUpDays { first.warmUp(&acc.0, block: block, day: day - (total - first.warmUpDays)) }
        if day > total - second.warmUpDays { second.warmUp(&acc.1, block: block, day: day - (total - second.warmUpDays)) }
    }
}

import Foundation
@inline(__always) private func _exp(_ x: Double) -> Double { Foundation.exp(x) }
