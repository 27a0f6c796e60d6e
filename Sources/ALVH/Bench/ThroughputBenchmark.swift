import Foundation

/// `alvh bench`: each stage of a run timed on its own at each thread count, with throughput, speed-up and parallel
/// efficiency. Every stage is the production code path (see `ThroughputStage`); a round's wall time is measured
/// around the stage alone (its inputs are built before the clock starts) and the median of `rounds` rounds is kept.
public struct ThroughputBenchmark: Sendable {
    /// What the stages run on.
    public struct Inputs: Sendable {
        /// One-factor stages and the hedge books.
        public var market: MarketModel
        /// The two-factor stage (nil: the stage is skipped and listed in `skipped`).
        public var twoFactorMarket: MarketModel?
        /// Static layouts of the hedge-book, risk-summary and whole-compare stages.
        public var layouts: [HedgeLayout]
        /// The table-build and adaptive-book stages (nil: skipped).
        public var adaptiveLayout: HedgeLayout?
        public var paths: Int
        public var days: Int
        public var seed: UInt64
        public var rounds: Int

        public init(market: MarketModel, twoFactorMarket: MarketModel?, layouts: [HedgeLayout], adaptiveLayout: HedgeLayout?,
                    paths: Int, days: Int, seed: UInt64 = 1, rounds: Int = 3) {
            self.market = market
            self.twoFactorMarket = twoFactorMarket
            self.layouts = layouts
            self.adaptiveLayout = adaptiveLayout
            self.paths = paths
            self.days = days
            self.seed = seed
            self.rounds = rounds
        }
    }

    public let inputs: Inputs
    public let threadCounts: [Int]
    public let measurements: [ThroughputMeasurement]
    /// Stages not run, with the reason.
    public let skipped: [(stage: ThroughputStage, reason: String)]

    /// - Throws: what the engine throws for bad settings (`SettingsError`) or layouts (`ConfigError`).
    public init(stages: [ThroughputStage], threadCounts: [Int], inputs: Inputs,
                progress: (@Sendable (ThroughputStage, Int) -> Void)? = nil) throws {
        precondition(!threadCounts.isEmpty && threadCounts.allSatisfy { $0 >= 1 } && inputs.rounds >= 1)
        self.inputs = inputs
        self.threadCounts = threadCounts
        var out: [ThroughputMeasurement] = [], skipped: [(ThroughputStage, String)] = []
        // Start Dispatch's worker threads before the first timed round, so that no stage pays for it.
        let most = threadCounts.max() ?? 1
        _ = parallelMap(count: most, threads: most) { i in (0..<100_000).reduce(i, &+) }
        for stage in stages {
            if stage == .twoFactorPaths && inputs.twoFactorMarket == nil { skipped.append((stage, "no two-factor market")); continue }
            if (stage == .tableBuild || stage == .adaptiveBook) && inputs.adaptiveLayout == nil {
                skipped.append((stage, "no adaptive layout"))
                continue
            }
            var base: (threads: Int, rate: Double)?
            for threads in threadCounts {
                progress?(stage, threads)
                var times: [Double] = [], items = 0
                for _ in 0..<inputs.rounds {
                    let r = try Self.round(stage, threads: threads, inputs: inputs)
                    times.append(r.seconds)
                    items = r.items
                }
                times.sort()
                let seconds = times[times.count / 2]
                let rate = Double(items) / seconds
                if base == nil { base = (threads, rate) }
                let speedUp = rate / (base?.rate ?? rate)
                out.append(ThroughputMeasurement(stage: stage, threads: threads, items: items, seconds: seconds, speedUp: speedUp,
                                                 parallelEfficiency: speedUp * Double(base?.threads ?? threads) / Double(threads)))
            }
        }
        measurements = out
        self.skipped = skipped
    }

    /// Seconds since an arbitrary origin, monotonic.
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// One timed round of `stage` on `threads` workers: items processed and wall seconds (also what the
    /// ordo-one/benchmark suites in `Benchmarks/` run, so both time the same code).
    public static func round(_ stage: ThroughputStage, threads: Int, inputs: Inputs) throws -> (items: Int, seconds: Double) {
        let pathSteps = inputs.paths * inputs.days
        func settings(_ scheme: PathScheme = .quadraticExponential(martingaleCorrection: true), measure: Measure = .riskNeutral) -> PathSimulationSettings {
            PathSimulationSettings(paths: inputs.paths, days: inputs.days, seed: inputs.seed, threads: threads, scheme: scheme, measure: measure)
        }
        func timed(_ items: Int, _ body: () throws -> Void) rethrows -> (items: Int, seconds: Double) {
            let start = now()
            try body()
            return (items, now() - start)
        }
        switch stage {
        case .randomNumbers:
            return timed(3 * pathSteps) { _ = randomWords(paths: inputs.paths, days: inputs.days, seed: inputs.seed, threads: threads) }
        case .normals:
            return timed(3 * pathSteps) { _ = normals(paths: inputs.paths, days: inputs.days, seed: inputs.seed, threads: threads) }
        case .eulerPaths:
            return try timed(pathSteps) { _ = try PathSimulation.summarize(model: inputs.market, settings: settings(.euler)) }
        case .qePaths:
            return try timed(pathSteps) { _ = try PathSimulation.summarize(model: inputs.market, settings: settings()) }
        case .twoFactorPaths:
            guard let market = inputs.twoFactorMarket else { return (0, .nan) }
            return try timed(pathSteps) { _ = try PathSimulation.summarize(model: market, settings: settings()) }
        case .tableBuild:
            guard let layout = inputs.adaptiveLayout else { return (0, .nan) }
            return try timed(1) { _ = try AdaptiveBook.build(layouts: [layout], model: inputs.market, horizonDays: inputs.days, threads: threads) }
        case .hedgeBooks:
            return try timed(pathSteps) { _ = try HedgeSimulation.run(model: inputs.market, layouts: inputs.layouts, settings: settings(measure: .realWorld)) }
        case .adaptiveBook:
            guard let layout = inputs.adaptiveLayout else { return (0, .nan) }
            return try timed(pathSteps) { _ = try HedgeSimulation.run(model: inputs.market, layouts: [layout], settings: settings(measure: .realWorld)) }
        case .riskSummary:
            let s = settings(measure: .realWorld)
            let run = try HedgeSimulation.run(model: inputs.market, layouts: inputs.layouts, settings: s)
            return timed(inputs.paths * inputs.layouts.count) { _ = HedgeRunReport(settings: s, outcomes: run.outcomes, elapsedSeconds: run.elapsedSeconds) }
        case .wholeCompare:
            let s = settings(measure: .realWorld)
            return try timed(pathSteps) {
                let run = try HedgeSimulation.run(model: inputs.market, layouts: inputs.layouts, settings: s)
                _ = HedgeRunReport(settings: s, outcomes: run.outcomes, elapsedSeconds: run.elapsedSeconds)
            }
        }
    }

    /// Paths per work item of the random-number stages (the engine's default batch).
    static let chunk = 2048

    /// The engine's Philox fill for `paths x days` path-steps (3 words each), one chunk of paths per job on
    /// `threads` workers; returns a checksum so the work cannot be optimised away.
    static func randomWords(paths: Int, days: Int, seed: UInt64, threads: Int) -> UInt32 {
        let stream = PathRandomStream(seed: seed)
        return parallelMap(count: (paths + chunk - 1) / chunk, threads: threads) { c -> UInt32 in
            let w = UnsafeMutablePointer<UInt32>.allocate(capacity: 3 * chunk)
            defer { w.deallocate() }
            let first = c * chunk, count = min(chunk, paths - first)
            var sink: UInt32 = 0
            for day in 0..<days {
                stream.fillStepWords(firstPath: first, count: count, step: day, w, w + chunk, w + 2 * chunk)
                sink ^= w[0] ^ w[chunk + count - 1]
            }
            return sink
        }.reduce(0, ^)
    }

    /// The engine's block inverse normal on `3 x paths x days` words: each chunk's words are filled once and
    /// transformed `days` times, re-keyed each time (an xor) so no two passes see the same input.
    static func normals(paths: Int, days: Int, seed: UInt64, threads: Int) -> Double {
        let stream = PathRandomStream(seed: seed)
        return parallelMap(count: (paths + chunk - 1) / chunk, threads: threads) { c -> Double in
            let n = 3 * chunk
            let w = UnsafeMutablePointer<UInt32>.allocate(capacity: n), z = UnsafeMutablePointer<Double>.allocate(capacity: n)
            defer { w.deallocate(); z.deallocate() }
            let scratch = InverseNormalScratch(capacity: n)
            let count = min(chunk, paths - c * chunk)
            stream.fillStepWords(firstPath: c * chunk, count: chunk, step: 0, w, w + chunk, w + 2 * chunk)
            var sink = 0.0
            for day in 0..<days {
                let key = UInt32(truncatingIfNeeded: day) &* 0x9E37_79B9
                for i in 0..<n { w[i] ^= key }
                fillInverseStandardNormal(bits: w, into: z, count: 3 * count, scratch: scratch)
                sink += z[0]
            }
            return sink
        }.reduce(0, +)
    }
}
