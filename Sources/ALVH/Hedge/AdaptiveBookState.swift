import Foundation

/// Per-path state of one adaptive book over a block of paths: named columns of `capacity` doubles, allocated once per
/// worker and reused for every batch (nothing is allocated per path or day).
final class AdaptiveBookState {
    /// One slot's position and its running accounts on every path of the block.
    struct SlotColumns {
        /// Units held (contracts x multiplier); 0 when the slot is empty.
        let quantity: UnsafeMutableBufferPointer<Double>
        /// Strikes in index points (and their logarithms, for SPX look-ups by log-moneyness), and for VIX strikes set
        /// on the path their ladder index.
        let lower: UnsafeMutableBufferPointer<Double>
        let upper: UnsafeMutableBufferPointer<Double>
        let logLower: UnsafeMutableBufferPointer<Double>
        let logUpper: UnsafeMutableBufferPointer<Double>
        let lowerIndex: UnsafeMutableBufferPointer<Int>
        let upperIndex: UnsafeMutableBufferPointer<Int>
        /// What the P&L of a unit is measured from: a future's entry price; 0 for what was paid for.
        let entry: UnsafeMutableBufferPointer<Double>
        /// Paid per unit at opening (mid + half-spread; a future's half-spread): the take-profit basis.
        let unitCost: UnsafeMutableBufferPointer<Double>
        /// Sales and settlements, each carried to the horizon at r (currency).
        let proceeds: UnsafeMutableBufferPointer<Double>
        /// Premiums and costs paid, each carried to the horizon at r (currency).
        let premium: UnsafeMutableBufferPointer<Double>
        /// Premiums and costs paid, not carried (currency).
        let paid: UnsafeMutableBufferPointer<Double>
        /// Per-unit mids of the position, computed once a day and reused (see `markDay`).
        let mark: UnsafeMutableBufferPointer<Double>
        /// In a replay, the listed VIX future a future slot holds (its contract month number; `ReplayCalendar`).
        let contract: UnsafeMutableBufferPointer<Int>
    }

    /// Per slot: the day and remaining life `mark` was last computed for (the take-profit check, a roll or an opening
    /// computes it; the end-of-day marks reuse it rather than reading the tables twice).
    var markDay: [Int]
    var markLife: [Int]

    let slots: [SlotColumns]
    /// Take-profit proceeds waiting for the next openings of each group (`LayerGroup.allCases` order).
    let pool: [UnsafeMutableBufferPointer<Double>]
    /// The day's group weights after regime and signals, and the regime's budget scale.
    let groupWeight: [UnsafeMutableBufferPointer<Double>]
    let budgetScale: UnsafeMutableBufferPointer<Double>
    /// Traded value at mid (buys and sells), rolls, take-profit sales.
    let turnover: UnsafeMutableBufferPointer<Double>
    let rolls: UnsafeMutableBufferPointer<Double>
    let takeProfits: UnsafeMutableBufferPointer<Double>
    /// Days in each regime.
    let regimeDays: [UnsafeMutableBufferPointer<Double>]
    /// Highest equity so far and the largest fall from it, hedged book (bid) and portfolio alone (currency).
    let peak: UnsafeMutableBufferPointer<Double>
    let drawdown: UnsafeMutableBufferPointer<Double>
    let unhedgedPeak: UnsafeMutableBufferPointer<Double>
    let unhedgedDrawdown: UnsafeMutableBufferPointer<Double>
    /// The first day the hedge's P&L is above 0 (0: not yet) and the SPX price return since t0 on that day.
    let paybackDay: UnsafeMutableBufferPointer<Double>
    let paybackSPXReturn: UnsafeMutableBufferPointer<Double>
    /// MACD on the VIX and RSI on the SPX, one state per path.
    let macd: UnsafeMutableBufferPointer<MACDState>
    let rsi: UnsafeMutableBufferPointer<RSIState>
    /// The last warm-up VIX and SPX, to join the warm-up history to each path's t0.
    let warmVIX: UnsafeMutableBufferPointer<Double>
    let warmSpot: UnsafeMutableBufferPointer<Double>
    /// Per group, the take-profit proceeds that today's openings of the group share.
    let poolToday: [UnsafeMutableBufferPointer<Double>]
    /// Scratch: the book's equity today.
    let equity: UnsafeMutableBufferPointer<Double>
    /// Scratch: the day's book value at mid (accounting), summed on the horizon day.
    let accounting: UnsafeMutableBufferPointer<Double>
    /// Scratch for the batch table look-ups of a slot's marks: the look-up's argument (log-moneyness) and the
    /// values at the lower and upper strikes.
    let lookupArgument: UnsafeMutableBufferPointer<Double>
    let lookupLower: UnsafeMutableBufferPointer<Double>
    let lookupUpper: UnsafeMutableBufferPointer<Double>

    private var doubles: [UnsafeMutableBufferPointer<Double>] = []
    private var integers: [UnsafeMutableBufferPointer<Int>] = []

    init(capacity: Int, slotCount: Int, regimeCount: Int) {
        var doubles: [UnsafeMutableBufferPointer<Double>] = []
        var integers: [UnsafeMutableBufferPointer<Int>] = []
        func column() -> UnsafeMutableBufferPointer<Double> {
            let c = UnsafeMutableBufferPointer<Double>.allocate(capacity: capacity)
            c.initialize(repeating: 0)
            doubles.append(c)
            return c
        }
        func indexColumn() -> UnsafeMutableBufferPointer<Int> {
            let c = UnsafeMutableBufferPointer<Int>.allocate(capacity: capacity)
            c.initialize(repeating: 0)
            integers.append(c)
            return c
        }
        slots = (0..<slotCount).map { _ in
            SlotColumns(quantity: column(), lower: column(), upper: column(), logLower: column(), logUpper: column(),
                        lowerIndex: indexColumn(), upperIndex: indexColumn(),
                        entry: column(), unitCost: column(), proceeds: column(), premium: column(), paid: column(), mark: column(),
                        contract: indexColumn())
        }
        markDay = Array(repeating: -1, count: slotCount)
        markLife = Array(repeating: -1, count: slotCount)
        pool = LayerGroup.allCases.map { _ in column() }
        groupWeight = LayerGroup.allCases.map { _ in column() }
        budgetScale = column()
        turnover = column()
        rolls = column()
        takeProfits = column()
        regimeDays = (0..<regimeCount).map { _ in column() }
        peak = column()
        drawdown = column()
        unhedgedPeak = column()
        unhedgedDrawdown = column()
        paybackDay = column()
        paybackSPXReturn = column()
        warmVIX = column()
        warmSpot = column()
        poolToday = LayerGroup.allCases.map { _ in column() }
        equity = column()
        accounting = column()
        lookupArgument = column()
        lookupLower = column()
        lookupUpper = column()
        macd = .allocate(capacity: capacity)
        macd.initialize(repeating: MACDState(first: 0))
        rsi = .allocate(capacity: capacity)
        rsi.initialize(repeating: RSIState(first: 0))
        self.doubles = doubles
        self.integers = integers
    }

    deinit {
        for c in doubles { c.deallocate() }
        for c in integers { c.deallocate() }
        macd.deallocate()
        rsi.deallocate()
    }

    /// Empties every position and account for a new batch of `count` paths (indicator states are set by the warm-up).
    func reset(count: Int) {
        for s in markDay.indices {
            markDay[s] = -1
            markLife[s] = -1
        }
        for s in slots {
            for c in [s.quantity, s.lower, s.upper, s.entry, s.unitCost, s.proceeds, s.premium, s.paid] {
                c.baseAddress!.update(repeating: 0, count: count)
            }
        }
        for c in pool + regimeDays + [turnover, rolls, takeProfits, peak, drawdown, unhedgedPeak, unhedgedDrawdown, paybackDay, paybackSPXReturn] {
            c.baseAddress!.update(repeating: 0, count: count)
        }
    }
}

/// The market view shared by every adaptive book on a day, per path of the block: computed once per day.
final class DailyMarketView {
    let spot: UnsafeMutableBufferPointer<Double>
    let vix: UnsafeMutableBufferPointer<Double>
    /// The constant-maturity 1- and 2-month VIX futures (21 and 42 trading days) and the curve slope `F2 / F1 - 1`.
    let front: UnsafeMutableBufferPointer<Double>
    let second: UnsafeMutableBufferPointer<Double>
    let slope: UnsafeMutableBufferPointer<Double>
    /// The SPX's highest close since t0 and its largest fall from it so far (a fraction).
    let spotPeak: UnsafeMutableBufferPointer<Double>
    let spotDrawdown: UnsafeMutableBufferPointer<Double>
    /// The SPX at t0 on each path, what returns are measured from (paths may start at their own states: replay).
    let startSpot: UnsafeMutableBufferPointer<Double>
    /// The VIX futures index that ETN layers hold, in points (`BookedLayer.indexBase` at t0 on every path), followed
    /// only when some book holds ETN layers (NaN otherwise); its level as a fraction of t0's and yesterday's basket.
    let index: UnsafeMutableBufferPointer<Double>
    let indexLevel: UnsafeMutableBufferPointer<Double>
    let indexBasket: UnsafeMutableBufferPointer<Double>

    init(capacity: Int) {
        func column() -> UnsafeMutableBufferPointer<Double> {
            let c = UnsafeMutableBufferPointer<Double>.allocate(capacity: capacity)
            c.initialize(repeating: 0)
            return c
        }
        spot = column()
        vix = column()
        front = column()
        second = column()
        slope = column()
        spotPeak = column()
        spotDrawdown = column()
        startSpot = column()
        index = column()
        indexLevel = column()
        indexBasket = column()
        index.update(repeating: .nan)
    }

    deinit { for c in [spot, vix, front, second, slope, spotPeak, spotDrawdown, startSpot, index, indexLevel, indexBasket] { c.deallocate() } }

    /// Today's index level on every path of `block`: followed on the model's futures curve (`VIXFuturesCurveTables`,
    /// as the static book follows it), or in a replay read from the index rebuilt from the real settlements
    /// (`ReplayCalendar.indexLevel`; NaN where it does not chain, which leaves the window out).
    func updateIndex(block: PathBlock, curve: VIXFuturesCurveTables, replay: ReplayCalendar?, day: Int) {
        if let replay {
            for i in 0..<block.count { index[i] = replay.indexLevel(path: block.firstPath + i, bookDay: day) }
            return
        }
        if day == 0 {
            curve.startIndex(level: indexLevel, previous: indexBasket, block: block)
        } else {
            curve.advanceIndex(level: indexLevel, previous: indexBasket, block: block, day: day)
        }
        for i in 0..<block.count { index[i] = BookedLayer.indexBase * indexLevel[i] }
    }

    /// Today's view of every path of `block`. `uniformStart`: the market's t0 spot when every path starts there (read
    /// as given, not through `exp(ln S_0)`), nil for paths with their own starts.
    func update(block: PathBlock, vixFormula: VIXFormula, front frontTable: VIXTable, second secondTable: VIXTable, day: Int,
                uniformStart: Double? = nil) {
        // The two futures on every path by batch look-ups (the same bits as one at a time).
        frontTable.values(variance: block.variance.baseAddress!, secondVariance: block.secondVariance.baseAddress!, count: block.count,
                          into: front.baseAddress!)
        secondTable.values(variance: block.variance.baseAddress!, secondVariance: block.secondVariance.baseAddress!, count: block.count,
                           into: second.baseAddress!)
        for i in 0..<block.count {
            let v = block.variance[i], v2 = block.secondVariance[i]
            let s = exp(block.logSpot[i])
            spot[i] = s
            vix[i] = vixFormula.vix(variance: v, secondVariance: v2)
            slope[i] = second[i] / front[i] - 1
            if day == 0 {
                startSpot[i] = uniformStart ?? s
                spotPeak[i] = s
                spotDrawdown[i] = 0
            } else {
                spotPeak[i] = Swift.max(spotPeak[i], s)
                spotDrawdown[i] = Swift.max(spotDrawdown[i], 1 - s / spotPeak[i])
            }
        }
    }
}
