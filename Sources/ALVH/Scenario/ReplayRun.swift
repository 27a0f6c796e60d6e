import Foundation

/// Hedge layouts run through the real history (`alvh replay`, DESIGN section 7).
///
/// A *window* starts on an SPX trading day and lasts `windowDays` trading days. With `windowDays` given, a window
/// starts every `step` days from `from` while it ends by `to` (overlapping windows: their spread is an empirical
/// distribution of the horizon P&L, VaR/ES over windows with their worst start dates); without it, one window runs
/// from `from` to `to` and every day of it is reported (the daily P&L series).
///
/// Every layout sees the same windows: a window is left out (and listed with its reason) when one of its days, or a
/// warm-up day an adaptive layout's indicators read, has no state (no VIX close; two factors: no VIX3M or VXV), or
/// when a VIX future layer finds no listed contract or settlement, or an ETN layer no chained level of the rebuilt
/// futures index. Static layouts are valued by `StaticReplay` (real settlements, exact marks); adaptive layouts run their daily book on `ReplayStepper`'s paths, one path per
/// window, with marks from their repricing tables at each day's state (VIX futures there are the model's futures at
/// the day's state, not the real settlements).
public enum ReplayRun {
    public struct Request: Sendable {
        public var from: TradingDate?
        public var to: TradingDate?
        /// Window length in trading days; nil: one window over `from ... to` with its daily series.
        public var windowDays: Int?
        /// Trading days between window starts.
        public var step: Int
        public var threads: Int

        public init(from: TradingDate? = nil, to: TradingDate? = nil, windowDays: Int? = nil, step: Int = 1,
                    threads: Int = PathSimulationSettings.availableCores) {
            self.from = from
            self.to = to
            self.windowDays = windowDays
            self.step = step
            self.threads = threads
        }
    }

    /// - Throws: `SettingsError` for a window request the history cannot serve (naming the flag), `ConfigError` for a
    ///   layout replay cannot hold (an adaptive book with ETN layers) or cannot book on a window's first day.
    public static func run(model: MarketModel, layouts: [HedgeLayout], history: ReplayHistory, request: Request) throws -> ReplayResult {
        guard request.step >= 1 else { throw SettingsError(flag: "--step", value: "\(request.step)", allowed: "1 ... 10000 trading days") }
        let dates = history.dates
        let first = request.from.map { from in dates.firstIndex { $0 >= from } ?? dates.count } ?? 0
        let last = request.to.map { to in (dates.lastIndex { $0 <= to } ?? -1) } ?? dates.count - 1
        let span = dates.isEmpty ? "none" : "\(dates[0]) .. \(dates[dates.count - 1])"
        guard first < last else {
            throw SettingsError(flag: "--from/--to", reason: "the window holds fewer than 2 trading days of the history (\(span)).")
        }
        let warmUp = layouts.compactMap { $0.adaptive?.warmUpDays }.max() ?? 0
        let days: Int, candidates: [Int]
        if let h = request.windowDays {
            guard (1...PathSimulationSettings.maximumDays).contains(h) else {
                throw SettingsError(flag: "--windows", value: "\(h)", allowed: "1 ... \(PathSimulationSettings.maximumDays) trading days")
            }
            guard first + h <= last else {
                throw SettingsError(flag: "--windows", reason: "\(h) trading days do not fit between \(dates[first]) and \(dates[last]) (\(last - first) trading days).")
            }
            days = h
            candidates = Array(stride(from: first, through: last - h, by: request.step))
        } else {
            days = last - first
            guard days <= PathSimulationSettings.maximumDays else {
                throw SettingsError(flag: "--from/--to", reason: "\(days) trading days is more than one window may hold (\(PathSimulationSettings.maximumDays)); use --windows for long spans.")
            }
            candidates = [first]
        }

        // Which windows every layout can run; static layouts are valued on the way.
        var gaps: [Int: String] = [:]
        for s in candidates where !history.hasState(from: s - warmUp, through: s + days) {
            let missing = (max(s - warmUp, 0)...min(s + days, dates.count - 1)).first { !history.hasState(from: $0, through: $0) }
            gaps[s] = missing.map { "no model state on \(dates[$0]) (no VIX\(history.factorCount == 2 ? " or VIX3M" : "") close)" }
                ?? "fewer than \(warmUp) days of history before it for the indicators' warm-up"
        }
        let valued = candidates.filter { gaps[$0] == nil }
        let replay = StaticReplay(history: history, model: model, etn: layouts.contains { $0.adaptive == nil && $0.layers.contains { $0.instrument.onETN } })
        let staticLayouts = layouts.filter { $0.adaptive == nil }
        let series = request.windowDays == nil
        // Per window: per static layout, the valuations (every day for the series, else the last day) and the layers
        // not bought, or a gap.
        typealias Valued = (valuations: [StaticReplay.Valuation], unbooked: [Int])
        let staticResults = try parallelMap(count: valued.count, threads: request.threads) { w -> Result<[Valued], Error> in
            Result {
                try staticLayouts.map { layout in
                    let booking = try replay.book(layout, start: valued[w], days: days)
                    let values = try (series ? Array(0...days) : [days]).map { d throws(StaticReplay.WindowGap) in try replay.value(booking, day: d) }
                    return (values, booking.unbooked)
                }
            }
        }.enumerated().compactMap { w, result -> (Int, [Valued])? in
            switch result {
            case .success(let v): return (valued[w], v)
            case .failure(let gap as StaticReplay.WindowGap): gaps[valued[w]] = gap.reason; return nil
            case .failure(let error as ConfigError):
                guard case let .invalid(file, keyPath, reason) = error else { throw error }
                throw ConfigError.invalid(file: file, keyPath: keyPath, reason: "booked on \(dates[valued[w]]) (a window's first day): " + reason)
            case .failure(let error): throw error
            }
        }
        let starts = staticResults.map(\.0)
        if starts.isEmpty {
            let reasons = candidates.compactMap { gaps[$0] }
            throw SettingsError(flag: "--from/--to", reason: "no window can be replayed: \(reasons.first ?? "none fits").")
        }

        // Adaptive layouts: their daily book on the history, one path per window.
        var adaptiveOutcomes: [LayoutOutcome] = []
        let adaptiveLayouts = layouts.filter { $0.adaptive != nil }
        if !adaptiveLayouts.isEmpty {
            let stepper = ReplayStepper(history: history, starts: starts, warmUpDays: warmUp)
            let settings = PathSimulationSettings(paths: starts.count, days: days, threads: request.threads, batchSize: 256, measure: .realWorld)
            adaptiveOutcomes = try HedgeSimulation.run(model: model, layouts: adaptiveLayouts, settings: settings, start: try stepper.startStates(),
                                                       recordFan: false, scenario: nil, replay: stepper, recordDaily: series, progress: nil).outcomes
        }

        var staticIndex = 0, adaptiveIndex = 0
        let outcomes = layouts.map { layout -> ReplayLayoutOutcome in
            if layout.adaptive == nil {
                defer { staticIndex += 1 }
                let b = staticIndex
                let last = staticResults.map { $0.1[b].valuations.last! }
                var unbooked = [Int](repeating: 0, count: layout.layers.count)
                for window in staticResults { for l in window.1[b].unbooked { unbooked[l] += 1 } }
                return ReplayLayoutOutcome(layout: layout, portfolio: last.map(\.portfolio), hedge: last.map(\.hedge),
                                           premiumCarried: last.map(\.premiumCarried), hedged: last.map(\.hedged),
                                           series: series ? staticResults[0].1[b].valuations : nil, unbookedWindows: unbooked)
            }
            defer { adaptiveIndex += 1 }
            let o = adaptiveOutcomes[adaptiveIndex]
            return ReplayLayoutOutcome(layout: layout, portfolio: o.portfolioPnL, hedge: o.hedgeValue, premiumCarried: o.premiumsWithCarry,
                                       hedged: o.hedgedPnL, series: o.dailyValues, unbookedWindows: [])
        }
        return ReplayResult(windowDays: days, step: request.step, windowed: request.windowDays != nil,
                            starts: starts.map { dates[$0] }, ends: starts.map { dates[$0 + days] },
                            seriesDates: series ? Array(dates[first...(first + days)]) : [],
                            leftOut: candidates.compactMap { s in gaps[s].map { (dates[s], $0) } },
                            outcomes: outcomes, history: history)
    }
}

/// One layout's replay: per window, in currency at the window's end.
public struct ReplayLayoutOutcome: Sendable {
    public let layout: HedgeLayout
    public let portfolio: [Double]
    public let hedge: [Double]
    public let premiumCarried: [Double]
    public let hedged: [Double]
    /// One window without --windows: the figures of every day (day 0 first); an adaptive layout's per layer are its
    /// slots (proceeds and the live position at bid).
    let series: [StaticReplay.Valuation]?
    /// Static layouts: per layer, the windows in which it was not bought (model price below the pricers' accuracy).
    public let unbookedWindows: [Int]
}

/// What `ReplayRun.run` returns.
public struct ReplayResult: Sendable {
    public let windowDays: Int
    public let step: Int
    /// Whether the run asked for windows (else one window with its daily series).
    public let windowed: Bool
    /// First and last day of each window run.
    public let starts: [TradingDate]
    public let ends: [TradingDate]
    /// The days of the one window, when there is one.
    public let seriesDates: [TradingDate]
    /// Window starts left out, with the reason.
    public let leftOut: [(start: TradingDate, reason: String)]
    public let outcomes: [ReplayLayoutOutcome]
    public let history: ReplayHistory
}
