import ALVH
import ArgumentParser
import Foundation

extension ThroughputStage: ExpressibleByArgument {}

/// `alvh bench`: throughput of each stage by thread count; parsing and printing only, the stages are
/// `ThroughputBenchmark` in the library.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time each stage of a run (random numbers, normals, paths, tables, hedge books, risk summary) by thread count.",
        discussion: """
            Example: alvh bench --paths 100000 --days 63 --threads 1,2 --json bench.json
            Each line runs one stage alone (the code the engine runs, not a scalar reference) --rounds times and keeps
            the median wall time; throughput is items per second in the stage's unit, speed-up and efficiency are
            against the first thread count. Stages: \(ThroughputStage.allCases.map(\.rawValue).joined(separator: ", ")).
            The two-factor stage uses --two-factor-market (default configs/markets/two-factor.yaml when it exists), the
            table-build and adaptive-book stages --adaptive-layout (default configs/layouts/alvh-442-adaptive.yaml when
            it exists); 'none' skips them. Measure with a release build (make build): a debug build is marked as such.
            --reference also runs scripts/bench_numpy.py (vectorised Euler) and scripts/bench_quantlib.py (QuantLib QE)
            where --python imports numpy or QuantLib, and sets each beside the alvh stage doing the same work on one
            thread (like for like with --market configs/markets/heston.yaml, the scripts' parameters).
            """)

    @OptionGroup var marketOption: MarketOption

    @Option(parsing: .unconditional, help: "Paths per stage (1 ... 100000000).")
    var paths: Int = 100_000

    @Option(name: [.customLong("days"), .customLong("horizon-days")], parsing: .unconditional, help: "Trading days per path (1 ... 7560).")
    var days: Int = 63

    @Option(help: ArgumentHelp("Thread counts, comma-separated, each 1 ... 1024 (default: 1 and all cores).", valueName: "list"))
    var threads: String?

    @Option(help: ArgumentHelp("Stages to run, comma-separated (default: all).", valueName: "list"))
    var stages: String?

    @Option(parsing: .unconditional, help: "Rounds per line, the median kept (1 ... 20).")
    var rounds: Int = 3

    @Option(parsing: .unconditional, help: "Random seed (0 ... 18446744073709551615).", transform: EngineOptions.seed)
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Two-factor market of the two-factor stage ('none': skip it).", valueName: "file"))
    var twoFactorMarket: String?

    @Option(help: ArgumentHelp("Adaptive layout of the table-build and adaptive-book stages ('none': skip them).", valueName: "file"))
    var adaptiveLayout: String?

    @Option(help: ArgumentHelp("Also write the figures as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    @Flag(help: "Also run the NumPy and QuantLib reference scripts (scripts/) and print alvh's ratio to each.")
    var reference = false

    @Option(help: ArgumentHelp("Python for --reference.", valueName: "executable"))
    var python = "python3"

    static let defaultTwoFactorMarket = "configs/markets/two-factor.yaml"
    static let defaultAdaptiveLayout = "configs/layouts/alvh-442-adaptive.yaml"

    func threadCounts() throws -> [Int] {
        guard let threads else {
            let cores = PathSimulationSettings.availableCores
            return cores > 1 ? [1, cores] : [1]
        }
        let parts = threads.split(separator: ",", omittingEmptySubsequences: false)
        let counts = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, counts.allSatisfy({ $0.map { (1...1024).contains($0) } ?? false }) else {
            throw ValidationError("--threads \(threads) is not a list of thread counts; allowed: comma-separated integers, each 1 ... 1024 (e.g. 1,2,4).")
        }
        return counts.compactMap { $0 }
    }

    func stageList() throws -> [ThroughputStage] {
        guard let stages else { return ThroughputStage.allCases }
        let names = stages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try names.map { name in
            guard let stage = ThroughputStage(rawValue: name) else {
                throw ValidationError("--stages: '\(name)' is not a stage; allowed: \(ThroughputStage.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return stage
        }
    }

    func validate() throws {
        if !(1...PathSimulationSettings.maximumPaths).contains(paths) { throw ValidationError("--paths \(paths) is out of range; allowed: 1 ... 100000000.") }
        if !(1...PathSimulationSettings.maximumDays).contains(days) { throw ValidationError("--days \(days) is out of range; allowed: 1 ... 7560.") }
        if !(1...20).contains(rounds) { throw ValidationError("--rounds \(rounds) is out of range; allowed: 1 ... 20.") }
        _ = try threadCounts()
        if try stageList().isEmpty { throw ValidationError("--stages is empty; allowed: \(ThroughputStage.allCases.map(\.rawValue).joined(separator: ", ")).") }
    }

    /// A file option with a default that may be missing: nil for 'none' or a missing default; a named file must load.
    static func optional<T>(_ flag: String?, default path: String, load: (String) throws -> T) throws -> T? {
        if flag == "none" { return nil }
        if let flag { return try load(flag) }
        return FileManager.default.fileExists(atPath: path) ? try load(path) : nil
    }

    func run() throws {
        var batch = OutputFile.Batch()
        var document = ""
        if let json { batch.add(flag: "--json", path: json) { document } }
        try batch.check()
        let market = try marketOption.load(measure: nil, scheme: nil)
        let twoFactor = try Self.optional(twoFactorMarket, default: Self.defaultTwoFactorMarket) { path throws(ConfigError) in
            try MarketModel.load(path: path)
        }
        if let twoFactor, !twoFactor.isTwoFactor {
            throw ValidationError("--two-factor-market \(twoFactor.source) has one variance factor; give a two-factor market or 'none'.")
        }
        let adaptive = try Self.optional(adaptiveLayout, default: Self.defaultAdaptiveLayout) { path throws(ConfigError) in
            try HedgeLayout.load(path: path)
        }
        if let adaptive, adaptive.adaptive == nil {
            throw ValidationError("--adaptive-layout \(adaptiveLayout ?? Self.defaultAdaptiveLayout) has no adaptive: section; give an adaptive layout or 'none'.")
        }
        let inputs = ThroughputBenchmark.Inputs(market: market, twoFactorMarket: twoFactor, layouts: HedgeLayout.embeddedComparison(),
                                                adaptiveLayout: adaptive, paths: paths, days: days, seed: seed, rounds: rounds)
        let quiet = marketOption.quiet
        let result = try ThroughputBenchmark(stages: try stageList(), threadCounts: try threadCounts(), inputs: inputs) { stage, threads in
            if !quiet { FileHandle.standardError.write(Data("bench: \(stage.rawValue), \(threads) thread\(threads == 1 ? "" : "s")\n".utf8)) }
        }
        var references: [ReferenceBaseline] = []
        var sameModel = true
        if reference {
            for library in ReferenceBaseline.Library.allCases {
                if !quiet { FileHandle.standardError.write(Data("bench: \(library.rawValue) reference (\(library.script))\n".utf8)) }
                references.append(ReferenceBaseline.run(library, python: python, paths: paths, days: days))
            }
            sameModel = ReferenceBaseline.isReferenceMarket(market)
        }
        let machine = ThroughputBenchmark.Machine.current
        if json != "-" { try OutputFile.writeStandardOutput(result.text(machine: machine, references: references, referenceModel: sameModel)) }
        document = result.json(machine: machine, provenance: Provenance(seed: seed, market: market, warnings: []),
                               references: references, referenceModel: sameModel).serialized()
        try batch.commit()
    }
}
