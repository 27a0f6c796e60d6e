import Foundation

/// The day-to-day transitions a calibration uses: consecutive SPX days that both have the filtered factors (a VIX,
/// and for two factors a VIX3M). A transition across a missing VIX close is left out (counted by the filter), so every
/// transition is one trading day, `dt = 1/252` years.
public struct CalibrationSample: Sendable {
    /// Per factor, the variance at the start and at the end of each transition.
    public var start: [[Double]]
    public var end: [[Double]]
    /// `ln(S_{t+1} / S_t)` of the SPX (price index).
    public var logReturn: [Double]
    /// The VIX at the start of each transition (for the regime bands).
    public var startVIX: [Double]

    public var count: Int { logReturn.count }
    public var factorCount: Int { start.count }

    /// Total variance `V = v1 (+ v2)` at the start of each transition.
    public var startTotalVariance: [Double] {
        factorCount == 1 ? start[0] : zip(start[0], start[1]).map { $0 + $1 }
    }

    /// All transitions of `spx` with filtered factors at both ends.
    public init(spx: [Double], vix: [Double?], filter: FactorFilter) {
        self.init(spx: spx, vix: vix, factors: filter.factors, factorCount: filter.factorCount)
    }

    /// All transitions of `spx` with factors (`factors[t]`, `nil`: none that day) and a VIX at both ends.
    public init(spx: [Double], vix: [Double?], factors: [[Double]?], factorCount k: Int) {
        precondition(spx.count == factors.count && vix.count == spx.count, "one filtered day per SPX day")
        start = Array(repeating: [], count: k)
        end = Array(repeating: [], count: k)
        logReturn = []
        startVIX = []
        for t in 0..<max(spx.count - 1, 0) {
            guard let a = factors[t], let b = factors[t + 1], let v = vix[t], vix[t + 1] != nil else { continue }
            for i in 0..<k {
                start[i].append(a[i])
                end[i].append(b[i])
            }
            logReturn.append(log(spx[t + 1] / spx[t]))
            startVIX.append(v)
        }
    }

    private init(start: [[Double]], end: [[Double]], logReturn: [Double], startVIX: [Double]) {
        self.start = start
        self.end = end
        self.logReturn = logReturn
        self.startVIX = startVIX
    }

    /// The transitions whose starting VIX lies in `band` (lower bound included, upper excluded).
    public func restricted(to band: Range<Double>) -> CalibrationSample {
        let keep = startVIX.indices.filter { band.contains(startVIX[$0]) }
        return CalibrationSample(start: start.map { s in keep.map { s[$0] } }, end: end.map { e in keep.map { e[$0] } },
                                 logReturn: keep.map { logReturn[$0] }, startVIX: keep.map { startVIX[$0] })
    }
}
