import Foundation
import Testing
@testable import ALVH

/// Interpolation error of the repricing tables against direct pricing at random points (fixed seed).
/// Targets from the issue: below 1e-4 of the strike for SPX options, below 0.005 VIX points for VIX futures; VIX
/// options are held to the same 0.005 points.
@Suite("Repricing tables against direct pricing")
struct PriceTableTests {
    static func uniforms(_ count: Int, seed: UInt64) -> [Double] {
        let g = Philox4x32(seed: seed)
        return (0..<count).map { openUnitInterval(g.block(UInt32($0), 0, 0, 0).0) }
    }

    @Test("SPX put and call tables within 1e-4 of the strike", arguments: ["default", "svcj"], [1.0, 21, 126])
    func spx(market: String, days: Double) throws {
        let model = market == "default" ? TestMarkets.illustrative()
            : try MarketModel.load(path: ConfigTests.root.appendingPathComponent("configs/markets/\(market).yaml").path)
        let pricer = SPXOptionPricer(model: model)
        let tau = days / 252
        let table = SPXOptionTable(pricer: pricer, years: tau)
        let u = PriceTableTests.uniforms(240, seed: UInt64(days))
        for i in stride(from: 0, to: u.count, by: 3) {
            let x = (2 * u[i] - 1) * min(0.6, 4 * (0.3 * tau).squareRoot() + 0.1)
            let v = pow(u[i + 1], 2) * 0.6
            let spot = model.spot, strike = spot / exp(x)
            let kind: OptionKind = u[i + 2] < 0.5 ? .put : .call
            let direct = pricer.value(kind, strike: strike, spot: spot, variance: v, years: tau).price
            let interpolated = table.value(kind, strike: strike, spot: spot, variance: v)
            #expect(abs(interpolated - direct) < 1e-4 * strike, "\(market) \(days)d \(kind) x \(x) v \(v)")
        }
        // Far outside the grid: the asymptotes.
        #expect(table.value(.put, strike: model.spot * 0.01, spot: model.spot, variance: 0.04) == 0)
    }

    @Test("VIX future and option tables within 0.005 VIX points", arguments: [5.0, 42, 105])
    func vix(days: Double) {
        let model = TestMarkets.illustrative()
        let pricer = VIXPricer(model: model)
        let tau = days / 252
        let future = VIXTable(pricer: pricer, payoff: .future, years: tau)
        let call = VIXTable(pricer: pricer, payoff: .option(.call, strike: 25), years: tau)
        let put = VIXTable(pricer: pricer, payoff: .option(.put, strike: 18), years: tau)
        for u in PriceTableTests.uniforms(40, seed: 7 + UInt64(days)) {
            let v = pow(u, 2) * 0.8
            #expect(abs(future.value(variance: v) - pricer.futurePrice(variance: v, years: tau)) < 0.005, "future v \(v)")
            #expect(abs(call.value(variance: v) - pricer.optionPrice(.call, strike: 25, variance: v, years: tau)) < 0.005, "call v \(v)")
            #expect(abs(put.value(variance: v) - pricer.optionPrice(.put, strike: 18, variance: v, years: tau)) < 0.005, "put v \(v)")
        }
    }
}

extension PriceTableTests {
    @Test("batch look-ups equal the scalar look-ups")
    func batchEqualsScalar() {
        let model = TestMarkets.illustrative()
        let spx = SPXOptionTable(pricer: SPXOptionPricer(model: model), years: 32.0 / 252)
        let vix = VIXTable(pricer: VIXPricer(model: model), payoff: .future, years: 30.0 / 252)
        let u = PriceTableTests.uniforms(600, seed: 99)
        let xs = (0..<300).map { (2 * u[$0] - 1) * 1.5 }          // includes points beyond the grid
        let vs = (0..<300).map { pow(u[300 + $0], 2) * 3 }        // includes variances beyond 150 % vol
        var out = [Double](repeating: 0, count: 300)
        spx.putsPerUnitStrike(logMoneyness: xs, variance: vs, into: &out)
        for i in 0..<300 {
            let scalar = spx.putPerUnitStrike(logMoneyness: xs[i], variance: vs[i])
            #expect(abs(out[i] - scalar) <= 1e-15 * max(1, abs(scalar)), "x \(xs[i]) v \(vs[i])")
        }
        vix.values(variance: vs, into: &out)
        for i in 0..<300 { #expect(out[i] == vix.value(variance: vs[i])) }
    }
}

extension PriceTableTests {
    @Test("a NaN state gives a NaN value (counted downstream), never a crash")
    func nanInNanOut() {
        let model = TestMarkets.illustrative()
        let spx = SPXOptionTable(pricer: SPXOptionPricer(model: model), years: 21.0 / 252)
        let vix = VIXTable(pricer: VIXPricer(model: model), payoff: .future, years: 21.0 / 252)
        #expect(spx.putPerUnitStrike(logMoneyness: .nan, variance: 0.04).isNaN)
        #expect(spx.putPerUnitStrike(logMoneyness: 0, variance: .nan).isNaN)
        #expect(vix.value(variance: .nan).isNaN)
        var out = [Double](repeating: 0, count: 3)
        spx.putsPerUnitStrike(logMoneyness: [0, .nan, 0.1], variance: [.nan, 0.04, 0.04], into: &out)
        #expect(out[0].isNaN && out[1].isNaN && out[2].isFinite)
    }
}

extension PriceTableTests {
    /// Two-factor tables on `configs/markets/two-factor.yaml` (state-dependent jumps: transforms from the Riccati
    /// ODEs), random states with the second factor up to 50 % volatility.
    @Test("two-factor SPX tables within 1e-4 of the strike", arguments: [5.0, 21, 63])
    func spxTwoFactor(days: Double) throws {
        let model = try TwoFactorModelTests.shipped()
        let pricer = SPXOptionPricer(model: model)
        let tau = days / 252
        let table = SPXOptionTable(pricer: pricer, years: tau)
        let u = PriceTableTests.uniforms(160, seed: 300 + UInt64(days))
        for i in stride(from: 0, to: u.count, by: 4) {
            let x = (2 * u[i] - 1) * min(0.6, 4 * (0.3 * tau).squareRoot() + 0.1)
            let v = pow(u[i + 1], 2) * 0.6, v2 = pow(u[i + 2], 2) * 0.25
            let spot = model.spot, strike = spot / exp(x)
            let kind: OptionKind = u[i + 3] < 0.5 ? .put : .call
            let direct = pricer.value(kind, strike: strike, spot: spot, variance: v, secondVariance: v2, years: tau).price
            let interpolated = table.value(kind, strike: strike, spot: spot, variance: v, secondVariance: v2)
            #expect(abs(interpolated - direct) < 1e-4 * strike, "\(days)d \(kind) x \(x) v \(v) v2 \(v2): \(interpolated) vs \(direct)")
        }
    }

    @Test("two-factor VIX future and option tables within 0.005 VIX points", arguments: [5.0, 42, 105])
    func vixTwoFactor(days: Double) throws {
        let model = try TwoFactorModelTests.shipped()
        let pricer = VIXPricer(model: model)
        let tau = days / 252
        let future = VIXTable(pricer: pricer, payoff: .future, years: tau)
        let call = VIXTable(pricer: pricer, payoff: .option(.call, strike: 25), years: tau)
        let put = VIXTable(pricer: pricer, payoff: .option(.put, strike: 18), years: tau)
        let u = PriceTableTests.uniforms(60, seed: 17 + UInt64(days))
        for i in stride(from: 0, to: u.count, by: 2) {
            let v = pow(u[i], 2) * 0.8, v2 = pow(u[i + 1], 2) * 0.25
            let f = pricer.futurePrice(variance: v, secondVariance: v2, years: tau)
            #expect(abs(future.value(variance: v, secondVariance: v2) - f) < 0.005, "future v \(v) v2 \(v2)")
            let c = pricer.optionPrice(.call, strike: 25, variance: v, secondVariance: v2, years: tau)
            #expect(abs(call.value(variance: v, secondVariance: v2) - c) < 0.005, "call v \(v) v2 \(v2)")
            let p = pricer.optionPrice(.put, strike: 18, variance: v, secondVariance: v2, years: tau)
            #expect(abs(put.value(variance: v, secondVariance: v2) - p) < 0.005, "put v \(v) v2 \(v2)")
        }
    }
}
