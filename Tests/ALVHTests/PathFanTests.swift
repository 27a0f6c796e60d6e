import Foundation
import Testing
@testable import ALVH

@Suite("Fan charts: daily SPX and VIX quantiles across paths")
struct PathFanTests {
    @Test("quantiles per day from hand-made paths; a non-finite value is left out of its day and counted once per path")
    func constructed() {
        // 5 paths x 2 days (3 closes each); path 4 has a NaN VIX on day 2.
        let days = 2, count = 5
        let spot = UnsafeMutableBufferPointer<Double>.allocate(capacity: count * (days + 1))
        let vix = UnsafeMutableBufferPointer<Double>.allocate(capacity: count * (days + 1))
        defer { spot.deallocate(); vix.deallocate() }
        for p in 0..<count {
            for d in 0...days {
                spot[p * (days + 1) + d] = 100 + Double(d) * Double(p)      // day 2: 100, 102, 104, 106, 108
                vix[p * (days + 1) + d] = 15 + Double(d) * Double(4 - p)   // day 2: 23, 21, 19, 17, (NaN)
            }
        }
        vix[4 * (days + 1) + 2] = .nan
        let fan = PathFan(spotPaths: spot, vixPaths: vix, count: count, days: days)
        let median = PathFan.levels.firstIndex(of: 0.5)!, p25 = PathFan.levels.firstIndex(of: 0.25)!
        #expect(fan.spx[median] == [100, 102, 104])
        #expect(fan.spx[p25][2] == 102)          // linear interpolation: position 0.25 x 4 = 1
        #expect(fan.vix[median][2] == 20)        // four finite values 17, 19, 21, 23: position 1.5
        #expect(fan.vix[median][0] == 15)
        #expect(fan.nonFinitePaths == 1)
    }

    @Test("the fan of a hedge run is drawn from the run's own first paths: its horizon median is theirs")
    func agreesWithOutcomes() throws {
        let settings = PathSimulationSettings(paths: 3_000, days: 21, seed: 5, threads: 2, batchSize: 256)
        let model = TestMarkets.illustrative()
        let (outcomes, _) = try HedgeSimulation.run(model: model, layouts: [HedgeLayout.embeddedDefault()], settings: settings, recordFan: true)
        let fan = try #require(outcomes[0].fan)
        #expect(fan.sampledPaths == 3_000 && fan.nonFinitePaths == 0)
        let median = PathFan.levels.firstIndex(of: 0.5)!
        let levels = outcomes[0].spxReturn.map { model.spot * (1 + $0) }.sorted()
        #expect(abs(fan.spx[median][21] - SampleStatistics.quantile(sorted: levels, 0.5)) < 1e-9 * model.spot)
        let vix = outcomes[0].vixTerminal.sorted()
        #expect(abs(fan.vix[median][21] - SampleStatistics.quantile(sorted: vix, 0.5)) < 1e-9)
        #expect(abs(fan.vix[median][0] - model.initialVIX) < 1e-9)
        // Asking for the fan changes no path.
        let (plain, _) = try HedgeSimulation.run(model: model, layouts: [HedgeLayout.embeddedDefault()], settings: settings)
        #expect(plain[0].hedgedPnL == outcomes[0].hedgedPnL && plain[0].fan == nil)
    }
}
