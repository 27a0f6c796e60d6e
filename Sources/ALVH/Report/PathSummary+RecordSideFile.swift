import Foundation

extension PathSummary {
    /// The side file of `alvh paths --record FILE.csv` (`FILE.provenance.json`, see
    /// `HedgeRunReport.sideFilePath(forCSV:)`): what produced the recorded paths and what each column means, in the
    /// same shape as the side file of a per-path CSV of `simulate` and `compare` (schema `csv_side_file`).
    /// `recordedPaths` is the number of paths in the CSV (`--record-paths`, at most `--paths`).
    public func recordSideFile(csvFile: String, recordedPaths: Int) -> JSONValue {
        var columns: [(String, String, String)] = [
            ("path", "index", "path number, 0 for the first path of the run"),
            ("day", "trading days", "day of the close, 0 for t0"),
            ("spot", "index points", "SPX level at the day's close"),
            ("vix", "VIX points", "model VIX at the day's close"),
            ("variance", "annualised variance", "instantaneous variance of the first factor (0.04 = 20 % volatility)"),
        ]
        if initialVIX3M != nil {
            columns += [("vix3m", "VIX points", "model VIX3M at the day's close"),
                        ("second_variance", "annualised variance", "instantaneous variance of the second factor")]
        }
        return .object([
            ("schema_version", .integer(Provenance.schemaVersion)),
            ("file", .string(csvFile)),
            ("form", .string("daily")),
            ("paths", .integer(Swift.min(recordedPaths, settings.paths))),
            ("horizon_days", .integer(settings.days)),
            ("columns", .array(columns.map {
                .object([("name", .string($0.0)), ("unit", .string($0.1)), ("description", .string($0.2))])
            })),
            ("provenance", provenance?.json ?? .null),
        ])
    }
}
