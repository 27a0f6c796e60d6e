import Foundation

/// How much memory a run needs before it allocates, so that a path count that cannot fit is refused up front (exit 2)
/// instead of failing halfway. Per path the run keeps its outcome columns and the arrays the statistics are made from,
/// all doubles; the fixed part covers the binary, the repricing tables and the worker blocks.
///
/// Measured on this project's 2-core VM (`/usr/bin/time -f %M`, peak resident set): `compare` with the default three
/// layouts (11 layers) 199 bytes per path on 1 thread, 210 on 2 (the slope between 1M and 4M paths, 63 days; 304
/// before the outcome columns moved into the outcome arrays instead of being copied and the statistics stopped copying
/// what they only average); `simulate` unhedged 47 + 29 MB; `paths` 99 + 29 MB;
/// two-factor tables add up to about 30 MB. The estimate is built from the arrays the code allocates (below) and is
/// above every measurement; a test checks peak memory against it.
public struct MemoryEstimate: Sendable, Equatable {
    public let bytesPerPath: Double
    public let fixedBytes: Double

    public static let fixedOverhead = 64.0 * 1024 * 1024

    public func bytes(paths: Int) -> Double { fixedBytes + bytesPerPath * Double(paths) }

    /// `alvh simulate` / `compare`: outcome columns `1 + L` (L layers in all; they become the total return and the
    /// layer values, column by column, `OutcomeColumns.take`), the SPX return, the terminal and highest VIX, per
    /// layout the portfolio, hedge and hedged P&L, and about four transient arrays while the statistics run, with two
    /// columns to spare: `8 (L + 3B + 11)` bytes per path for B layouts.
    public static func hedgeRun(layouts: [HedgeLayout]) -> MemoryEstimate {
        let layers = Double(layouts.reduce(0) { $0 + $1.layers.count }), books = Double(layouts.count)
        // An adaptive book keeps per layer its costs with and without carry (and a copy of each for the report), and
        // per book its accounting value, turnover, rolls, take-profits, two drawdowns and days per regime.
        let adaptive = layouts.compactMap { layout in layout.adaptive.map { (layout.layers.count, $0.regimes.count) } }
        let adaptiveColumns = Double(adaptive.reduce(0) { $0 + 4 * $1.0 + 2 * (6 + $1.1) }) + (adaptive.isEmpty ? 0 : 2)
        return MemoryEstimate(bytesPerPath: 8 * (layers + 3 * books + 11 + adaptiveColumns), fixedBytes: fixedOverhead)
    }

    /// `alvh paths`: eight outcome columns, the SPX sample, two statistics at a time with their samples and working
    /// copies (`PathSimulation.summary`), two columns of the selection's scratch and allocator slack (measured: 96
    /// bytes a path on one thread and 120 on two, the slope between 1,000 and 4,000,000 paths of the default market)
    /// and a finite flag; the recorded paths are fixed: `recordPaths x (days + 1) x columns` doubles.
    public static func pathSummary(twoFactor: Bool, recordPaths: Int, days: Int) -> MemoryEstimate {
        let recorded = Double(recordPaths) * Double(days + 1) * (twoFactor ? 5 : 3) * 8
        return MemoryEstimate(bytesPerPath: 8 * (8 + 1 + 4 + 2) + 1, fixedBytes: fixedOverhead + recorded * 2)
    }

    /// `MemAvailable` from `/proc/meminfo` (Linux), in bytes; `nil` where it cannot be read (no check then).
    public static var availableBytes: Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kb = Double(fields[1]) { return kb * 1024 }
        }
        return nil
    }

    /// Refuses `paths` when the estimate exceeds the available memory, naming both and the largest count that fits.
    public func check(paths: Int, available: Double? = MemoryEstimate.availableBytes) throws(SettingsError) {
        guard let available else { return }
        let needed = bytes(paths: paths)
        guard needed > available else { return }
        let fitting = max(0, Int(((available - fixedBytes) / bytesPerPath).rounded(.down)))
        func gb(_ x: Double) -> String { String(format: "%.1f GB", x / 1e9) }
        throw SettingsError(flag: "--paths", reason: "\(paths) paths need about \(gb(needed)) of memory (\(Int(bytesPerPath)) bytes per path + \(gb(fixedBytes))), "
            + "but \(gb(available)) are available; at most \(fitting) paths fit.")
    }
}
