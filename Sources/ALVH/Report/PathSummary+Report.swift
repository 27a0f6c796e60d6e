import Foundation

extension PathSummary {
    /// Percentile levels shown in reports.
    public static let reportedLevels: [Double] = [1, 5, 25, 50, 75, 95, 99]

    /// The JSON report of `alvh paths` (keys snake_case, DESIGN section 7).
    public var json: JSONValue {
        func percentiles(_ s: SampleStatistics) -> JSONValue {
            .object(s.percentiles.map { (PathSummary.levelKey($0.level), .number($0.value)) })
        }
        return .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("provenance", provenance?.json ?? .null),
            ("paths", .integer(settings.paths)),
            ("horizon_days", .integer(settings.days)),
            ("steps_per_day", .integer(settings.stepsPerDay)),
            ("scheme", .string(settings.scheme.description)),
            ("measure", .string(settings.measure.rawValue)),
            ("seed", .unsignedInteger(settings.seed)),
            ("threads", .integer(settings.threads)),
            ("batch_size", .integer(settings.batchSize)),
            ("initial", .object([("spot", .number(initialSpot)), ("vix", .number(initialVIX))]
                + (initialVIX3M.map { [("vix3m", JSONValue.number($0))] } ?? []))),
            ("terminal", .object(twoFactorTerminal + [
                ("spot_mean", .number(spot.mean)),
                ("spot_stderr", .number(spot.standardError)),
                ("discounted_spot_mean", .number(discountedSpotMean)),
                ("discounted_spot_stderr", .number(discountedSpotStandardError)),
                ("vix_mean", .number(vix.mean)),
                ("vix_stderr", .number(vix.standardError)),
                ("variance_mean", .number(variance.mean)),
                ("variance_stderr", .number(variance.standardError)),
                ("spot_percentiles", percentiles(spot)),
                ("vix_percentiles", percentiles(vix)),
            ])),
            ("daily_return_correlation", .number(dailyReturnCorrelation)),
            ("truncated_share", .number(truncatedShare)),
            ("non_finite_paths", .integer(nonFinitePaths)),
            ("martingale_check_standard_errors", .number(martingale.standardErrors)),
            ("warnings", .array(warnings.map { .string($0) })),
            ("elapsed_seconds", .number(elapsedSeconds)),
            ("peak_memory_bytes", ProcessMemory.peakResidentBytes.map { .integer($0) } ?? .null),
            ("path_steps_per_second", .number(pathStepsPerSecond)),
        ])
    }

    /// Terminal VIX3M and second-factor figures, two-factor markets only.
    var twoFactorTerminal: [(String, JSONValue)] {
        guard let vix3m, let secondVariance else { return [] }
        return [("vix3m_mean", .number(vix3m.mean)), ("vix3m_stderr", .number(vix3m.standardError)),
                ("vix3m_percentiles", .object(vix3m.percentiles.map { (PathSummary.levelKey($0.level), .number($0.value)) })),
                ("second_variance_mean", .number(secondVariance.mean)), ("second_variance_stderr", .number(secondVariance.standardError))]
    }

    public static func levelKey(_ level: Double) -> String {
        level == level.rounded() ? String(Int(level)) : "\(level)"
    }

    /// The readable summary printed by `alvh paths`.
    public var text: String {
        let s = settings
        var lines: [String] = []
        lines.append("alvh paths: \(s.paths) paths x \(s.days) trading days (\(s.stepsPerDay) step\(s.stepsPerDay == 1 ? "" : "s")/day), "
            + "scheme \(s.scheme), \(s.measure.rawValue), seed \(s.seed), \(s.threads) thread\(s.threads == 1 ? "" : "s")")
        lines.append(String(format: "t0: SPX %.2f, VIX %.2f", initialSpot, initialVIX) + (initialVIX3M.map { String(format: ", VIX3M %.2f", $0) } ?? ""))
        lines.append("")
        let header = ["terminal", "mean", "stderr"] + PathSummary.reportedLevels.map { "p\(PathSummary.levelKey($0))" }
        var rows: [[String]] = [header]
        func row(_ name: String, _ st: SampleStatistics, _ format: String) {
            rows.append([name, String(format: format, st.mean), String(format: format, st.standardError)]
                + PathSummary.reportedLevels.map { level in st.percentile(level).map { String(format: format, $0) } ?? "-" })
        }
        row("SPX", spot, "%.2f")
        row("VIX", vix, "%.3f")
        if let vix3m, let secondVariance {
            row("VIX3M", vix3m, "%.3f")
            row("v1 (fast)", variance, "%.5f")
            row("v2 (slow)", secondVariance, "%.5f")
        } else {
            row("variance", variance, "%.5f")
        }
        let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max()! }
        for r in rows {
            lines.append(r.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  "))
        }
        lines.append("")
        lines.append(growthFromTransform
            ? String(format: "E[S_T] / E[S_T/S_0] = %.3f +/- %.3f (S_0 = %.2f; equal within a few stderr; E[S_T/S_0] %.6f from the affine transform: the expected return moves with the variance)",
                     discountedSpotMean, discountedSpotStandardError, initialSpot, martingale.expected)
            : String(format: "E[S_T] e^{-(mu-q)T} = %.3f +/- %.3f (S_0 = %.2f; equal within a few stderr for a martingale)",
                     discountedSpotMean, discountedSpotStandardError, initialSpot))
        lines.append(String(format: "daily SPX/VIX log-return correlation: %.4f", dailyReturnCorrelation))
        lines.append(String(format: "variance truncated at zero: %.4f %% of path-steps", 100 * truncatedShare))
        lines.append("non-finite paths: \(nonFinitePaths)" + (nonFinitePaths > 0 ? " (left out of every statistic)" : ""))
        lines.append(String(format: "elapsed %.3f s, %.1f M path-steps/s", elapsedSeconds, pathStepsPerSecond / 1e6))
        for w in warnings { lines.append("warning: " + w) }
        if let provenance { lines.append(provenance.summaryLine) }
        return lines.joined(separator: "\n") + "\n"
    }
}
