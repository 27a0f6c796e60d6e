import Foundation

extension ThroughputBenchmark {
    /// The machine the figures were measured on (cores, CPU model, OS, build), for the JSON and the text.
    public struct Machine: Sendable {
        public let cores: Int
        public let cpuModel: String
        public let operatingSystem: String
        /// The widest vector instructions the CPU offers (`AVX-512`, `AVX2`, `SSE2`, `NEON`) and their width in bits;
        /// what the build uses depends on its `-target-cpu` (`make build`: native).
        public let simdExtension: String
        public let simdWidthBits: Int
        /// `release` or `debug` (figures from a debug build are not worth comparing).
        public let build: String

        public static var current: Machine {
            #if DEBUG
            let build = "debug"
            #else
            let build = "release"
            #endif
            let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            let simd = simdFacts(cpuInfo: cpuInfo)
            return Machine(cores: PathSimulationSettings.availableCores, cpuModel: cpuModelName(cpuInfo: cpuInfo),
                           operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
                           simdExtension: simd.extension, simdWidthBits: simd.bits, build: build)
        }

        /// The widest SIMD extension in /proc/cpuinfo's `flags` (x86-64; SSE2 when unreadable), NEON on arm64.
        static func simdFacts(cpuInfo: String) -> (extension: String, bits: Int) {
            #if arch(arm64)
            return ("NEON", 128)
            #else
            guard let line = cpuInfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return ("SSE2", 128) }
            let flags = Set(line.split(separator: " ").map(String.init))
            if flags.contains("avx512f") { return ("AVX-512", 512) }
            if flags.contains("avx2") { return ("AVX2", 256) }
            return ("SSE2", 128)
            #endif
        }

        /// `model name` from /proc/cpuinfo (Linux); "unknown" elsewhere.
        static func cpuModelName(cpuInfo: String) -> String {
            for line in cpuInfo.split(separator: "\n") where line.hasPrefix("model name") {
                if let colon = line.firstIndex(of: ":") { return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
            }
            return "unknown"
        }
    }

    /// Throughput with an SI prefix: `152.3 M`.
    static func rate(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        let (scale, prefix): (Double, String) = x >= 1e9 ? (1e9, " G") : x >= 1e6 ? (1e6, " M") : x >= 1e3 ? (1e3, " k") : (1, " ")
        return String(format: "%.1f", x / scale) + prefix
    }

    /// The table: one line per stage and thread count; with `references` (`alvh bench --reference`), a second table setting each reference beside
    /// its alvh stage on one thread. `referenceModel`: whether the bench ran the references' market (heston.yaml).
    public func text(machine: Machine, references: [ReferenceBaseline] = [], referenceModel: Bool = true) -> String {
        var lines = ["alvh bench: \(inputs.paths) paths x \(inputs.days) days, seed \(inputs.seed), median of \(inputs.rounds) round\(inputs.rounds == 1 ? "" : "s") per line",
                     "machine: \(machine.cpuModel), \(machine.cores) cores, \(machine.simdExtension) (\(machine.simdWidthBits)-bit vectors), \(machine.build) build", ""]
        let header = ["stage", "unit", "threads", "seconds", "items/s", "speed-up", "efficiency"]
        var rows: [[String]] = []
        for m in measurements {
            rows.append([m.stage.rawValue, m.stage.unit, "\(m.threads)", String(format: "%.3f", m.seconds), Self.rate(m.itemsPerSecond),
                         String(format: "%.2fx", m.speedUp), String(format: "%.0f %%", 100 * m.parallelEfficiency)])
        }
        lines += TextLayout.table([header] + rows, leftAligned: [0, 1])
        for s in skipped { lines.append("skipped: \(s.stage.rawValue) (\(s.reason))") }
        lines.append("speed-up and efficiency are against the first thread count (\(threadCounts[0])); items per round in the JSON")
        if !references.isEmpty {
            lines += ["", "references: one thread, Heston with configs/markets/heston.yaml's parameters, daily steps"]
            let header = ["library", "scheme", "paths x days", "path-steps/s", "alvh stage", "alvh path-steps/s", "alvh / reference"]
            let rows: [[String]] = references.map { r in
                let alvh = oneThreadRate(r.library.stage)
                return [r.library.rawValue, r.library.scheme, "\(r.paths) x \(r.days)", r.pathStepsPerSecond.map(Self.rate) ?? "-",
                        r.library.stage.rawValue, alvh.map(Self.rate) ?? "-",
                        ratio(r).map { String(format: "%.1fx", $0) } ?? "-"]
            }
            lines += TextLayout.table([header] + rows, leftAligned: [0, 1, 4])
            for r in references { if let why = r.skipped { lines.append("skipped: \(r.library.rawValue) reference (\(why))") } }
            if !referenceModel {
                lines.append("note: the stages ran another market than the references; run with --market configs/markets/heston.yaml to compare like with like")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The stage's items per second on one thread (nil when it was not run on one thread).
    func oneThreadRate(_ stage: ThroughputStage) -> Double? {
        measurements.first { $0.stage == stage && $0.threads == 1 }?.itemsPerSecond
    }

    /// alvh's one-thread rate over the reference's (nil when either is missing).
    func ratio(_ reference: ReferenceBaseline) -> Double? {
        guard let alvh = oneThreadRate(reference.library.stage), let other = reference.pathStepsPerSecond else { return nil }
        return alvh / other
    }

    /// JSON: `stages[]` with `name`, `unit`, `threads`, `items`, `seconds`, `items_per_second`, `speed_up`,
    /// `parallel_efficiency`; `machine`; `skipped`; the settings.
    /// With `references`: `references[]` with `library`, `scheme`, `script`, `paths`, `days`, `path_steps_per_second`,
    /// `stage`, `alvh_path_steps_per_second`, `ratio` (nulls where missing), `skipped`, and `same_model`.
    public func json(machine: Machine, provenance: Provenance?, references: [ReferenceBaseline] = [], referenceModel: Bool = true) -> JSONValue {
        func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        var fields: [(String, JSONValue)] = [
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("provenance", provenance?.json ?? .null),
            ("machine", .object([("cores", .integer(machine.cores)), ("cpu_model", .string(machine.cpuModel)),
                                 ("simd", .string(machine.simdExtension)), ("simd_width_bits", .integer(machine.simdWidthBits)),
                                 ("operating_system", .string(machine.operatingSystem)), ("build", .string(machine.build))])),
            ("paths", .integer(inputs.paths)),
            ("days", .integer(inputs.days)),
            ("seed", .unsignedInteger(inputs.seed)),
            ("rounds", .integer(inputs.rounds)),
            ("threads", .array(threadCounts.map { .integer($0) })),
            ("stages", .array(measurements.map { m in
                .object([("name", .string(m.stage.rawValue)), ("unit", .string(m.stage.unit)), ("threads", .integer(m.threads)),
                         ("items", .integer(m.items)), ("seconds", .number(m.seconds)), ("items_per_second", .number(m.itemsPerSecond)),
                         ("speed_up", .number(m.speedUp)), ("parallel_efficiency", .number(m.parallelEfficiency))])
            })),
            ("skipped", .array(skipped.map { .object([("name", .string($0.stage.rawValue)), ("reason", .string($0.reason))]) })),
        ]
        if !references.isEmpty {
            fields.append(("references", .array(references.map { r in
                .object([("library", .string(r.library.rawValue)), ("scheme", .string(r.library.scheme)), ("script", .string(r.library.script)),
                         ("paths", .integer(r.paths)), ("days", .integer(r.days)), ("path_steps_per_second", number(r.pathStepsPerSecond)),
                         ("stage", .string(r.library.stage.rawValue)), ("alvh_path_steps_per_second", number(oneThreadRate(r.library.stage))),
                         ("ratio", number(ratio(r))), ("skipped", r.skipped.map { .string($0) } ?? .null), ("same_model", .bool(referenceModel))])
            })))
        }
        return .object(fields)
    }
}
