/// VIX3M before its own first close, from VXV: the same Cboe 3-month index under its old name (renamed VIX3M in 2017;
/// Cboe's VIX3M file starts 2009-09-18, Yahoo's ^VXV file 2006-07-17). Only days of the window before the first VIX3M
/// close and with a VXV close that day are filled; nothing is interpolated, and the count is reported. On the 1,839
/// days both files cover they differ on 10 (`data/README.md`), so the splice point matters little.
public struct ThreeMonthSplice: Sendable {
    /// The window's series with VIX3M filled from VXV before VIX3M starts.
    public let series: DailyMarketSeries
    /// Days filled from VXV.
    public let splicedDays: Int
    public let file: String

    /// The shipped VXV file inside the data directory.
    public static let vxvPath = "vix/VXV_yahoo_2006-2017.csv"

    public init(window: HistoricalWindow, vix3m: DailyCloses, vxv: DailyCloses) throws(StylisedFactsError) {
        var filled = window.series.vix3m.isEmpty ? [Double?](repeating: nil, count: window.dates.count) : window.series.vix3m
        let start = vix3m.dates.first
        var count = 0
        for (k, day) in window.dates.enumerated() where filled[k] == nil && (start.map { day < $0 } ?? true) {
            if let close = vxv.close(on: day) {
                filled[k] = close
                count += 1
            }
        }
        series = try DailyMarketSeries(spx: window.series.spx, vix: window.series.vix, vix3m: filled, futures: window.series.futures)
        splicedDays = count
        file = vxv.file
    }

    public var summary: String { "VIX3M before its first close from VXV (\(file)): \(splicedDays) days" }
}
