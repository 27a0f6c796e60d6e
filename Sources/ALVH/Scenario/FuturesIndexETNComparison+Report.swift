import Foundation

/// `alvh check-index`: the rebuilt short-term futures index over its whole span and against the ETN, as text and JSON.
public struct FuturesIndexCheck: Sendable {
    public let index: HistoricalFuturesIndex
    public let comparison: FuturesIndexETNComparison
    /// The issue's acceptance figures: 5-day log-return correlation above this, and |mean monthly return gap| below
    /// `monthlyGapPoints` percentage points.
    public static let fiveDayCorrelationFloor = 0.98
    public static let monthlyGapPoints = 0.3
    /// Command line, time and commit (the `data_provenance` block: no market or seed is involved).
    public var commandLine: [String] = CommandLine.arguments
    public var timestamp = Date()

    public init(index: HistoricalFuturesIndex, comparison: FuturesIndexETNComparison) {
        self.index = index
        self.comparison = comparison
    }

    public var monthlyGap: Double { comparison.indexMeanMonthlyReturnPercent - comparison.etnMeanMonthlyReturnPercent }

    public var passed: Bool { comparison.fiveDayCorrelation > Self.fiveDayCorrelationFloor && abs(monthlyGap) < Self.monthlyGapPoints }

    /// Annualised log return of the index over its whole span, percent a year (252 days; breaks left out).
    public var indexLogReturnPercentPerYear: Double {
        let changes = index.logChanges.compactMap { $0 }
        return changes.isEmpty ? 0 : 100 * PathSimulationSettings.tradingDaysPerYear * changes.reduce(0, +) / Double(changes.count)
    }

    private var timestampText: String { Provenance.timestampText(timestamp) }
    private var commandLineText: String { Provenance.commandLineText(commandLine) }

    public var text: String {
        let c = comparison
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        let head = "provenance: alvh \(Provenance.alvhVersion), commit \(Provenance.gitCommit ?? "unknown"), \(timestampText)"
        var lines = [head, "command: \(commandLineText)", ""]
        lines += TextLayout.wrap("short-term VIX futures index (S&P methodology: daily roll front -> second, w1 = dr/dt), excess return, "
            + "rebuilt from \(index.file)")
        lines.append("  span \(index.dates.first!) .. \(index.dates.last!): \(index.dates.count) futures days, \(index.breaks.count) breaks"
            + (index.breaks.isEmpty ? "" : " (first \(index.breaks.prefix(5).map(\.description).joined(separator: ", ")))"))
        lines.append("  log return \(f(indexLogReturnPercentPerYear)) % a year; roll cost \(f(index.annualRollCostPercent() ?? 0)) % a year")
        lines.append("")
        lines += TextLayout.wrap("against \(c.etnFile) (Adj Close), \(c.first) .. \(c.last): \(c.commonDays) common days "
            + "(\(c.etnDatesWithoutIndex) ETN days without a settlement left out)")
        lines.append("  daily log returns (4:15 pm settles vs 4:00 pm close): correlation \(f(c.dailyCorrelation, 4)), "
            + "tracking error \(f(c.trackingErrorPercent)) % a year")
        lines.append("  5-day log returns, \(c.fiveDayReturns) blocks: correlation \(f(c.fiveDayCorrelation, 4)) "
            + "(required > \(f(Self.fiveDayCorrelationFloor)))")
        lines.append("  mean monthly return, \(c.months) months: index \(f(c.indexMeanMonthlyReturnPercent)) %, ETN "
            + "\(f(c.etnMeanMonthlyReturnPercent)) %, gap \(f(monthlyGap)) points (required within \(f(Self.monthlyGapPoints, 1)))")
        lines.append("  log return a year: index \(f(c.indexLogReturnPercentPerYear)) %, ETN \(f(c.etnLogReturnPercentPerYear)) % "
            + "(gap \(f(c.meanDifferencePercentPerYear)) %: T-bill interest less the 0.89 % fee); roll cost \(f(c.annualRollCostPercent)) % a year")
        lines.append("  result: " + (passed ? "pass" : "attention"))
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        let c = comparison
        return .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("provenance", .object([
                ("alvh_version", .string(Provenance.alvhVersion)),
                ("git_commit", Provenance.gitCommit.map { .string($0) } ?? .null),
                ("timestamp_utc", .string(timestampText)),
                ("command_line", .string(commandLineText)),
                ("warnings", .array([])),
            ])),
            ("index", .object([
                ("file", .string(index.file)),
                ("methodology", .string("S&P 500 VIX Short-Term Futures Index, excess return: daily roll from the front to the second "
                    + "future, w1 = dr/dt on the futures' trade dates")),
                ("first_day", .string(index.dates.first!.description)),
                ("last_day", .string(index.dates.last!.description)),
                ("futures_days", .integer(index.dates.count)),
                ("breaks", .array(index.breaks.map { .string($0.description) })),
                ("log_return_percent_per_year", .number(indexLogReturnPercentPerYear)),
                ("roll_cost_percent_per_year", index.annualRollCostPercent().map { .number($0) } ?? .null),
            ])),
            ("etn", .object([
                ("file", .string(c.etnFile)),
                ("first_day", .string(c.first.description)),
                ("last_day", .string(c.last.description)),
                ("common_days", .integer(c.commonDays)),
                ("etn_days_without_settlement", .integer(c.etnDatesWithoutIndex)),
                ("daily_returns", .integer(c.dailyReturns)),
                ("daily_correlation", .number(c.dailyCorrelation)),
                ("tracking_error_percent_per_year", .number(c.trackingErrorPercent)),
                ("log_return_gap_percent_per_year", .number(c.meanDifferencePercentPerYear)),
                ("five_day_returns", .integer(c.fiveDayReturns)),
                ("five_day_correlation", .number(c.fiveDayCorrelation)),
                ("months", .integer(c.months)),
                ("index_mean_monthly_return_percent", .number(c.indexMeanMonthlyReturnPercent)),
                ("etn_mean_monthly_return_percent", .number(c.etnMeanMonthlyReturnPercent)),
                ("index_log_return_percent_per_year", .number(c.indexLogReturnPercentPerYear)),
                ("etn_log_return_percent_per_year", .number(c.etnLogReturnPercentPerYear)),
                ("roll_cost_percent_per_year", .number(c.annualRollCostPercent)),
                ("breaks", .array(c.breaks.map { .string($0.description) })),
            ])),
            ("requirements", .object([
                ("five_day_correlation_above", .number(Self.fiveDayCorrelationFloor)),
                ("monthly_gap_points_within", .number(Self.monthlyGapPoints)),
                ("passed", .bool(passed)),
            ])),
        ])
    }
}
