/// The real SPX/VIX/VIX3M/VIX-futures history, loaded from `HistoricalDataFiles`: the input of `alvh check-model`
/// (and of replay and calibration).
///
/// Loading checks every file (`DataError` names file, line and column) and counts what it skips. `window(from:to:)`
/// puts the indices on SPX's (NYSE) trading calendar: VIX and VIX3M prints on days without an SPX close are dropped and
/// reported, SPX days without a VIX close keep an empty VIX (nothing is interpolated), and the futures keep their own
/// calendar. This is the panel of `scripts/history_facts.py`, day for day.
public struct HistoricalMarket: Sendable {
    public let files: HistoricalDataFiles
    public let vix: DailyCloses
    public let vix3m: DailyCloses
    public let spx: DailyCloses
    public let futures: VIXFuturesSettlements

    /// - Throws: `DataError` for the first file that is missing or bad.
    public init(files: HistoricalDataFiles) throws(DataError) {
        self.files = files
        vix = try DailyCloses(path: files.vix)
        vix3m = try DailyCloses(path: files.vix3m)
        spx = try DailyCloses(path: files.spx)
        futures = try VIXFuturesSettlements(path: files.futures)
    }

    /// The three index files only (`files.futures` is not read; the window has no futures days): for uses that need
    /// no futures, such as `alvh calibrate history`.
    /// - Throws: `DataError` for the first file that is missing or bad.
    public init(indices files: HistoricalDataFiles) throws(DataError) {
        self.files = files
        vix = try DailyCloses(path: files.vix)
        vix3m = try DailyCloses(path: files.vix3m)
        spx = try DailyCloses(path: files.spx)
        futures = VIXFuturesSettlements(noFileNamed: files.futures)
    }

    /// Rows the loaders left out, over all four files.
    public var skipped: [SkippedRows] { vix.skipped + vix3m.skipped + spx.skipped + futures.skipped }

    /// The history on SPX's calendar inside `[from, to]`, clamped to the days with both a VIX and an SPX file (the
    /// first VIX date through the last SPX date; `nil` = that end of the data).
    /// - Throws: `DataError.emptyWindow` when `to` is before `from` or the window holds fewer than 3 days with both an
    ///   SPX and a VIX close.
    public func window(from: TradingDate? = nil, to: TradingDate? = nil) throws -> HistoricalWindow {
        guard let vixFirst = vix.dates.first, let vixLast = vix.dates.last, let spxFirst = spx.dates.first,
              let spxLast = spx.dates.last else {
            throw DataError.noRows(file: files.vix)   // unreachable: the loaders refuse files without rows
        }
        let dataFirst = min(vixFirst, spxFirst), dataLast = max(vixLast, spxLast)
        let requestedFrom = from ?? vixFirst, requestedTo = to ?? dataLast
        guard requestedFrom <= requestedTo else {
            throw DataError.emptyWindow(from: requestedFrom, to: requestedTo, reason: "--to is before --from.")
        }
        let lo = max(requestedFrom, vixFirst), hi = min(requestedTo, spxLast)
        let days = lo <= hi ? Array(spx.range(from: lo, to: hi)) : []
        let dates = days.map { spx.dates[$0] }
        let vixOnDays = dates.map { vix.close(on: $0) }
        guard vixOnDays.lazy.filter({ $0 != nil }).count >= 3 else {
            throw DataError.emptyWindow(from: requestedFrom, to: requestedTo,
                                        reason: "fewer than 3 days with both an SPX and a VIX close; the data spans \(dataFirst) .. \(dataLast) "
                                            + "(VIX from \(vixFirst), SPX to \(spxLast)).")
        }
        let vix3mOnDays = dates.map { vix3m.close(on: $0) }
        let spxSet = Set(dates)

        var gaps: [CalendarGap] = []
        func unmatched(_ closes: DailyCloses) -> (inside: [TradingDate], after: [TradingDate]) {
            let r = closes.range(from: requestedFrom, to: requestedTo)
            let dropped = r.map { closes.dates[$0] }.filter { !spxSet.contains($0) && $0 >= lo }
            return (dropped.filter { $0 <= hi }, dropped.filter { $0 > hi })
        }
        for (name, closes) in [("VIX", vix), ("VIX3M", vix3m)] {
            let (inside, after) = unmatched(closes)
            if !inside.isEmpty { gaps.append(CalendarGap(series: name, reason: "dropped: no SPX close that day (NYSE holidays)", dates: inside)) }
            if !after.isEmpty { gaps.append(CalendarGap(series: name, reason: "dropped: after the last SPX close \(hi)", dates: after)) }
        }
        let noVIX = zip(dates, vixOnDays).filter { $0.1 == nil }.map(\.0)
        if !noVIX.isEmpty { gaps.append(CalendarGap(series: "SPX", reason: "without a VIX close (VIX left empty, not interpolated)", dates: noVIX)) }
        if let v3First = vix3m.dates.first, let v3Last = vix3m.dates.last {
            let noVIX3M = zip(dates, vix3mOnDays).filter { $0.1 == nil && $0.0 >= v3First && $0.0 <= v3Last }.map(\.0)
            if !noVIX3M.isEmpty { gaps.append(CalendarGap(series: "SPX", reason: "without a VIX3M close inside VIX3M's span", dates: noVIX3M)) }
        }

        let curve = futures.frontAndSecond(from: requestedFrom, to: requestedTo, vix: vix)
        let futuresInside = futures.tradeDates.filter { $0 >= requestedFrom && $0 <= requestedTo }
        let curveDates = Set(curve.map(\.date))
        let noSecond = futuresInside.filter { !curveDates.contains($0) }
        if !noSecond.isEmpty { gaps.append(CalendarGap(series: "VIX futures", reason: "without two contracts expiring later (left out)", dates: noSecond)) }
        let noSpot = curve.filter { $0.day.vix == nil }.map(\.date)
        if !noSpot.isEmpty { gaps.append(CalendarGap(series: "VIX futures", reason: "without a VIX close (no basis that day)", dates: noSpot)) }

        let series = try DailyMarketSeries(spx: days.map { spx.closes[$0] }, vix: vixOnDays, vix3m: vix3mOnDays, futures: curve.map(\.day))
        return HistoricalWindow(files: files, requestedFrom: requestedFrom, requestedTo: requestedTo, dates: dates, curve: curve,
                                series: series, gaps: gaps, skipped: skipped)
    }
}

/// One window of the history, aligned on SPX's calendar, with what the alignment left out.
public struct HistoricalWindow: Sendable {
    public let files: HistoricalDataFiles
    public let requestedFrom: TradingDate
    public let requestedTo: TradingDate
    /// SPX trading days of the window (one per `series.spx` row).
    public let dates: [TradingDate]
    /// The futures days (one per `series.futures` row).
    public let curve: [VIXFuturesCurvePoint]
    public let series: DailyMarketSeries
    public let gaps: [CalendarGap]
    /// Rows the loaders skipped (whole files).
    public let skipped: [SkippedRows]

    /// Days with both an SPX and a VIX close.
    public var panelDays: Int { series.vix.lazy.filter { $0 != nil }.count }

    /// The history's stylised facts with block standard errors (two-year blocks, `StylisedFacts.StandardErrorMethod.history`).
    public func stylisedFacts() -> StylisedFacts { StylisedFacts(series: [series], standardErrors: .history) }

    /// A few lines for the terminal: files, window, day counts, skipped rows, calendar gaps.
    public var summaryLines: [String] {
        var out = ["history: \(files.spx), \(files.vix), \(files.vix3m), \(files.futures)"]
        let span = dates.isEmpty ? "" : "\(dates[0]) .. \(dates[dates.count - 1])"
        let futureSpan = curve.isEmpty ? "none" : "\(curve[0].date) .. \(curve[curve.count - 1].date)"
        out.append("window \(requestedFrom) .. \(requestedTo): \(dates.count) SPX days (\(span)), \(panelDays) with a VIX close; "
            + "\(curve.count) futures days (\(futureSpan))")
        out += skipped.map { "skipped: " + $0.description }
        out += gaps.map { "calendar: " + $0.description }
        return out
    }

    public var json: JSONValue {
        .object([
            ("files", .object([("spx", .string(files.spx)), ("vix", .string(files.vix)), ("vix3m", .string(files.vix3m)),
                               ("futures", .string(files.futures))])),
            ("from", .string(requestedFrom.description)),
            ("to", .string(requestedTo.description)),
            ("first_day", dates.first.map { .string($0.description) } ?? .null),
            ("last_day", dates.last.map { .string($0.description) } ?? .null),
            ("spx_days", .integer(dates.count)),
            ("panel_days", .integer(panelDays)),
            ("futures_days", .integer(curve.count)),
            ("skipped_rows", .array(skipped.map { s in
                .object([("file", .string(s.file)), ("reason", .string(s.reason)), ("count", .integer(s.count)),
                         ("first_lines", .array(s.firstLines.map { .integer($0) }))])
            })),
            ("calendar_gaps", .array(gaps.map { g in
                .object([("series", .string(g.series)), ("reason", .string(g.reason)), ("count", .integer(g.count)),
                         ("first_dates", .array(g.firstDates.map { .string($0.description) }))])
            })),
        ])
    }
}
