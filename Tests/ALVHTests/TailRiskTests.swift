import Foundation
import Testing
@testable import ALVH

@Suite("VaR and ES estimators")
struct TailRiskTests {
    static func normals(_ n: Int, seed: UInt64, lane: Int = 0) -> [Double] {
        let s = PathRandomStream(seed: seed)
        return (0..<n).map {
            let w = s.stepBlock(path: $0, step: lane)
            return inverseStandardNormalCDF(openUnitInterval(w.0))
        }
    }

    static let levels = [0.95, 0.99, 0.995, 0.999]
    static func phi(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }

    @Test("standard normal losses: VaR and ES at 95/99/99.5/99.9 % within 4 standard errors of the truth")
    func normal() {
        let losses = TailRiskTests.normals(400_000, seed: 1)
        let risk = TailRisk(pnl: losses.map { -$0 })
        for level in risk.levels {
            let q = inverseStandardNormalCDF(level.confidence)
            let es = TailRiskTests.phi(q) / (1 - level.confidence)
            #expect(abs(level.valueAtRisk - q) < 4 * level.valueAtRiskStandardError, "VaR \(level.confidence)")
            #expect(abs(level.expectedShortfall - es) < 4 * level.expectedShortfallStandardError, "ES \(level.confidence)")
            #expect(level.expectedShortfall >= level.valueAtRisk)
        }
    }

    /// Student t with 4 degrees of freedom: CDF F(t) = 1/2 + (3/4)(u - u^3/3), u = t / sqrt(t^2 + 4); density
    /// f(t) = (3/8)(1 + t^2/4)^{-5/2}; ES_alpha = (4 + q^2)/3 f(q)/(1 - alpha) (McNeil, Frey & Embrechts 2005).
    static func studentT4Quantile(_ p: Double) -> Double {
        func cdf(_ t: Double) -> Double { let u = t / (t * t + 4).squareRoot(); return 0.5 + 0.75 * (u - u * u * u / 3) }
        var lo = 0.0, hi = 200.0
        for _ in 0..<200 { let mid = 0.5 * (lo + hi); if cdf(mid) < p { lo = mid } else { hi = mid } }
        return 0.5 * (lo + hi)
    }

    @Test("Student-t(4) losses: VaR and ES within 4 standard errors of the closed forms")
    func studentT() {
        let n = 400_000
        let s = PathRandomStream(seed: 2)
        let losses: [Double] = (0..<n).map { i in
            let a = s.stepBlock(path: i, step: 0), b = s.stepBlock(path: i, step: 1)
            let z = inverseStandardNormalCDF(openUnitInterval(a.0))
            let chi = [a.1, a.2, b.0, b.1].map { inverseStandardNormalCDF(openUnitInterval($0)) }.reduce(0) { $0 + $1 * $1 }
            return z / (chi / 4).squareRoot()
        }
        let risk = TailRisk(pnl: losses.map { -$0 })
        for level in risk.levels {
            let q = TailRiskTests.studentT4Quantile(level.confidence)
            let density = 0.375 * pow(1 + q * q / 4, -2.5)
            let es = (4 + q * q) / 3 * density / (1 - level.confidence)
            #expect(abs(level.valueAtRisk - q) < 4 * level.valueAtRiskStandardError, "VaR \(level.confidence): \(level.valueAtRisk) vs \(q)")
            #expect(abs(level.expectedShortfall - es) < 4 * level.expectedShortfallStandardError, "ES \(level.confidence): \(level.expectedShortfall) vs \(es)")
        }
    }

    /// Over 500 seeds of 10,000 normal losses, the truth lies within 2 standard errors about 95.4 % of the time if
    /// the standard errors are right. Binomial standard error of that fraction: sqrt(0.954 x 0.046 / 500) = 0.0094;
    /// the test allows 4 of them (0.916 ... 0.992). Measured here: VaR 0.94-0.95, ES 0.95 (1000 seeds).
    @Test("the standard errors cover the truth at the stated rate over repeated seeds", arguments: [0.95, 0.99])
    func coverage(alpha: Double) {
        let q = inverseStandardNormalCDF(alpha), es = TailRiskTests.phi(q) / (1 - alpha)
        var coveredVaR = 0, coveredES = 0
        let seeds = 500
        for seed in 1...seeds {
            let r = TailRisk(pnl: TailRiskTests.normals(10_000, seed: UInt64(1000 + seed)).map { -$0 }, confidences: [alpha]).levels[0]
            if abs(r.valueAtRisk - q) <= 2 * r.valueAtRiskStandardError { coveredVaR += 1 }
            if abs(r.expectedShortfall - es) <= 2 * r.expectedShortfallStandardError { coveredES += 1 }
        }
        let low = 0.954 - 4 * 0.0094, high = 0.954 + 4 * 0.0094
        #expect((low...high).contains(Double(coveredVaR) / Double(seeds)), "VaR coverage \(coveredVaR)/\(seeds)")
        #expect((low...high).contains(Double(coveredES) / Double(seeds)), "ES coverage \(coveredES)/\(seeds)")
    }

    @Test("hand-checked small sample, NaNs counted and left out, order does not matter")
    func small() {
        // Losses 1...100: k = ceil(100 x 0.95) = 95, VaR = 95, ES = mean of the worst 5 = (96+...+100)/5 = 98.
        let pnl = (1...100).map { -Double($0) }
        let r = TailRisk(pnl: pnl + [.nan, .infinity], confidences: [0.95]).levels[0]
        #expect(r.valueAtRisk == 95 && r.expectedShortfall == 98)
        #expect(TailRisk(pnl: pnl + [.nan, .infinity]).nonFiniteCount == 2)
        #expect(TailRisk(pnl: pnl.reversed(), confidences: [0.95]).levels[0] == r)
        // Fractional boundary: n alpha = 99.5 at 0.995 -> k = 100, ES = [(100 - 99.5) x 100] / 0.5 = 100.
        #expect(TailRisk(pnl: pnl, confidences: [0.995]).levels[0].expectedShortfall == 100)
    }

    @Test("selection (OrderStatistics) gives the same bits as a full sort: percentiles, VaR, ES and their standard errors; moments in place equal the copied ones",
          arguments: [0, 1, 2, 7, 100, 1_001, 200_000])
    func selectionAgreesWithSort(n: Int) {
        var rng = SplitMix64(seed: UInt64(n) + 11)
        // Heavy left tail, many ties (a third of the values rounded to whole numbers, some exactly 0), a few NaNs.
        let pnl: [Double] = (0..<n).map { i in
            let x = -log(rng.uniform()) * (rng.uniform() < 0.5 ? -3 : 1)
            if i % 97 == 5 { return .nan }
            if i % 3 == 0 { return x.rounded() }
            return x
        }
        let fast = PnLStatistics(pnl), reference = PnLStatistics(referenceSorting: pnl)
        // Compared through their descriptions: Double's is exact (shortest round trip), and NaN (the empty sample's
        // mean, a one-path ES standard error) equals NaN there.
        #expect("\(fast.sample)" == "\(reference.sample)" && "\(fast.tail)" == "\(reference.tail)")
        #expect(fast.sample.count == pnl.filter(\.isFinite).count && fast.tail.nonFiniteCount == pnl.count - fast.sample.count)
        let sorted = pnl.filter(\.isFinite).sorted()
        let plain = SampleStatistics(pnl)
        #expect(plain.count == sorted.count && plain.percentiles.count == (sorted.isEmpty ? 0 : SampleStatistics.defaultLevels.count))
        for q in plain.percentiles { #expect(q.value == SampleStatistics.quantile(sorted: sorted, q.level / 100)) }
        // Without percentiles the moments are taken in place (no copy), from an array or a lazy view: the same bits.
        for moments in [SampleStatistics(pnl, percentileLevels: []), SampleStatistics(pnl.indices.lazy.map { pnl[$0] }, percentileLevels: [])] {
            #expect("\(moments.mean) \(moments.standardDeviation) \(moments.standardError)"
                    == "\(plain.mean) \(plain.standardDeviation) \(plain.standardError)")
            #expect(moments.count == plain.count && moments.nonFiniteCount == plain.nonFiniteCount && moments.percentiles.isEmpty)
        }
        // Every asked rank and the sorted prefix hold the sorted sample's values.
        guard !sorted.isEmpty else { return }
        let ranks = [0, sorted.count / 3, sorted.count - 1, sorted.count / 2]
        let order = OrderStatistics(pnl.filter(\.isFinite), ranks: ranks, sortedPrefix: sorted.count / 10)
        for r in ranks { #expect(order[rank: r] == sorted[r]) }
        #expect(Array(order.values[0..<(sorted.count / 10)]) == Array(sorted[0..<(sorted.count / 10)]))
        #expect(order.values.sorted() == sorted)
    }
}
