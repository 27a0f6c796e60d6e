import Foundation

/// What `alvh paths` reports: terminal SPX, VIX and variance statistics, the pooled daily SPX/VIX log-return
/// correlation, the share of path-steps with truncated variance, and throughput.
public struct PathSummary: Sendable {
    public let settings: PathSimulationSettings
    public let initialSpot: Double
    public let initialVIX: Double
    public let spot: SampleStatistics
    public let vix: SampleStatistics
    public let variance: SampleStatistics
    /// Two-factor markets: the terminal VIX3M and second-factor variance (nil for one factor).
    public let vix3m: SampleStatistics?
    public let secondVariance: SampleStatistics?
    public let initialVIX3M: Double?
    /// `E[S_T] / E[S_T / S_0]` under the run's measure (`E[S_T] e^{-(mu - q) T}`, or the transform's expectation when
    /// the expected return moves with the variance), with its standard error: `S_0` when the paths are right.
    public let discountedSpotMean: Double
    public let discountedSpotStandardError: Double
    /// Pooled Pearson correlation of daily log returns of SPX and the model VIX over all finite paths and days.
    public let dailyReturnCorrelation: Double
    /// Path-steps that entered a step with `v < 0` (set to zero by full truncation), over all path-steps.
    public let truncatedShare: Double
    /// Paths whose terminal state or return sums were not finite (left out of every statistic).
    public let nonFinitePaths: Int
    /// `E[S_T] e^{-(mu-q)T} = S_0` as a check within 5 standard errors.
    public let martingale: MartingaleCheck
    /// Whether `E[S_T / S_0]` came from the transform (`eta != 0` under the run's measure) rather than `e^{(mu-q)T}`.
    public var growthFromTransform = false
    /// The market's warnings that apply to this run (Feller for the measure and scheme in use); the CLI sets them.
    public var marketWarnings: [String] = []
    /// What every output says when something is off (the market's warnings, a failed martingale check, non-finite
    /// paths).
    public var warnings: [String] {
        var out = marketWarnings
        if let w = martingale.warning { out.append(w) }
        if nonFinitePaths > 0 { out.append("\(nonFinitePaths) paths were not finite and are left out of every statistic.") }
        return out
    }
    public let elapsedSeconds: Double
    /// What produced the run (the CLI sets it; JSON and text include it when present).
    public var provenance: Provenance?

    public var pathSteps: Int { settings.paths * settings.totalSteps }
    public var pathStepsPerSecond: Double { Double(pathSteps) / elapsedSeconds }
}

/// The public entry points of the path engine.
public enum PathSimulation {
    /// Simulates `settings.paths` paths of `model` and summarises them. `progress` receives the fraction done.
    /// With `recordPaths > 0`, the daily SPX, VIX and variance of the first `recordPaths` paths are kept too and
    /// returned as CSV (`path,day,spot,vix,variance`).
    public static func summarize(model: MarketModel, settings: PathSimulationSettings, recordPaths: Int = 0,
                                 progress: (@Sendable (Double) -> Void)? = nil) throws -> PathSummary {
        try run(model: model, settings: settings, recordPaths: recordPaths, progress: progress).summary
    }

    /// As `summarize`, also returning the recorded paths as CSV (empty when `recordPaths == 0`).
    public static func run(model: MarketModel, settings: PathSimulationSettings, recordPaths: Int,
                           progress: (@Sendable (Double) -> Void)? = nil) throws -> (summary: PathSummary, recordedCSV: String) {
        let engine = try PathEngine(model: model, settings: settings)
        guard (0...10_000).contains(recordPaths) else {
            throw SettingsError(flag: "--record-paths", value: "\(recordPaths)", allowed: "0 ... 10000")
        }
        try MemoryEstimate.pathSummary(twoFactor: model.isTwoFactor, recordPaths: min(recordPaths, engine.settings.paths),
                                       days: engine.settings.days).check(paths: engine.settings.paths)
        let vix = model.vixFormula
        let observer = PathSummaryObserver(paths: engine.settings.paths, vix: vix)
        let recorder = PathRecorder(count: min(recordPaths, engine.settings.paths), days: engine.settings.days, vix: vix,
                                    threeMonth: model.isTwoFactor ? model.threeMonthVIXFormula : nil)
        let batches = Double(engine.batchCount)
        var batchProgress: (@Sendable (Int) -> Void)?
        if let progress { batchProgress = { done in progress(Double(done) / batches) } }
        let start = DispatchTime.now().uptimeNanoseconds
        let truncated = recordPaths > 0
            ? try engine.run(PairedObserver(first: observer, second: recorder), progress: batchProgress)
            : try engine.run(observer, progress: batchProgress)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let summary = summary(of: observer.columns, engine: engine, truncated: truncated, elapsed: elapsed)
        return (summary, recordPaths > 0 ? recorder.csv : "")
    }

    static func summary(of columns: OutcomeColumns, engine: PathEngine, truncated: Int, elapsed: Double) -> PathSummary {
        typealias C = PathSummaryObserver.Column
        let model = engine.model, settings = engine.settings
        let vixFormula = model.vixFormula
        let n = columns.count
        let x = columns[C.logSpot.rawValue], v = columns[C.variance.rawValue], v2 = columns[C.secondVariance.rawValue]
        let sums = (0..<5).map { columns[C.sumS.rawValue + $0] }
        let finite = (0..<n).map { i in x[i].isFinite && v[i].isFinite && v2[i].isFinite && sums.allSatisfy { $0[i].isFinite } }
        let nonFinite = finite.reduce(0) { $0 + ($1 ? 0 : 1) }
        let spots = (0..<n).map { finite[$0] ? exp(x[$0]) : .nan }
        // The distributions two at a time, one statistic per worker (each depends only on its inputs, so the result
        // does not depend on the threads). Each holds its input and a working copy (16 bytes a path), so more workers
        // would raise the peak memory by that much per worker; two is what `MemoryEstimate.pathSummary` allows for.
        enum Statistic: CaseIterable { case spot, vix, variance, priceRatios, vix3m, secondVariance }
        let threeMonth = model.threeMonthVIXFormula, initialSpot = model.spot
        let wanted = Statistic.allCases.filter { model.isTwoFactor || ($0 != .vix3m && $0 != .secondVariance) }
        let computed = parallelMap(count: wanted.count, threads: min(settings.threads, 2)) { k -> SampleStatistics in
            let v = columns[C.variance.rawValue], v2 = columns[C.secondVariance.rawValue]
            return switch wanted[k] {
            case .spot: SampleStatistics(spots)
            case .vix: SampleStatistics((0..<n).map { finite[$0] ? vixFormula.vix(variance: v[$0], secondVariance: v2[$0]) : .nan })
            case .variance: SampleStatistics((0..<n).map { finite[$0] ? v[$0] : .nan })
            case .priceRatios: SampleStatistics(spots.map { $0 / initialSpot }, percentileLevels: [])
            case .vix3m: SampleStatistics((0..<n).map { finite[$0] ? threeMonth.vix(variance: v[$0], secondVariance: v2[$0]) : .nan })
            case .secondVariance: SampleStatistics((0..<n).map { finite[$0] ? v2[$0] : .nan })
            }
        }
        func statistic(_ s: Statistic) -> SampleStatistics? { wanted.firstIndex(of: s).map { computed[$0] } }
        var total = [Double](repeating: 0, count: 5)
        for i in 0..<n where finite[i] { for k in 0..<5 { total[k] += sums[k][i] } }
        let m = Double((n - nonFinite) * settings.days)
        let covariance = total[4] - total[0] * total[1] / m
        let varianceS = total[2] - total[0] * total[0] / m
        let varianceV = total[3] - total[1] * total[1] / m
        let correlation = varianceS > 0 && varianceV > 0 ? covariance / (varianceS * varianceV).squareRoot() : .nan
        let growth = engine.start.expectedPriceGrowth(dynamics: model.dynamics(under: settings.measure), years: settings.horizonYears,
                                                      paths: settings.paths)
        guard let spot = statistic(.spot), let vix = statistic(.vix), let variance = statistic(.variance),
              let priceRatios = statistic(.priceRatios) else { preconditionFailure("the one-factor statistics are always wanted") }
        var summary = PathSummary(
            settings: settings, initialSpot: model.spot, initialVIX: model.initialVIX,
            spot: spot, vix: vix, variance: variance,
            vix3m: statistic(.vix3m), secondVariance: statistic(.secondVariance), initialVIX3M: model.isTwoFactor ? model.initialVIX3M : nil,
            discountedSpotMean: spot.mean / growth, discountedSpotStandardError: spot.standardError / growth,
            dailyReturnCorrelation: correlation,
            truncatedShare: Double(truncated) / Double(settings.paths * settings.totalSteps),
            nonFinitePaths: nonFinite,
            martingale: MartingaleCheck(priceRatios: priceRatios, expected: growth),
            elapsedSeconds: elapsed)
        summary.growthFromTransform = model.dynamics(under: settings.measure).equityPremiumPerVariance != 0
        return summary
    }
}
