/// Where the paths of a run start: every path at the market's initial state (the default), or each path at its own
/// `(ln S_0, v1_0, v2_0)` (stress starts, historical replay windows, paths continued from a warm-up). Path `p`'s
/// draws depend only on the seed and `p`, so a per-path start changes where a path goes, never which numbers drive it.
public struct PathStartStates: Sendable, Equatable {
    enum Storage: Sendable, Equatable {
        case uniform(logSpot: Double, variance: Double, secondVariance: Double)
        case perPath(logSpot: [Double], variance: [Double], secondVariance: [Double])
    }

    let storage: Storage

    /// Every path at the same state.
    public init(logSpot: Double, variance: Double, secondVariance: Double = 0) {
        storage = .uniform(logSpot: logSpot, variance: variance, secondVariance: secondVariance)
    }

    /// One state per path (arrays of equal length, at least the run's number of paths; variances not negative).
    public init(logSpots: [Double], variances: [Double], secondVariances: [Double]? = nil) throws(SettingsError) {
        let second = secondVariances ?? [Double](repeating: 0, count: variances.count)
        guard logSpots.count == variances.count && second.count == variances.count else {
            throw SettingsError(flag: "start states", reason: "need one log spot, one variance and one second variance per path (\(logSpots.count), \(variances.count), \(second.count) given).")
        }
        func valid(_ p: Int) -> Bool {
            logSpots[p].isFinite && variances[p] >= 0 && variances[p].isFinite && second[p] >= 0 && second[p].isFinite
        }
        if let bad = variances.indices.first(where: { !valid($0) }) {
            throw SettingsError(flag: "start states", reason: "path \(bad) starts at ln S \(logSpots[bad]), variances \(variances[bad]), \(second[bad]); allowed: finite, variances >= 0.")
        }
        storage = .perPath(logSpot: logSpots, variance: variances, secondVariance: second)
    }

    /// The market's own initial state.
    public init(model: MarketModel) {
        self.init(logSpot: _log(model.spot), variance: model.initialVariance, secondVariance: model.initialSecondVariance)
    }

    /// `E[S_t / S_0]` averaged over the first `paths` start states (`MeasureDynamics.expectedPriceGrowth`): what the
    /// martingale check compares the paths' mean price ratio with. One value for every path unless the expected
    /// return depends on the variance (`eta != 0`) and the paths start at different variances.
    public func expectedPriceGrowth(dynamics: MeasureDynamics, years t: Double, paths: Int) -> Double {
        let growth = dynamics.expectedPriceGrowth(years: t)
        switch storage {
        case .uniform(_, let v1, let v2): return growth(v1, v2)
        case .perPath(_, let v1, let v2):
            if dynamics.equityPremiumPerVariance == 0 { return growth(0, 0) }
            let n = min(paths, v1.count)
            return (0..<n).reduce(0) { $0 + growth(v1[$1], v2[$1]) } / Double(max(n, 1))
        }
    }

    /// How many paths the states cover (nil: any number).
    public var pathCount: Int? {
        if case .perPath(let x, _, _) = storage { return x.count }
        return nil
    }
}

import Foundation
@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
