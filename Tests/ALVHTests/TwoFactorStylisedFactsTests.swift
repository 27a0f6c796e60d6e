import Foundation
import Testing
@testable import ALVH

/// Per path, over every simulated day: count, sum and sum of squares of daily d ln VIX by the previous day's VIX band
/// (< 12, 12-16, 16-20, 20-30, > 30), and the sums for the pooled corr(SPX log return, d ln VIX).
struct VIXBandObserver: PathObserver {
    static let bands = [12.0, 16, 20, 30]
    let vix: VIXFormula
    /// Columns: 15 band statistics (band b: 3b count, 3b+1 sum, 3b+2 sum of squares), then sumS, sumV, sumSS, sumVV, sumSV.
    let columns: OutcomeColumns
    init(paths: Int, vix: VIXFormula) {
        self.vix = vix
        columns = OutcomeColumns(columns: 20, count: paths)
    }
    typealias Accumulator = OutcomeColumns   // columns 0, 1: previous ln S and ln VIX; then the 20 sums
    func makeAccumulator(capacity: Int) -> OutcomeColumns { OutcomeColumns(columns: 22, count: capacity) }
    func begin(_ acc: inout OutcomeColumns, block: PathBlock) {
        for i in 0..<block.count {
            acc[0][i] = block.logSpot[i]
            acc[1][i] = log(vix.vix(variance: block.variance[i], secondVariance: block.secondVariance[i]))
            for k in 2..<22 { acc[k][i] = 0 }
        }
    }
    func observe(_ acc: inout OutcomeColumns, block: PathBlock, day: Int) {
        for i in 0..<block.count {
            let lv = log(vix.vix(variance: block.variance[i], secondVariance: block.secondVariance[i]))
            let rs = block.logSpot[i] - acc[0][i], rv = lv - acc[1][i]
            let previous = exp(acc[1][i])
            let band = VIXBandObserver.bands.firstIndex { previous < $0 } ?? VIXBandObserver.bands.count
            acc[2 + 3 * band][i] += 1
            acc[3 + 3 * band][i] += rv
            acc[4 + 3 * band][i] += rv * rv
            acc[17][i] += rs; acc[18][i] += rv; acc[19][i] += rs * rs; acc[20][i] += rv * rv; acc[21][i] += rs * rv
            acc[0][i] = block.logSpot[i]
            acc[1][i] = lv
        }
    }
    func end(_ acc: inout OutcomeColumns, block: PathBlock) {
        for i in 0..<block.count { for k in 0..<20 { columns[k][block.firstPath + i] = acc[2 + k][i] } }
    }
}

/// Issue 9's bands for `configs/markets/two-factor.yaml`, measured with alvh's own engine under P (history figures
/// from scripts/history_facts.py on ../shared/data, 1990-2026, in the comments).
@Suite("Two-factor market: stylised facts under P")
struct TwoFactorStylisedFactsTests {
    @Test("2,000 paths x 20 years: vol of d ln VIX rises with the level, corr(SPX, d ln VIX) in [-0.80, -0.62], floor below 9.5")
    func dailyDynamics() throws {
        let model = try TwoFactorModelTests.shipped()
        let settings = PathSimulationSettings(paths: 2000, days: 20 * 252, seed: 11, threads: 2, measure: .realWorld)
        let engine = try PathEngine(model: model, settings: settings)
        let observer = VIXBandObserver(paths: settings.paths, vix: model.vixFormula)
        try engine.run(observer)
        var totals = [Double](repeating: 0, count: 20)
        for k in 0..<20 { for i in 0..<settings.paths { totals[k] += observer.columns[k][i] } }
        func sd(_ band: Int) -> Double {
            let n = totals[3 * band], s = totals[3 * band + 1], ss = totals[3 * band + 2]
            return ((ss - s * s / n) / (n - 1)).squareRoot()
        }
        // Below 16: bands 0 and 1 pooled.
        let nLow = totals[0] + totals[3], sLow = totals[1] + totals[4], ssLow = totals[2] + totals[5]
        let sdLow = ((ssLow - sLow * sLow / nLow) / (nLow - 1)).squareRoot()
        let sdHigh = sd(4)
        // History: 0.055 (< 12), 0.061 (12-16), 0.070 (16-20), 0.070 (20-30), 0.089 (> 30); ratio 1.49.
        #expect(totals[12] > 1000, "days above VIX 30: \(totals[12])")
        #expect(sdHigh >= 1.2 * sdLow, "sd d ln VIX above 30 \(sdHigh) vs below 16 \(sdLow) (bands \((0..<5).map(sd)))")
        let m = Double(settings.paths * settings.days)
        let cov = totals[19] - totals[15] * totals[16] / m
        let varS = totals[17] - totals[15] * totals[15] / m, varV = totals[18] - totals[16] * totals[16] / m
        let corr = cov / (varS * varV).squareRoot()
        #expect((-0.80)...(-0.62) ~= corr, "corr(SPX return, d ln VIX) = \(corr) (history -0.714)")
        #expect(model.vixFormula.minimumVIX < 9.5, "floor \(model.vixFormula.minimumVIX) (history lowest close 9.14)")
    }

    @Test("63-day SPX ES99 from VIX 13 (fast factor at rest) below 24 % (history from VIX 11-15 starts: 20.3 %)")
    func calmStartTail() throws {
        var model = try TwoFactorModelTests.shipped()
        let f = model.vixFormula
        model.initialVariance = 0
        model.initialSecondVariance = (0.13 * 0.13 - f.b) / f.a2
        #expect(abs(model.initialVIX - 13) < 1e-9)
        let settings = PathSimulationSettings(paths: 100_000, days: 63, seed: 13, threads: 2, measure: .realWorld)
        let states = try simulateTerminal(model, settings)
        let returns = states.logSpot.map { exp($0) / model.spot - 1 }
        let tail = TailRisk(pnl: returns, confidences: [0.99]).levels[0]
        #expect(tail.expectedShortfall < 0.24, "ES99 \(tail.expectedShortfall) +/- \(tail.expectedShortfallStandardError)")
    }

    /// Black-76 implied volatility of a call on the future `F` by bisection.
    static func impliedVolatility(call: Double, future: Double, strike: Double, years t: Double, discount: Double) -> Double {
        func black(_ sigma: Double) -> Double {
            let sd = sigma * t.squareRoot()
            let d1 = (log(future / strike) + 0.5 * sd * sd) / sd, d2 = d1 - sd
            func n(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
            return discount * (future * n(d1) - strike * n(d2))
        }
        var lo = 1e-4, hi = 10.0
        for _ in 0..<200 { let mid = 0.5 * (lo + hi); if black(mid) < call { lo = mid } else { hi = mid } }
        return 0.5 * (lo + hi)
    }

    @Test("VIX smile: Black-76 implied vols rise with strike at 21 days (K/F 1.0 to 1.5) and fall by at most 1 point at 63")
    func vixSmile() throws {
        let model = try TwoFactorModelTests.shipped()
        let pricer = VIXPricer(model: model)
        for days in [21.0, 63] {
            let t = days / 252
            let future = pricer.futurePrice(variance: model.initialVariance, secondVariance: model.initialSecondVariance, years: t)
            let vols = stride(from: 1.0, through: 1.5, by: 0.1).map { m -> Double in
                let call = pricer.optionPrice(.call, strike: m * future, variance: model.initialVariance,
                                              secondVariance: model.initialSecondVariance, years: t)
                return TwoFactorStylisedFactsTests.impliedVolatility(call: call, future: future, strike: m * future, years: t, discount: exp(-model.rate * t))
            }
            if days == 21 {
                #expect(zip(vols, vols.dropFirst()).allSatisfy { $0.0 < $0.1 }, "21d vols \(vols)")
            } else {
                #expect(vols.last! > vols.first! - 0.01, "63d vols \(vols)")
            }
        }
    }
}
