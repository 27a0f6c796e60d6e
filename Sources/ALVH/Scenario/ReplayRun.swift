import Synchronization
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
/// futures index. Static layouts are valued by `StaticReplay` (real settlements, exact marks); adaptive layouts run
/// their daily book on `ReplayStepper`'s paths, one path per window: their VIX futures trade the listed contracts at
/// their real settlements and their VIX options settle on the SOQ or the close (`ReplayCalendar`), like the static
/// ones; options are marked from their repricing tables at each day's state, and their regimes and relative strikes
/// read the model's futures curve at that state.
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
    ///   layout replay cannot hold or cannot book on a window's first day.
    /// - Parameter progress: called from worker threads with a phase (`static layouts`, `adaptive layouts`) and the
    ///   share of its windows done; a new phase starts at 0.
    public static func run(model: MarketModel, layouts: [HedgeLayout], history: ReplayHistory, request: Request,
                           progress: (@Sendable (String, Double) -> Void)? = nil) throws -> ReplayResult {
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
        // An adaptive book's VIX futures trade the listed contracts: its windows must lie inside the futures table.
        if layouts.contains(where: { $0.adaptive != nil && $0.layers.contains { $0.instrument == .vixFuture } }) {
            let table = history.futures.tradeDates
            for s in candidates where gaps[s] == nil {
                guard let lo = table.first, let hi = table.last, dates[s] >= lo, dates[s + days] <= hi else {
                    let span = table.isEmpty ? "none loaded" : "\(table[0]) .. \(table[table.count - 1])"
                    gaps[s] = "an adaptive layout's VIX futures need the futures table every day (it spans \(span))"
                    continue
                }
            }
        }
        // An adaptive book's ETN layers hold the rebuilt futures index: it must chain from the first day to every day.
        if layouts.contains(where: { $0.adaptive != nil && $0.layers.contains { $0.instrument.onETN } }) {
            for s in candidates where gaps[s] == nil {
                if let broken = (s...(s + days)).first(where: { history.indexLevel(from: s, to: $0) == nil }) {
                    gaps[s] = "an adaptive layout's ETN layers need the rebuilt VIX futures index, which does not chain from \(dates[s]) to \(dates[broken])"
                }
            }
        }
        let valued = candidates.filter { gaps[$0] == nil }
        let replay = StaticReplay(history: history, model: model, etn: layouts.contains { $0.adaptive == nil && $0.layers.contains { $0.instrument.onETN } })
        let staticLayouts = layouts.filter { $0.adaptive == nil }
        let series = request.windowDays == nil
        // Per window: per static layout, the valuations (every day for the series, else the last day) and the layers
        // not bought, or a gap.
        typealias Valued = (valuations: [ReplayValuation], unbooked: [Int])
        let finished = Atomic<Int>(0), total = Double(max(valued.count, 1))
        if !staticLayouts.isEmpty { progress?("static layouts", 0) }
        let staticResults = try parallelMap(count: valued.count, threads: request.threads) { w -> Result<[Valued], Error> in
            defer { if let progress { progress("static layouts", Double(finished.wrappingAdd(1, ordering: .relaxed).newValue) / total) } }
            return Result {
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
        var starts = staticResults.map(\.0)
        func noWindow() -> SettingsError {
            let reasons = candidates.compactMap { gaps[$0] }
            return SettingsError(flag: "--from/--to", reason: "no window can be replayed: \(reasons.first ?? "none fits").")
        }
        if starts.isEmpty { throw noWindow() }

        // Adaptive layouts: their daily book on the history, one path per window, trading the real futures and settling
        // on the real VIX settlements (ReplayCalendar). A window where a held future has no settlement some day comes
        // out non-finite and is left out for every layout.
        var adaptiveOutcomes: [LayoutOutcome] = []
        let adaptiveLayouts = layouts.filter { $0.adaptive != nil }
        var kept = Array(starts.indices)
        if !adaptiveLayouts.isEmpty {
            let stepper = ReplayStepper(history: history, starts: starts, warmUpDays: warmUp)
            let settings = PathSimulationSettings(paths: starts.count, days: days, threads: request.threads, batchSize: 256, measure: .realWorld)
            var adaptiveProgress: (@Sendable (Double) -> Void)?
            if let progress { adaptiveProgress = { fraction in progress("adaptive layouts", fraction) } }
            adaptiveOutcomes = try HedgeSimulation.run(model: model, layouts: adaptiveLayouts, settings: settings, start: try stepper.startStates(),
                                                       recordFan: false, scenario: nil, replay: stepper, recordDaily: series,
                                                       progress: adaptiveProgress).outcomes
            kept = starts.indices.filter { w in adaptiveOutcomes.allSatisfy { $0.hedgedPnL[w].isFinite } }
            let keptSet = Set(kept)
            for w in starts.indices where !keptSet.contains(w) {
                gaps[starts[w]] = "a VIX future held by an adaptive layout has no settlement on a day of the window"
            }
            if kept.isEmpty { throw noWindow() }
        }
        let staticKept = kept.map { staticResults[$0] }
        starts = kept.map { starts[$0] }
        func pick(_ values: [Double]) -> [Double] { kept.map { values[$0] } }

        var staticIndex = 0, adaptiveIndex = 0
        let outcomes = layouts.map { layout -> ReplayLayoutOutcome in
            if layout.adaptive == nil {
                defer { staticIndex += 1 }
                let b = staticIndex
                let last = staticKept.map { $0.1[b].valuations.last! }
                var unbooked = [Int](repeating: 0, count: layout.layers.count)
                for window in staticKept { for l in window.1[b].unbooked { unbooked[l] += 1 } }
                return ReplayLayoutOutcome(layout: layout, portfolio: last.map(\.portfolio), hedge: last.map(\.hedge),
                                           premiumCarried: last.map(\.premiumCarried), hedged: last.map(\.hedged),
                                           series: series ? staticKept[0].1[b].valuations : nil, unbookedWindows: unbooked)
            }
            defer { adaptiveIndex += 1 }
            let o = adaptiveOutcomes[adaptiveIndex]
            return ReplayLayoutOutcome(layout: layout, portfolio: pick(o.portfolioPnL), hedge: pick(o.hedgeValue),
                                       premiumCarried: pick(o.premiumsWithCarry), hedged: pick(o.hedgedPnL), series: o.dailyValues,
                                       unbookedWindows: [])
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
    let series: [ReplayValuation]?
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
