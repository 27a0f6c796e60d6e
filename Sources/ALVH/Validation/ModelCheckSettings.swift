/// How `ModelCheck` simulates the market under P: `paths` independent paths of `years` x 252 trading days each, after
/// `burnInDays` that are simulated and dropped (so the recorded days start near the stationary law rather than at the
/// market's t0 state; one year is several half-lives of both shipped markets' slow factors).
public struct ModelCheckSettings: Sendable, Equatable {
    public var paths: Int
    public var years: Int
    public var burnInDays: Int
    public var seed: UInt64
    /// Worker threads; the result does not depend on it.
    public var threads: Int
    public var scheme: PathScheme

    public init(paths: Int = 40, years: Int = 25, burnInDays: Int = 252, seed: UInt64 = 1,
                threads: Int = PathSimulationSettings.availableCores,
                scheme: PathScheme = .quadraticExponential(martingaleCorrection: true)) {
        self.paths = paths
        self.years = years
        self.burnInDays = burnInDays
        self.seed = seed
        self.threads = threads
        self.scheme = scheme
    }

    /// Recorded trading days per path (the first is the close of the last burn-in day).
    public var recordedDays: Int { years * Int(PathSimulationSettings.tradingDaysPerYear) }
    public var totalDays: Int { burnInDays + recordedDays }

    /// The path engine's settings: P measure, daily steps, batches small enough to spread the paths over the threads.
    public func pathSettings() throws(SettingsError) -> PathSimulationSettings {
        func check(_ ok: Bool, _ flag: String, _ value: Int, _ allowed: String) throws(SettingsError) {
            if !ok { throw SettingsError(flag: flag, value: "\(value)", allowed: allowed) }
        }
        try check((2...200).contains(paths), "--paths", paths, "2 ... 200 (standard errors need two; each path keeps 130 bytes a day)")
        try check((1...29).contains(years), "--years", years, "1 ... 29")
        try check(burnInDays >= 0 && totalDays <= PathSimulationSettings.maximumDays, "--burn-in-days", burnInDays,
                  "0 ... \(PathSimulationSettings.maximumDays - recordedDays) (burn-in plus years at most 30 years)")
        let batch = max(1, (paths + threads - 1) / max(threads, 1))
        return try PathSimulationSettings(paths: paths, days: totalDays, seed: seed, threads: threads, batchSize: batch,
                                          scheme: scheme, measure: .realWorld).validated()
    }
}
