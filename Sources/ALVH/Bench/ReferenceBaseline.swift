import Foundation

/// An outside yardstick for `alvh bench --reference`: a script in `scripts/` that simulates Heston paths with
/// `configs/markets/heston.yaml`'s parameters on one thread in another library and prints
/// `path_steps_per_second=<rate>M`. Its rate is set beside the alvh stage that does the same work on one thread:
/// NumPy's vectorised full-truncation Euler beside `euler paths`, QuantLib's QE with martingale correction
/// (`GaussianMultiPathGenerator`) beside `qe paths`. Like for like only when the bench runs that market.
public struct ReferenceBaseline: Sendable {
    public enum Library: String, CaseIterable, Sendable {
        case numpy = "NumPy"
        case quantlib = "QuantLib"

        /// The script, relative to the repository root.
        public var script: String { self == .numpy ? "scripts/bench_numpy.py" : "scripts/bench_quantlib.py" }
        /// The Python module the script needs.
        var module: String { self == .numpy ? "numpy" : "QuantLib" }
        /// The alvh stage doing the same work.
        public var stage: ThroughputStage { self == .numpy ? .eulerPaths : .qePaths }
        /// The scheme, as the report names it.
        public var scheme: String { self == .numpy ? "full-truncation Euler" : "QE, martingale-corrected" }
        /// Paths for the script at most: QuantLib loops over paths in Python and runs about 5 M path-steps/s.
        var maximumPaths: Int { self == .numpy ? 400_000 : 20_000 }
    }

    /// The market the scripts simulate (their parameters are copied from it).
    public static let marketPath = "configs/markets/heston.yaml"

    /// Whether `market` is the scripts' market (`marketPath` under `root`), so that the ratios compare like with like;
    /// false when that file does not load.
    public static func isReferenceMarket(_ market: MarketModel, root: String = ".") -> Bool {
        guard var reference = try? MarketModel.load(path: (root as NSString).appendingPathComponent(marketPath)) else { return false }
        // The parameters decide; where each was loaded from (its name, and the warnings that quote it) does not.
        reference.source = market.source
        reference.warnings = market.warnings
        reference.fellerWarnings = market.fellerWarnings
        return reference == market
    }

    public let library: Library
    public let paths: Int
    public let days: Int
    /// The reference's throughput, nil when it did not run (`skipped` says why).
    public let pathStepsPerSecond: Double?
    public let skipped: String?

    /// Runs `library`'s script with `python` (an executable name searched in PATH, or a path) from `root`, on
    /// `min(paths, library.maximumPaths)` paths of `days` days. A missing script, interpreter or module, a failed
    /// run or output without a rate is reported in `skipped`, not thrown: the bench itself stands without it.
    public static func run(_ library: Library, python: String, root: String = ".", paths: Int, days: Int) -> ReferenceBaseline {
        let n = min(paths, library.maximumPaths)
        func skip(_ reason: String) -> ReferenceBaseline {
            ReferenceBaseline(library: library, paths: n, days: days, pathStepsPerSecond: nil, skipped: reason)
        }
        let script = (root as NSString).appendingPathComponent(library.script)
        guard FileManager.default.fileExists(atPath: script) else { return skip("\(library.script) not found (run from the repository root)") }
        guard let probe = execute(python, ["-c", "import \(library.module)"]), probe.status == 0 else {
            return skip("\(python) cannot import \(library.module)")
        }
        guard let result = execute(python, [script, "--paths", "\(n)", "--days", "\(days)"]), result.status == 0 else {
            return skip("\(library.script) failed")
        }
        guard let rate = pathStepsPerSecond(in: result.output) else { return skip("\(library.script) printed no path_steps_per_second") }
        return ReferenceBaseline(library: library, paths: n, days: days, pathStepsPerSecond: rate, skipped: nil)
    }

    /// The rate in a script's output line, `path_steps_per_second=34.5M` (a plain number is path-steps/s).
    static func pathStepsPerSecond(in output: String) -> Double? {
        guard let range = output.range(of: "path_steps_per_second=") else { return nil }
        let token = output[range.upperBound...].prefix { !$0.isWhitespace }
        let millions = token.hasSuffix("M")
        guard let value = Double(millions ? String(token.dropLast()) : String(token)), value > 0, value.isFinite else { return nil }
        return millions ? value * 1e6 : value
    }

    /// Runs `executable` (searched in PATH when it has no slash) and returns its exit status and standard output;
    /// nil when it cannot be started.
    static func execute(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
