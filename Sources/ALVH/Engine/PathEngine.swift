import Dispatch
import Foundation
import Synchronization

/// Runs paths in batches across `DispatchQueue.concurrentPerform` and feeds each batch to an observer.
///
/// Composition: a `PathStepper` (the scheme) moves a `PathBlock`; a `PathObserver` records what it needs. Batches
/// are handed out by an atomic counter; each worker owns its block and accumulator. Paths are keyed in the random
/// stream by their global index, so the outcome of every path, and therefore every reduction done afterwards in
/// path order, is bit-identical for any thread count and batch size. Memory is O(batch x drivers) plus whatever
/// per-path outcomes the observer keeps; full paths are never stored unless an observer asks for them.
struct PathEngine: Sendable {
    let model: MarketModel
    let settings: PathSimulationSettings
    /// Where each path starts (default: every path at the market's initial state).
    let start: PathStartStates
    /// Shocks and parameter windows of a stress scenario (nil: none).
    let scenario: PathScenario?
    /// A replay's history reader, which moves the paths instead of the market's scheme (nil: simulate).
    let replay: ReplayStepper?

    /// - Throws: `SettingsError` for out-of-range settings or start states that do not cover every path,
    ///   `LinearAlgebraError` if the drivers' correlation matrix cannot be factored.
    init(model: MarketModel, settings: PathSimulationSettings, start: PathStartStates? = nil, scenario: PathScenario? = nil,
         replay: ReplayStepper? = nil) throws {
        self.model = model
        self.scenario = scenario
        self.replay = replay
        precondition(replay == nil || (settings.stepsPerDay == 1 && scenario == nil), "a replay reads one state per day, without shocks")
        self.settings = try settings.validated()
        self.start = start ?? PathStartStates(model: model)
        if let n = self.start.pathCount, n < self.settings.paths {
            throw SettingsError(flag: "--paths", reason: "\(self.settings.paths) paths but start states for only \(n).")
        }
    }

    /// First step counter of the warm-up history (`PathObserver.warmUpDays`): half the 32-bit step range, beyond any
    /// run's steps (at most `PathSimulationSettings.maximumDays` x steps per day), so warm-up draws never meet a run's.
    static let warmUpStepBase = 1 << 31

    var batchCount: Int { (settings.paths + settings.batchSize - 1) / settings.batchSize }

    /// Correlation matrix of the drivers under the run's measure: `[W_v, W_S]` for one factor, `[W_1, B_1, W_2, B_2]`
    /// for two (block diagonal with `rho_i` unless the market gives the full matrix).
    var driverCorrelation: Matrix {
        let d = model.dynamics(under: settings.measure)
        if let full = d.driverCorrelation { return full }
        guard let second = d.secondFactor else {
            let rho = d.heston.rho
            return Matrix([[1, rho], [rho, 1]])
        }
        let r1 = d.heston.rho, r2 = second.rho
        return Matrix([[1, r1, 0, 0], [r1, 1, 0, 0], [0, 0, 1, r2], [0, 0, r2, 1]])
    }

    /// Whether the drivers of different factors are uncorrelated (what QE needs with two factors).
    var hasBlockDiagonalDrivers: Bool {
        let m = driverCorrelation
        guard m.rows == 4 else { return true }
        return [(0, 2), (0, 3), (1, 2), (1, 3)].allSatisfy { m[$0.0, $0.1] == 0 }
    }

    /// Simulates every path and returns the number of path-steps that entered a step with negative variance.
    /// `progress` (if any) is called from worker threads with the number of finished batches.
    @discardableResult
    func run<Observer: PathObserver>(_ observer: Observer, progress: (@Sendable (Int) -> Void)? = nil) throws -> Int {
        if let replay { return run(stepper: replay, observer: observer, progress: progress) }
        let dynamics = model.dynamics(under: settings.measure)
        let stream = PathRandomStream(seed: settings.seed)
        let dt = settings.stepYears
        if dynamics.isTwoFactor {
            let correlation = DriverCorrelation(factor: try driverCorrelation.choleskyLower())
            switch settings.scheme {
            case .euler:
                return scheduled(observer, progress) { TwoFactorEulerStepper(dynamics: $0, dt: dt, stream: stream, correlation: correlation) }
            case .quadraticExponential(let corrected):
                guard hasBlockDiagonalDrivers else {
                    throw SettingsError(flag: "--scheme", reason: "QE needs the factors' drivers uncorrelated across factors; this market's driver_correlation links them, so use --scheme euler.")
                }
                return scheduled(observer, progress) { TwoFactorQEStepper(dynamics: $0, dt: dt, stream: stream, martingaleCorrection: corrected) }
            }
        }
        switch settings.scheme {
        case .euler:
            let correlation = DriverCorrelation(factor: try driverCorrelation.choleskyLower())
            return scheduled(observer, progress) { EulerStepper(dynamics: $0, dt: dt, stream: stream, correlation: correlation) }
        case .quadraticExponential(let corrected):
            _ = try driverCorrelation.choleskyLower()   // same validation of the correlation as Euler
            return scheduled(observer, progress) { QuadraticExponentialStepper(dynamics: $0, dt: dt, stream: stream, martingaleCorrection: corrected) }
        }
    }

    /// Runs with the scheme made by `make` for the run's dynamics, and (with scenario windows) other instances of it
    /// for the windows' dynamics.
    private func scheduled<Stepper: PathStepper, Observer: PathObserver>(
        _ observer: Observer, _ progress: (@Sendable (Int) -> Void)?, make: (MeasureDynamics) -> Stepper
    ) -> Int {
        let base = make(model.dynamics(under: settings.measure))
        guard let scenario, scenario.hasWindows else { return run(stepper: base, observer: observer, progress: progress) }
        let stepper = ScheduledStepper(base: base, windows: scenario.windowDynamics.map(make), windowOfDay: scenario.windowOfDay,
                                       stepsPerDay: settings.stepsPerDay)
        return run(stepper: stepper, observer: observer, progress: progress)
    }

    private func run<Stepper: PathStepper, Observer: PathObserver>(
        stepper: Stepper, observer: Observer, progress: (@Sendable (Int) -> Void)?
    ) -> Int {
        BLASThreads.pinToOneThread()
        let batches = batchCount
        let workers = min(settings.threads, batches)
        let nextBatch = Atomic<Int>(0)
        let finishedBatches = Atomic<Int>(0)
        let truncated = Atomic<Int>(0)
        let start = start
        let settings = settings
        let warmUpDays = observer.warmUpDays
        let scenario = scenario
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let block = PathBlock(capacity: settings.batchSize, driverCount: stepper.driverCount)
            var accumulator = observer.makeAccumulator(capacity: settings.batchSize)
            var workerTruncated = 0
            while true {
                let batch = nextBatch.wrappingAdd(1, ordering: .relaxed).oldValue
                if batch >= batches { break }
                let first = batch * settings.batchSize
                let count = min(settings.batchSize, settings.paths - first)
                if warmUpDays > 0 {
                    block.reset(firstPath: first, count: count, start: start)
                    var step = PathEngine.warmUpStepBase
                    for day in 1...warmUpDays {
                        for _ in 0..<settings.stepsPerDay {
                            stepper.advance(block, step: step)
                            step += 1
                        }
                        observer.warmUp(&accumulator, block: block, day: day)
                    }
                }
                block.reset(firstPath: first, count: count, start: start)
                observer.begin(&accumulator, block: block)
                var step = 0
                for day in 1...settings.days {
                    for _ in 0..<settings.stepsPerDay {
                        stepper.advance(block, step: step)
                        step += 1
                    }
                    scenario?.applyShocks(block, day: day)
                    observer.observe(&accumulator, block: block, day: day)
                }
                observer.end(&accumulator, block: block)
                workerTruncated += block.truncatedSteps
                let done = finishedBatches.wrappingAdd(1, ordering: .relaxed).newValue
                progress?(done)
            }
            truncated.wrappingAdd(workerTruncated, ordering: .relaxed)
        }
        return truncated.load(ordering: .relaxed)
    }
}
