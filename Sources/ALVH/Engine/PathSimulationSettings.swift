import Foundation

/// What a path run is asked to do. `validated()` checks every range and names the flag at fault.
public struct PathSimulationSettings: Sendable, Equatable {
    public var paths: Int
    /// Horizon in trading days (`dt = 1/252` years per day).
    public var days: Int
    /// Sub-steps per trading day (1 = daily steps, the default).
    public var stepsPerDay: Int
    public var seed: UInt64
    /// Worker threads; the result does not depend on it.
    public var threads: Int
    /// Paths per batch (a worker's block); the result does not depend on it.
    public var batchSize: Int
    public var scheme: PathScheme
    public var measure: Measure

    public static let tradingDaysPerYear = 252.0
    public static let maximumPaths = 100_000_000
    public static let maximumDays = 252 * 30

    public init(paths: Int = 100_000, days: Int = 252, stepsPerDay: Int = 1, seed: UInt64 = 1,
                threads: Int = PathSimulationSettings.availableCores, batchSize: Int = 2048,
                scheme: PathScheme = .quadraticExponential(martingaleCorrection: true),
                measure: Measure = .riskNeutral) {
        self.paths = paths
        self.days = days
        self.stepsPerDay = stepsPerDay
        self.seed = seed
        self.threads = threads
        self.batchSize = batchSize
        self.scheme = scheme
        self.measure = measure
    }

    public static var availableCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Length of one step in years.
    public var stepYears: Double { 1 / (PathSimulationSettings.tradingDaysPerYear * Double(stepsPerDay)) }
    public var totalSteps: Int { days * stepsPerDay }
    public var horizonYears: Double { Double(days) / PathSimulationSettings.tradingDaysPerYear }

    public func validated() throws(SettingsError) -> PathSimulationSettings {
        func check(_ ok: Bool, _ flag: String, _ value: Int, _ allowed: String) throws(SettingsError) {
            if !ok { throw SettingsError(flag: flag, value: "\(value)", allowed: allowed) }
        }
        try check((1...PathSimulationSettings.maximumPaths).contains(paths), "--paths", paths, "1 ... 100000000")
        try check((1...PathSimulationSettings.maximumDays).contains(days), "--days", days, "1 ... 7560 (30 years)")
        try check((1...100).contains(stepsPerDay), "--steps-per-day", stepsPerDay, "1 ... 100")
        try check((1...1024).contains(threads), "--threads", threads, "1 ... 1024")
        try check((1...1_048_576).contains(batchSize), "--batch-size", batchSize, "1 ... 1048576")
        try check(totalSteps <= Int(UInt32.max), "--days x --steps-per-day", totalSteps, "at most 2^32 - 1 steps")
        return self
    }
}

/// A run setting outside its range.
public struct SettingsError: Error, Equatable, CustomStringConvertible {
    public let flag: String
    public let value: String
    public let allowed: String
    /// A sentence that replaces "is out of range" when the problem is not a range (a flag that does not apply).
    public let reason: String?

    public init(flag: String, value: String, allowed: String) {
        self.flag = flag
        self.value = value
        self.allowed = allowed
        reason = nil
    }

    public init(flag: String, reason: String) {
        self.flag = flag
        value = ""
        allowed = ""
        self.reason = reason
    }

    public var description: String {
        if let reason { return "\(flag): \(reason)" }
        return "\(flag) \(value) is out of range; allowed: \(allowed)."
    }
}
