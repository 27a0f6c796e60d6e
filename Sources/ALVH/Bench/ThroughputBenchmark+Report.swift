import Foundation

extension ThroughputBenchmark {
    /// The machine the figures were measured on (cores, CPU model, OS, build), for the JSON and the text.
    public struct Machine: Sendable {
        public let cores: Int
        public let cpuModel: String
        public let operatingSystem: String
        /// `release` or `debug` (figures from a debug build are not worth comparing).
        public let build: String

        public static var current: Machine {
            #if DEBUG
            let build = "debug"
            #else
            let build = "release"
            #endif
            return Machine(cores: PathSimulationSettings.availableCores, cpuModel: cpuModelName(),
                           operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString, build: build)
        }

        /// `model name` from /proc/cpuinfo (Linux); "unknown" elsewhere.
        static func cpuModelName() -> String {
            guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
            for line in text.split(separator: "\n") where line.hasPrefix("model name") {
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

    /// The table: one line per stage and thread count.
    public func text(machine: Machine) -> String {
        var lines = ["alvh bench: \(inputs.paths) paths x \(inputs.days) days, seed \(inputs.seed), median of \(inputs.rounds) round\(inputs.rounds == 1 ? "" : "s") per line",
                     "machine: \(machine.cpuModel), \(machine.cores) cores, \(machine.build) build", ""]
        let header = ["stage", "unit", "threads", "seconds", "items/s", "speed-up", "efficiency"]
        var rows: [[String]] = []
        for m in measurements {
            rows.append([m.stage.rawValue, m.stage.unit, "\(m.threads)", String(format: "%.3f", m.seconds), Self.rate(m.itemsPerSecond),
                         String(format: "%.2fx", m.speedUp), String(format: "%.0f %%", 100 * m.parallelEfficiency)])
        }
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ r: [String]) -> String {
            r.indices.map { c in c < 2 ? r[c].padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - r[c].count) + r[c] }.joined(separator: "  ")
        }
        lines.append(line(header))
        lines += rows.map(line)
        for s in skipped { lines.append("skipped: \(s.stage.rawValue) (\(s.reason))") }
        lines.append("speed-up and efficiency are against the first thread count (\(threadCounts[0])); items per round in the JSON")
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON: `stages[]` with `name`, `unit`, `threads`, `items`, `seconds`, `items_per_second`, `speed_up`,
    /// `parallel_efficiency`; `machine`; `skipped`; the settings.
    public func json(machine: Machine, provenance: Provenance?) -> JSONValue {
        .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("provenance", provenance?.json ?? .null),
            ("machine", .object([("cores", .integer(machine.cores)), ("cpu_model", .string(machine.cpuModel)),
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
        ])
    }
}
