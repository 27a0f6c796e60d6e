import Foundation

/// Runs every adaptive book of a run over the same paths: one market view per block and day shared by all books, each
/// book's per-path state in its own columns, outcomes written on the horizon day into preallocated columns.
struct AdaptiveBookObserver: PathObserver {
    let books: [AdaptiveBook]
    let columns: [AdaptiveColumns]
    let outcomes: OutcomeColumns
    /// Per path: the SPX's largest fall from its running high over the horizon (a fraction; shared by every book).
    let spotDrawdown: OutcomeColumns
    let vixFormula: VIXFormula
    let front: VIXTable
    let second: VIXTable
    /// Whether every path starts at the market's own state (day 0 then trades at the exact t0 prices).
    let uniformStart: Bool
    let warmUpDays: Int
    /// The market's t0 spot (the start of every path when `uniformStart`).
    let spot: Double
    /// Path 0's daily figures, when asked for (a replay's one window).
    let record: AdaptiveDailyRecord?
    /// The futures curve the index of ETN layers follows (nil: no book holds ETN layers); in a replay the books'
    /// calendar supplies the real index instead.
    let etnCurve: VIXFuturesCurveTables?
    let replay: ReplayCalendar?

    init(books: [AdaptiveBook], model: MarketModel, paths: Int, front: VIXTable, second: VIXTable, uniformStart: Bool,
         recordDays: Int? = nil) {
        record = recordDays.map { AdaptiveDailyRecord(books: books, days: $0) }
        self.books = books
        var next = 0, columns: [AdaptiveColumns] = []
        for book in books {
            let c = AdaptiveColumns(first: next, slotCount: book.slots.count, regimeCount: book.rules.regimes.count)
            columns.append(c)
            next = c.end
        }
        self.columns = columns
        outcomes = OutcomeColumns(columns: next, count: paths)
        spotDrawdown = OutcomeColumns(columns: 1, count: paths)
        vixFormula = model.vixFormula
        self.front = front
        self.second = second
        self.uniformStart = uniformStart
        spot = model.spot
        warmUpDays = books.map { $0.rules.warmUpDays }.max() ?? 0
        etnCurve = books.contains { $0.slots.contains { $0.instrument.onETN } }
            ? VIXFuturesCurveTables(pricer: VIXPricer(model: model), schedule: VIXFuturesRollSchedule()) : nil
        replay = books.first?.replay
    }

    struct Accumulator {
        let view: DailyMarketView
        let states: [AdaptiveBookState]
    }

    func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(view: DailyMarketView(capacity: capacity),
                    states: books.map { AdaptiveBookState(capacity: capacity, slotCount: $0.slots.count, regimeCount: $0.rules.regimes.count) })
    }

    /// Indicator history before t0: each book sees the last `warmUpDays` of its rules.
    func warmUp(_ acc: inout Accumulator, block: PathBlock, day: Int) {
        for (book, st) in zip(books, acc.states) where book.rules.warmUpDays > 0 {
            let first = warmUpDays - book.rules.warmUpDays + 1
            guard day >= first else { continue }
            for i in 0..<block.count {
                let vix = vixFormula.vix(variance: block.variance[i], secondVariance: block.secondVariance[i])
                let spot = exp(block.logSpot[i])
                if day == first {
                    st.macd[i] = MACDState(first: vix)
                    st.rsi[i] = RSIState(first: spot)
                } else {
                    if let m = book.rules.macd { st.macd[i].update(vix, m.parameters) }
                    if let r = book.rules.rsi { st.rsi[i].update(spot, r.parameters) }
                }
                st.warmVIX[i] = vix
                st.warmSpot[i] = spot
            }
        }
    }

    func begin(_ acc: inout Accumulator, block: PathBlock) {
        acc.view.update(block: block, vixFormula: vixFormula, front: front, second: second, day: 0, uniformStart: uniformStart ? spot : nil)
        if let etnCurve { acc.view.updateIndex(block: block, curve: etnCurve, replay: replay, day: 0) }
        for (b, book) in books.enumerated() {
            let st = acc.states[b]
            st.reset(count: block.count)
            if book.rules.warmUpDays > 0 {
                // The warm-up history ends where the path starts: MACD is unchanged by a shift of its series and RSI by
                // a scaling, so the EMAs move by the gap and the average moves scale by the ratio.
                for i in 0..<block.count {
                    let gap = acc.view.vix[i] - st.warmVIX[i]
                    st.macd[i].fastEMA += gap
                    st.macd[i].slowEMA += gap
                    let scale = acc.view.spot[i] / st.warmSpot[i]
                    st.rsi[i].averageGain *= scale
                    st.rsi[i].averageLoss *= scale
                    st.rsi[i].previous = acc.view.spot[i]
                }
            }
            book.step(st, view: acc.view, block: block, day: 0, uniformStart: uniformStart, outcomes: outcomes, columns: columns[b],
                      record: record, recordIndex: b)
        }
    }

    func observe(_ acc: inout Accumulator, block: PathBlock, day: Int) {
        acc.view.update(block: block, vixFormula: vixFormula, front: front, second: second, day: day)
        if let etnCurve { acc.view.updateIndex(block: block, curve: etnCurve, replay: replay, day: day) }
        for (b, book) in books.enumerated() where day <= book.horizonDays {
            book.step(acc.states[b], view: acc.view, block: block, day: day, uniformStart: uniformStart, outcomes: outcomes, columns: columns[b],
                      record: record, recordIndex: b)
        }
    }

    func end(_ acc: inout Accumulator, block: PathBlock) {
        for i in 0..<block.count { spotDrawdown[0][block.firstPath + i] = acc.view.spotDrawdown[i] }
    }
}
