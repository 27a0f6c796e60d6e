import Foundation

/// An adaptive layout resolved against a market and a horizon: its slots, their trading calendar and the tables that
/// price them on the path (DESIGN section 4, adaptive mode). The daily step is `AdaptiveBook+Day.swift`.
///
/// Each layer is a *slot* with a fixed calendar: it opens on day 0 and every `life = expiry_days - roll_days` trading
/// days after (never on the horizon day itself); a position opened on day `o` expires on `o + expiry_days` and is
/// closed at bid on `o + life` when its group rolls (`roll_days > 0`), or settles at its payoff on expiry and the slot
/// reopens the same day (`roll_days` 0). A take-profit sale empties the slot until its next opening day, so the
/// remaining life of every live position on every day is known before the paths run, and the tables for exactly
/// those lives are built once (in parallel) and shared by every slot and layout that needs them.
///
/// What an opening buys: the slot is allotted `budget_per_year x notional x life / 252 x group weight x layer weight x
/// budget scale` (group weight and budget scale from the day's regime and signals) plus its share of the proceeds
/// that take-profit sales sent to its group, and buys `allotment / (mid + half-spread)` units (VIX futures:
/// `allotment / F` units of notional, paying only the half-spread). Strikes are set by the layer's rule on the path
/// that day; VIX option strikes are rounded to listed strikes (1 VIX point apart, at most `VIXStrikeLadder.highest`).
struct AdaptiveBook: Sendable {
    let layout: HedgeLayout
    let rules: AdaptiveRules
    let slots: [AdaptiveSlot]
    let horizonDays: Int
    let rate: Double
    let spot: Double
    let dividendYield: Double
    /// The listed VIX option strikes the relative-strike VIX slots choose from (nil without such slots).
    let ladder: VIXStrikeLadder?
    /// In a replay, each path's history day and the real VIX settlements (nil: simulated paths).
    var replay: ReplayCalendar?

    var notional: Double { layout.portfolio.notional }
    var beta: Double { layout.portfolio.beta }

    /// `e^{r (H - d)}`: a cash flow of day `d` carried to the horizon.
    func carry(fromDay d: Int) -> Double {
        exp(rate * Double(horizonDays - d) / PathSimulationSettings.tradingDaysPerYear)
    }

    /// Slots of `group` in layer order.
    func slots(in group: LayerGroup) -> [AdaptiveSlot] { slots.filter { $0.layer.group == group } }
}

/// One layer of an adaptive book: what it holds, its calendar and its marks by remaining life.
struct AdaptiveSlot: Sendable {
    let index: Int
    let layer: HedgeLayer
    let rollDays: Int
    /// Half-spread per unit: `halfSpread + halfSpreadPerVIXPoint x VIX` on the trade's day.
    let halfSpread: Double
    let halfSpreadPerVIXPoint: Double
    /// `marks[r]`: how the position is priced with `r` trading days left: a built table at the nodes of its maturity
    /// grid (`MaturityGrid`), a blend of the two neighbouring nodes made once as a table of its own in between.
    let marks: [SlotMark?]
    /// The exact mid price per unit and strikes of the day-0 opening, when every path starts at the market's state
    /// (so day 0 trades at the same price as the static book; later openings price from the tables).
    let dayZero: SlotOpening?
    /// The future of the slot's tenor, for VIX strikes set over the matching future.
    let matchingFuture: VIXTable?
    /// For SPX puts by delta: the SPX table at the slot's tenor.
    let tenorTable: SPXOptionTable?

    var tenor: Int { layer.expiryDays }
    var life: Int { tenor - rollDays }
    var instrument: HedgeInstrument { layer.instrument }
    /// VIX option strikes set on the path (stored per path as ladder indices) rather than fixed in the layout.
    var hasLadderStrikes: Bool {
        (instrument == .vixCall || instrument == .vixCallSpread)
            && (AdaptiveBook.isSetOnPath(layer.strike) || AdaptiveBook.isSetOnPath(layer.upperStrike))
    }

    /// The opening day of the position live on day `d` (the latest opening on or before `d`).
    func openingDay(onOrBefore d: Int) -> Int { d / life * life }
    func isOpeningDay(_ d: Int, horizon: Int) -> Bool { d % life == 0 && d < horizon }

    /// Remaining trading days on day `d` of the position opened on `o`.
    func remaining(day d: Int, opened o: Int) -> Int { o + tenor - d }

    /// The remaining lives the calendar needs within `horizon` days: openings (tenor), daily marks, take-profit
    /// checks, rolls and the horizon mark.
    static func lives(tenor: Int, life: Int, horizon: Int) -> Set<Int> {
        var out: Set<Int> = []
        var o = 0
        while o < horizon {
            // From the opening (tenor left) to the roll (roll days left) or the day before expiry, or the horizon.
            for d in o...min(o + life, horizon) where o + tenor - d > 0 { out.insert(o + tenor - d) }
            o += life
        }
        return out
    }
}

/// The strikes and mid price of an opening.
struct SlotOpening: Sendable {
    var lower: Double
    var upper: Double
    var mid: Double
}

/// How a slot is priced with a given remaining life.
enum SlotMark: Sendable {
    case spx(SPXOptionTable)
    /// VIX calls: the surface and, for strikes fixed in the layout, their columns in it (ladder strikes are read
    /// from each path's ladder index).
    case vixOption(VIXOptionSurface, lowerColumn: Int?, upperColumn: Int?)
    case future(VIXTable)
    /// The ETN: the index level.
    case etn
    /// ETN calls: Black on the index level with the remaining log-variance of the day's roll phase.
    case etnCall(ETNCallMarks)
}

/// The remaining log-variance tables of a run's ETN calls, by roll phase and life (`IndexLogVarianceTable.tables`),
/// shared by every ETN call slot.
struct ETNCallMarks: Sendable {
    let tables: [IndexLogVarianceTable.Key: IndexLogVarianceTable]
    let schedule: VIXFuturesRollSchedule
    let rate: Double

    /// The table for a position marked on book day `d` with `r` trading days left.
    func logVariance(day d: Int, remaining r: Int) -> IndexLogVarianceTable {
        guard let t = tables[IndexLogVarianceTable.Key(phase: schedule.daysToFront(day: d), days: r)] else {
            preconditionFailure("no ETN table for day \(d) with \(r) days left: the calendar lists every one it needs")
        }
        return t
    }

    /// `e^{-r tau}` over `r` trading days.
    func discount(remaining r: Int) -> Double { exp(-rate * Double(r) / PathSimulationSettings.tradingDaysPerYear) }

    /// The `(phase, life)` keys a slot's calendar marks on: every day of the horizon, the position coming into the
    /// day and the one held after it (openings, rolls, take-profit checks, daily and horizon marks).
    static func keys(tenor: Int, life: Int, horizon: Int, schedule: VIXFuturesRollSchedule) -> Set<IndexLogVarianceTable.Key> {
        var out: Set<IndexLogVarianceTable.Key> = []
        for d in 0...horizon {
            let latest = d / life * life
            for o in [latest, latest - life] where o >= 0 {
                let r = o + tenor - d
                if r > 0 && r <= tenor { out.insert(IndexLogVarianceTable.Key(phase: schedule.daysToFront(day: d), days: r)) }
            }
        }
        return out
    }
}

/// The listed VIX option strikes: whole VIX points from `lowest` to `highest`. A rule's strike is rounded to the
/// nearest listed one (and to the ends beyond them).
struct VIXStrikeLadder: Sendable, Equatable {
    let lowest: Int
    static let highest = 100

    var strikes: [Double] { (lowest...VIXStrikeLadder.highest).map(Double.init) }
    var count: Int { VIXStrikeLadder.highest - lowest + 1 }

    /// The listed strike nearest to `k` and its index in `strikes`.
    @inline(__always)
    func listed(_ k: Double) -> (strike: Double, index: Int) {
        let r = Double.minimum(Double.maximum(k.rounded(), Double(lowest)), Double(VIXStrikeLadder.highest))
        return (r, Int(r) - lowest)
    }
}
