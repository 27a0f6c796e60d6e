import Foundation

/// The figures of `StylisedFact.all` on a set of series (definitions in `StylisedFact`; estimators in
/// `StylisedFacts+Estimators.swift`), without standard errors.
extension StylisedFacts {
    static func measure(_ series: [DailyMarketSeries]) -> [StylisedFact: FactMeasurement] {
        var out: [StylisedFact: FactMeasurement] = [:]
        measureVIXDynamics(series, into: &out)
        measureSPXReturns(series, into: &out)
        measureFuturesCurve(series, into: &out)
        measureTermStructure(series, into: &out)
        return out
    }

    /// VIX level, volatility of its daily log change by band, AR(1) persistence and the SPX-VIX correlation, over the
    /// panel days and consecutive panel-day pairs.
    static func measureVIXDynamics(_ series: [DailyMarketSeries], into out: inout [StylisedFact: FactMeasurement]) {
        var levels: [Double] = []
        var changesByBand = [[Double]](repeating: [], count: VIXBand.allCases.count)
        var changes: [Double] = [], spxReturns: [Double] = []
        var before: [Double] = [], after: [Double] = []
        for s in series {
            var previous: (vix: Double, spx: Double)?
            for t in s.spx.indices {
                guard let v = s.vix[t] else { continue }
                levels.append(v)
                if let p = previous {
                    let x = log(v) - log(p.vix)
                    changes.append(x)
                    spxReturns.append(log(s.spx[t]) - log(p.spx))
                    changesByBand[VIXBand(previousClose: p.vix).rawValue].append(x)
                    before.append(p.vix)
                    after.append(v)
                }
                previous = (v, s.spx[t])
            }
        }
        levels.sort()
        for p in StylisedFact.vixPercentileLevels {
            out[.vixPercentile(p)] = FactMeasurement(
                value: levels.isEmpty ? nil : SampleStatistics.quantile(sorted: levels, p / 100), observations: levels.count)
        }
        for level in StylisedFact.vixShareLevels {
            let above = levels.count - (levels.lastIndex { $0 <= level }.map { $0 + 1 } ?? 0)
            out[.vixShareAbove(level)] = FactMeasurement(
                value: levels.isEmpty ? nil : Double(above) / Double(levels.count), observations: levels.count)
        }
        for band in VIXBand.allCases {
            let x = changesByBand[band.rawValue]
            out[.vixChangeVolatility(band)] = FactMeasurement(value: sampleStandardDeviation(x), observations: x.count)
        }
        let low = changesByBand[VIXBand.below12.rawValue] + changesByBand[VIXBand.from12To16.rawValue]
        let high = changesByBand[VIXBand.above30.rawValue]
        var ratio: Double?
        if let sdHigh = sampleStandardDeviation(high), let sdLow = sampleStandardDeviation(low), sdLow > 0 { ratio = sdHigh / sdLow }
        out[.vixChangeVolatilityRatio] = FactMeasurement(value: ratio, observations: low.count + high.count)
        for logarithm in [false, true] {
            let fit = logarithm ? AutoregressionFit(before.map { log($0) }, after.map { log($0) }) : AutoregressionFit(before, after)
            out[.halfLife(logarithm: logarithm)] = FactMeasurement(value: fit?.halfLife, observations: before.count)
        }
        out[.spxVIXCorrelation] = FactMeasurement(value: pearsonCorrelation(spxReturns, changes), observations: changes.count)
    }

    /// SPX price returns over 1, 21 and 63 SPX trading days from every panel day, and from the calm ones.
    static func measureSPXReturns(_ series: [DailyMarketSeries], into out: inout [StylisedFact: FactMeasurement]) {
        for h in StylisedFact.returnHorizons {
            var all: [Double] = [], calm: [Double] = []
            for s in series where s.spx.count > h {
                for t in 0..<(s.spx.count - h) {
                    guard let v = s.vix[t] else { continue }
                    let r = s.spx[t + h] / s.spx[t] - 1
                    all.append(r)
                    if StylisedFact.calmVIX.contains(v) { calm.append(r) }
                }
            }
            for (returns, isCalm) in [(all, false), (calm, true)] {
                let sorted = returns.sorted()
                for level in StylisedFact.returnQuantileLevels {
                    out[.spxReturnQuantile(horizon: h, level: level, calmStart: isCalm)] = FactMeasurement(
                        value: sorted.isEmpty ? nil : SampleStatistics.quantile(sorted: sorted, level), observations: sorted.count)
                }
                if h == StylisedFact.shortfallHorizon {
                    out[.spxExpectedShortfall(horizon: h, calmStart: isCalm)] = FactMeasurement(
                        value: expectedShortfall99(sorted: sorted), observations: sorted.count)
                }
            }
        }
    }

    /// The front/second futures: backwardation, slope and basis per trade date, and the roll index.
    static func measureFuturesCurve(_ series: [DailyMarketSeries], into out: inout [StylisedFact: FactMeasurement]) {
        var days = 0, backwardated = 0, slope = 0.0, basis = 0.0, basisDays = 0
        var indexChange = 0.0, indexDays = 0
        for s in series {
            for f in s.futures {
                days += 1
                if f.front > f.second { backwardated += 1 }
                slope += f.second / f.front - 1
                if let v = f.vix {
                    basis += f.front / v - 1
                    basisDays += 1
                }
            }
            for t in s.futures.indices.dropFirst() {
                guard let change = rollIndexLogChange(from: s.futures[t - 1], to: s.futures[t]) else { continue }
                indexChange += change
                indexDays += 1
            }
        }
        func mean(_ sum: Double, _ n: Int) -> Double? { n > 0 ? sum / Double(n) : nil }
        out[.backwardationShare] = FactMeasurement(value: mean(Double(backwardated), days), observations: days)
        out[.secondOverFront] = FactMeasurement(value: mean(slope, days), observations: days)
        out[.frontOverVIX] = FactMeasurement(value: mean(basis, basisDays), observations: basisDays)
        out[.rollIndexMonthlyChange] = FactMeasurement(
            value: mean(indexChange, indexDays).map { StylisedFact.tradingDaysPerMonth * $0 }, observations: indexDays)
    }

    /// VIX3M against VIX on the panel days with both.
    static func measureTermStructure(_ series: [DailyMarketSeries], into out: inout [StylisedFact: FactMeasurement]) {
        var days = 0, inverted = 0, ratio = 0.0
        for s in series where !s.vix3m.isEmpty {
            for t in s.spx.indices {
                guard let v = s.vix[t], let v3 = s.vix3m[t] else { continue }
                days += 1
                ratio += v3 / v
                if v > v3 { inverted += 1 }
            }
        }
        out[.vix3mOverVIX] = FactMeasurement(value: days > 0 ? ratio / Double(days) : nil, observations: days)
        out[.vixAboveVIX3MShare] = FactMeasurement(value: days > 0 ? Double(inverted) / Double(days) : nil, observations: days)
    }
}
