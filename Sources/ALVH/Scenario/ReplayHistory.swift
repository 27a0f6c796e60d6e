import Foundation

/// The history a replay runs through (`alvh replay`, DESIGN section 7): the SPX trading days of a
/// `HistoricalWindow`, each with its model state read off that day's indices, and the real VIX futures settlements.
///
/// The state of day `k` is `(ln S_k, v1_k, v2_k)`: `S_k` the SPX close and the factors from the VIX (and VIX3M for a
/// two-factor market) by `FactorFilter` with the market's own Q formula, so the model VIX of every replayed day is
/// that day's VIX close (two factors: VIX and VIX3M both, unless the pair is outside the model's feasible set and was
/// projected; `filterSummary` counts those days). Days without the indices the filter needs have no state: windows
/// that touch them are left out and listed, never interpolated.
public struct ReplayHistory: Sendable {
    /// SPX trading days, increasing.
    public let dates: [TradingDate]
    /// SPX close per day (index points).
    public let spot: [Double]
    /// VIX close per day (NaN: none that day).
    public let vix: [Double]
    /// Factor variances per day (NaN: no state that day); `secondVariance` is 0 for one factor.
    let variance: [Double]
    let secondVariance: [Double]
    /// Days with no state before day `k` (prefix counts: a window's check is O(1)).
    private let missingBefore: [Int]
    public let futures: VIXFuturesSettlements
    /// The short-term VIX futures index rebuilt from `futures` (what ETN layers hold), and each day's position in it
    /// (nil: not one of its dates); nil when not given.
    public let index: HistoricalFuturesIndex?
    private let indexPositions: [Int?]
    public let factorCount: Int
    /// What the factor filter did: days floored or projected, days without the indices.
    public let filterSummary: String
    /// Calendar gaps and skipped rows of the window the history came from, for the report.
    public let notes: [String]

    /// - Parameters:
    ///   - series: the window's series, or a replacement with the same days (VIX3M spliced from VXV before 2009-09).
    ///   - index: the futures index rebuilt from `futures`, for ETN layers (nil: windows with ETN layers are left out).
    public init(window: HistoricalWindow, series: DailyMarketSeries? = nil, futures: VIXFuturesSettlements,
                index: HistoricalFuturesIndex? = nil, model: MarketModel) {
        let s = series ?? window.series
        self.init(dates: window.dates, spot: s.spx, vix: s.vix, vix3m: s.vix3m, futures: futures, index: index, model: model,
                  notes: window.summaryLines.map { $0.hasPrefix("window ") ? "data loaded " + $0.dropFirst(7) : $0 })
    }

    /// From the aligned columns: `vix` and `vix3m` per SPX day (`nil`: no close; `vix3m` may be empty for one factor).
    init(dates: [TradingDate], spot: [Double], vix: [Double?], vix3m: [Double?], futures: VIXFuturesSettlements,
         index: HistoricalFuturesIndex? = nil, model: MarketModel, notes: [String] = []) {
        precondition(spot.count == dates.count && vix.count == dates.count, "one SPX and one VIX entry per day")
        factorCount = model.riskNeutral.isTwoFactor ? 2 : 1
        let filter = FactorFilter(vix: vix, vix3m: vix3m, formula: model.vixFormula,
                                  threeMonth: factorCount == 2 ? model.threeMonthVIXFormula : nil, factorCount: factorCount)
        self.dates = dates
        self.spot = spot
        self.vix = vix.map { $0 ?? .nan }
        variance = filter.factors.map { $0?[0] ?? .nan }
        secondVariance = filter.factors.map { f in f.map { $0.count > 1 ? $0[1] : 0 } ?? .nan }
        var missing = [0]
        missing.reserveCapacity(dates.count + 1)
        for f in filter.factors { missing.append(missing.last! + (f == nil ? 1 : 0)) }
        missingBefore = missing
        self.futures = futures
        self.index = index
        indexPositions = index.map { i in dates.map { i.position(of: $0) } } ?? []
        filterSummary = filter.summary
        self.notes = notes
    }

    /// Whether every day in `first ... last` has a state.
    func hasState(from first: Int, through last: Int) -> Bool {
        first >= 0 && last < dates.count && missingBefore[last + 1] == missingBefore[first]
    }

    /// The market with day `k`'s state as its initial state (spot, factors); rates and dynamics unchanged.
    func model(_ base: MarketModel, atDay k: Int) -> MarketModel {
        var m = base
        m.spot = spot[k]
        m.initialVariance = variance[k]
        m.initialSecondVariance = secondVariance[k]
        return m
    }

    /// The VIX a VIX option or future settles at on day `k`: the special opening quotation (the final-settlement row
    /// of the contract expiring that day) when a monthly contract expires then, the VIX close otherwise.
    func vixSettlement(day k: Int) -> Double {
        futures.listed(on: dates[k]).first { $0.isFinalSettlement && $0.expiry == dates[k] }?.settle ?? vix[k]
    }

    /// The listed contract a VIX future layer bought on day `start` and held `days` trading days trades: the one with
    /// the nearest expiry on or after day `start + days` (so it is still listed when the layer closes).
    func futureContract(boughtOn start: Int, heldDays days: Int) -> VIXFuturesSettlement? {
        let close = dates[min(start + days, dates.count - 1)]
        return futures.listed(on: dates[start]).filter { $0.expiry >= close }.min { $0.expiry < $1.expiry }
    }

    /// The futures index level on day `k` for a position opened on day `start` at `BookedLayer.indexBase`
    /// (`100 I_k / I_start`); nil when either day is not an index date or a break lies between them.
    func indexLevel(from start: Int, to k: Int) -> Double? {
        guard let index, let a = indexPositions[start], let b = indexPositions[k] else { return nil }
        if b == a { return BookedLayer.indexBase }
        return index.logChange(from: a, to: b).map { BookedLayer.indexBase * exp($0) }
    }

    /// The settlement of the contract `month` on day `k` (its final settlement on its expiry), nil when not in the table.
    func settlement(contractMonth month: Int, day k: Int) -> Double? {
        futures.listed(on: dates[k]).first { $0.contractMonth == month }?.settle
    }
}
