import Foundation

/// Where the per-path outcomes of one adaptive book live in the run's outcome columns.
struct AdaptiveColumns: Sendable {
    let first: Int
    let slotCount: Int
    let regimeCount: Int

    /// Per slot: value at the horizon at bid (proceeds carried + live mark), premiums carried, premiums not carried.
    func value(_ slot: Int) -> Int { first + 3 * slot }
    func cost(_ slot: Int) -> Int { first + 3 * slot + 1 }
    func paid(_ slot: Int) -> Int { first + 3 * slot + 2 }
    var accounting: Int { first + 3 * slotCount }
    var turnover: Int { accounting + 1 }
    var rolls: Int { accounting + 2 }
    var takeProfits: Int { accounting + 3 }
    var drawdown: Int { accounting + 4 }
    var unhedgedDrawdown: Int { accounting + 5 }
    func regimeDays(_ k: Int) -> Int { accounting + 6 + k }
    /// The first day after t0 on which the hedge's P&L (positions at bid, premiums and proceeds carried) is above 0,
    /// 0 when it never is; and the SPX price return since t0 on that day (0 when never).
    var paybackDay: Int { accounting + 6 + regimeCount }
    var paybackSPXReturn: Int { accounting + 7 + regimeCount }
    var end: Int { accounting + 8 + regimeCount }
}

extension AdaptiveBook {
    /// One trading day of the book on every path of a block (DESIGN section 4, in this order): indicators, regime and
    /// group weights, settlements, take-profit sales and rolls, openings, marks and equity; on the horizon day the
    /// per-path outcomes are written.
    /// `record`: the daily figures of path 0 for book `recordIndex` (a replay's one window), nil for runs without.
    func step(_ st: AdaptiveBookState, view: DailyMarketView, block: PathBlock, day d: Int, uniformStart: Bool,
              outcomes: OutcomeColumns, columns: AdaptiveColumns, record: AdaptiveDailyRecord? = nil, recordIndex: Int = 0) {
        let record = block.firstPath == 0 ? record : nil
        let n = block.count, horizon = horizonDays
        let carryToday = carry(fromDay: d)
        let groups = LayerGroup.allCases
        func index(_ g: LayerGroup) -> Int { groups.firstIndex(of: g)! }

        // Indicators (day 0 is the warm-up's last value, joined to t0 by the observer).
        if d > 0 {
            if let m = rules.macd { for i in 0..<n { st.macd[i].update(view.vix[i], m.parameters) } }
            if let r = rules.rsi { for i in 0..<n { st.rsi[i].update(view.spot[i], r.parameters) } }
        }

        // Regime and the groups' weights after the signals.
        let table = RegimeTable(rules)
        let shortWeight = st.groupWeight[index(.short)], mediumWeight = st.groupWeight[index(.medium)], longWeight = st.groupWeight[index(.long)]
        for i in 0..<n {
            let k = table.regime(vix: view.vix[i], front: view.front[i], slope: view.slope[i])
            if d > 0 { st.regimeDays[k][i] += 1 }
            let w = table.weights(regime: k, macd: st.macd[i], rsi: st.rsi[i])
            shortWeight[i] = w.short
            mediumWeight[i] = w.medium
            longWeight[i] = w.long
            st.budgetScale[i] = table.scales[k]
        }

        // Settlements at expiry, rolls and take-profit sales of the positions held coming into the day.
        if d > 0 {
            for slot in slots {
                let c = st.slots[slot.index]
                let held = d % slot.life == 0 ? d - slot.life : d / slot.life * slot.life
                let r = slot.remaining(day: d, opened: held)
                if r == 0 {
                    for i in 0..<n where c.quantity[i] > 0 {
                        var vix = view.vix[i]
                        if let replay, !slot.instrument.onSPX && !slot.instrument.onETN {   // the real settlement: the contract's, or the SOQ
                            let p = block.firstPath + i
                            vix = slot.instrument == .vixFuture ? replay.settlement(contract: c.contract[i], path: p, bookDay: d)
                                : replay.vixSettlement(path: p, bookDay: d)
                        }
                        let payoff = slot.payoff(lower: c.lower[i], upper: c.upper[i], spot: view.spot[i], vix: vix, index: view.index[i])
                        c.proceeds[i] += c.quantity[i] * (payoff - c.entry[i]) * carryToday
                        c.quantity[i] = 0
                    }
                } else if d == held + slot.life {
                    mids(slot, remaining: r, st, view: view, block: block, day: d, onlyHeld: true)
                    for i in 0..<n where c.quantity[i] > 0 {
                        let bid = slot.bid(mid: c.mark[i], vix: view.vix[i])
                        c.proceeds[i] += c.quantity[i] * (bid - c.entry[i]) * carryToday
                        st.turnover[i] += c.quantity[i] * c.mark[i]
                        st.rolls[i] += 1
                        c.quantity[i] = 0
                    }
                } else if let tp = rules.takeProfit, slot.instrument != .vixFuture {
                    mids(slot, remaining: r, st, view: view, block: block, day: d, onlyHeld: true)
                    let pool = st.pool[index(tp.redeployTo)]
                    for i in 0..<n where c.quantity[i] > 0 {
                        let bid = slot.bid(mid: c.mark[i], vix: view.vix[i])
                        guard bid >= tp.multiple * c.unitCost[i] else { continue }
                        c.proceeds[i] += c.quantity[i] * bid * carryToday
                        pool[i] += c.quantity[i] * bid
                        st.turnover[i] += c.quantity[i] * c.mark[i]
                        st.takeProfits[i] += 1
                        c.quantity[i] = 0
                    }
                }
            }
        }

        // Openings: each slot on its calendar, with the day's weights and its share of its group's pool.
        if d < horizon {
            var openingWeight = [Double](repeating: 0, count: groups.count)
            for slot in slots where slot.isOpeningDay(d, horizon: horizon) { openingWeight[index(slot.layer.group)] += slot.layer.weight }
            for g in 0..<groups.count where openingWeight[g] > 0 {
                for i in 0..<n {
                    st.poolToday[g][i] = st.pool[g][i]
                    st.pool[g][i] = 0
                }
            }
            for slot in slots where slot.isOpeningDay(d, horizon: horizon) {
                let c = st.slots[slot.index], g = index(slot.layer.group)
                setStrikesAndMids(slot, st, view: view, block: block, day: d, uniformStart: uniformStart)
                let base = rules.budgetPerYear * notional * Double(slot.life) / PathSimulationSettings.tradingDaysPerYear * slot.layer.weight
                let poolShare = slot.layer.weight / openingWeight[g]
                let future = slot.instrument == .vixFuture
                for i in 0..<n {
                    let allotment = base * st.groupWeight[g][i] * st.budgetScale[i] + st.poolToday[g][i] * poolShare
                    let mid = c.mark[i]
                    let halfSpread = slot.halfSpread + slot.halfSpreadPerVIXPoint * view.vix[i]
                    let unitCost = future ? halfSpread : mid + halfSpread
                    let perUnit = future ? mid : unitCost   // what the allotment buys a unit of
                    let quantity = perUnit > 0 && perUnit.isFinite && allotment > 0 ? allotment / perUnit : 0
                    let paid = quantity * unitCost
                    c.quantity[i] = quantity
                    c.entry[i] = future ? mid : 0
                    c.unitCost[i] = unitCost
                    c.premium[i] += paid * carryToday
                    c.paid[i] += paid
                    st.turnover[i] += quantity * mid
                }
            }
        }

        // Marks at bid (risk) and mid (accounting), equity and drawdowns.
        let discount = 1 / carryToday
        let growth = exp(dividendYield * Double(d) / PathSimulationSettings.tradingDaysPerYear)
        let exposure = notional * beta
        for i in 0..<n {
            st.equity[i] = exposure * (view.spot[i] * growth / view.startSpot[i] - 1)
            st.accounting[i] = 0
        }
        for slot in slots {
            let c = st.slots[slot.index]
            let r = slot.remaining(day: d, opened: slot.openingDay(onOrBefore: d))
            let live = r > 0 && r <= slot.tenor && slot.marks[r] != nil
            if live { mids(slot, remaining: r, st, view: view, block: block, day: d, onlyHeld: true) }
            // A held position's value at bid less its entry (0 for none); selects, not branches, so the loop vectorises.
            @inline(__always) func bidValue(_ i: Int) -> Double {
                let q = c.quantity[i]
                return live && q > 0 ? q * (slot.bid(mid: c.mark[i], vix: view.vix[i]) - c.entry[i]) : 0
            }
            for i in 0..<n {
                let q = c.quantity[i]
                let midValue = live && q > 0 ? q * (c.mark[i] - c.entry[i]) : 0
                st.equity[i] += (c.proceeds[i] - c.premium[i]) * discount + bidValue(i)
                st.accounting[i] += c.proceeds[i] + midValue
            }
            if let record { record.set(book: recordIndex, day: d, column: 2 + slot.index, c.proceeds[0] * discount + bidValue(0)) }
            if d == horizon {
                for i in 0..<n {
                    let p = block.firstPath + i
                    outcomes[columns.value(slot.index)][p] = c.proceeds[i] + bidValue(i)
                    outcomes[columns.cost(slot.index)][p] = c.premium[i]
                    outcomes[columns.paid(slot.index)][p] = c.paid[i]
                }
            }
        }
        if let record {
            record.set(book: recordIndex, day: d, column: 0, exposure * (view.spot[0] * growth / view.startSpot[0] - 1))
            record.set(book: recordIndex, day: d, column: 1, slots.reduce(0) { $0 + st.slots[$1.index].premium[0] } * discount)
        }
        for i in 0..<n {
            let unhedged = exposure * (view.spot[i] * growth / view.startSpot[i] - 1)
            if d > 0 && st.paybackDay[i] == 0 && st.equity[i] - unhedged > 0 {
                st.paybackDay[i] = Double(d)
                st.paybackSPXReturn[i] = view.spot[i] / view.startSpot[i] - 1
            }
            if d == 0 {
                st.peak[i] = st.equity[i]
                st.drawdown[i] = 0
                st.unhedgedPeak[i] = unhedged
                st.unhedgedDrawdown[i] = 0
            } else {
                st.peak[i] = Swift.max(st.peak[i], st.equity[i])
                st.drawdown[i] = Swift.max(st.drawdown[i], st.peak[i] - st.equity[i])
                st.unhedgedPeak[i] = Swift.max(st.unhedgedPeak[i], unhedged)
                st.unhedgedDrawdown[i] = Swift.max(st.unhedgedDrawdown[i], st.unhedgedPeak[i] - unhedged)
            }
        }
        if d == horizon {
            for i in 0..<n {
                let p = block.firstPath + i
                outcomes[columns.accounting][p] = st.accounting[i]
                outcomes[columns.turnover][p] = st.turnover[i]
                outcomes[columns.rolls][p] = st.rolls[i]
                outcomes[columns.takeProfits][p] = st.takeProfits[i]
                outcomes[columns.drawdown][p] = st.drawdown[i]
                outcomes[columns.unhedgedDrawdown][p] = st.unhedgedDrawdown[i]
                outcomes[columns.paybackDay][p] = st.paybackDay[i]
                outcomes[columns.paybackSPXReturn][p] = st.paybackSPXReturn[i]
                for k in 0..<columns.regimeCount { outcomes[columns.regimeDays(k)][p] = st.regimeDays[k][i] }
            }
        }
    }

    /// The slot's per-unit mid value with `r` days left on every path, into its `mark` column (held positions only,
    /// or all paths at an opening, whose strikes are already set), once per slot and day: a second call for the same
    /// day and life reuses it. One switch per slot and day, then a tight loop; a life between two table nodes blends them.
    func mids(_ slot: AdaptiveSlot, remaining r: Int, _ st: AdaptiveBookState, view: DailyMarketView, block: PathBlock, day d: Int,
              onlyHeld: Bool) {
        if onlyHeld && st.markDay[slot.index] == d && st.markLife[slot.index] == r { return }
        let c = st.slots[slot.index]
        mids(slot, node: r, st, view: view, block: block, day: d, onlyHeld: onlyHeld, into: c.mark)
        if let replay, slot.instrument == .vixFuture {   // a replay's futures trade at the held contract's settlement
            for i in 0..<block.count where !onlyHeld || c.quantity[i] > 0 {
                c.mark[i] = replay.settlement(contract: c.contract[i], path: block.firstPath + i, bookDay: d)
            }
        }
        st.markDay[slot.index] = d
        st.markLife[slot.index] = r
    }

    /// Per-unit mids from the table of life `r` (ETN calls: of life `r` from day `d`'s roll phase).
    func mids(_ slot: AdaptiveSlot, node r: Int, _ st: AdaptiveBookState, view: DailyMarketView, block: PathBlock, day d: Int,
              onlyHeld: Bool, into out: UnsafeMutableBufferPointer<Double>) {
        guard let mark = slot.marks[r] else { preconditionFailure("no table for \(r) days left: the calendar lists every life it needs") }
        let c = st.slots[slot.index], n = block.count
        let v = block.variance, v2 = block.secondVariance
        switch mark {
        case .spx(let t):
            // A put is K p(ln S - ln K, v): the log of the strike is kept from the opening, ln S is the path's state.
            // Every path of the block in one batch look-up per strike (the same bits as one at a time).
            let spread = slot.instrument == .spxPutSpread, x = block.logSpot
            let argument = st.lookupArgument.baseAddress!, low = st.lookupLower.baseAddress!, high = st.lookupUpper.baseAddress!
            for i in 0..<n { argument[i] = x[i] - c.logLower[i] }
            t.putsPerUnitStrike(logMoneyness: argument, variance: v.baseAddress!, secondVariance: v2.baseAddress!, count: n, into: low)
            if spread {
                for i in 0..<n { argument[i] = x[i] - c.logUpper[i] }
                t.putsPerUnitStrike(logMoneyness: argument, variance: v.baseAddress!, secondVariance: v2.baseAddress!, count: n, into: high)
            }
            for i in 0..<n {
                guard !onlyHeld || c.quantity[i] > 0 else { out[i] = 0; continue }
                let lowValue = c.lower[i] * low[i]
                out[i] = spread ? c.upper[i] * high[i] - lowValue : lowValue
            }
        case .vixOption(let surface, let lowerColumn, let upperColumn):
            // Every path of the block in one batch look-up per leg (the same bits as one at a time; the columns of
            // paths without a position are still valid ladder columns).
            let spread = slot.instrument == .vixCallSpread
            let low = st.lookupLower.baseAddress!, high = st.lookupUpper.baseAddress!
            surface.values(strike: lowerColumn, strikeColumns: c.lowerIndex.baseAddress!, variance: v.baseAddress!,
                           secondVariance: v2.baseAddress!, count: n, into: low)
            if spread {
                surface.values(strike: upperColumn, strikeColumns: c.upperIndex.baseAddress!, variance: v.baseAddress!,
                               secondVariance: v2.baseAddress!, count: n, into: high)
            }
            for i in 0..<n {
                guard !onlyHeld || c.quantity[i] > 0 else { out[i] = 0; continue }
                out[i] = spread ? low[i] - high[i] : low[i]
            }
        case .future(let t):
            t.values(variance: v.baseAddress!, secondVariance: v2.baseAddress!, count: n, into: out.baseAddress!)
            if onlyHeld { for i in 0..<n where !(c.quantity[i] > 0) { out[i] = 0 } }
        case .etn:
            for i in 0..<n { out[i] = !onlyHeld || c.quantity[i] > 0 ? view.index[i] : 0 }
        case .etnCall(let calls):
            let table = calls.logVariance(day: d, remaining: r), discount = calls.discount(remaining: r)
            for i in 0..<n {
                guard !onlyHeld || c.quantity[i] > 0 else { out[i] = 0; continue }
                out[i] = VIXFuturesIndexOptionApproximation.black(.call, level: view.index[i], strike: c.lower[i],
                                                                  logVariance: table.value(variance: v[i], secondVariance: v2[i]),
                                                                  discount: discount)
            }
        }
    }

    /// Sets the strikes of a slot opening today on every path (by its rules, on the path's state) and its mid price
    /// in its `mark` column. Day 0 with every path at the market's state trades at the exact t0 price.
    func setStrikesAndMids(_ slot: AdaptiveSlot, _ st: AdaptiveBookState, view: DailyMarketView, block: PathBlock, day d: Int,
                           uniformStart: Bool) {
        let c = st.slots[slot.index], n = block.count
        let layer = slot.layer
        if d == 0, uniformStart, let z = slot.dayZero {
            for i in 0..<n {
                c.lower[i] = z.lower
                c.upper[i] = z.upper
                c.mark[i] = z.mid
                c.logLower[i] = log(z.lower)
                c.logUpper[i] = log(z.upper)
            }
            st.markDay[slot.index] = d
            st.markLife[slot.index] = slot.tenor
            if let ladder {
                let li = ladder.listed(z.lower).index, ui = ladder.listed(z.upper).index
                for i in 0..<n {
                    c.lowerIndex[i] = li
                    c.upperIndex[i] = ui
                }
            }
            return
        }
        let onSPX = layer.instrument.onSPX, onETN = layer.instrument.onETN
        // The matching future on every path (a batch look-up), into the look-up scratch (free until the marks below).
        let futures = st.lookupArgument
        if let table = slot.matchingFuture {
            table.values(variance: block.variance.baseAddress!, secondVariance: block.secondVariance.baseAddress!, count: n,
                         into: futures.baseAddress!)
        } else {
            for i in 0..<n { futures[i] = .nan }
        }
        for i in 0..<n {
            let future = futures[i]
            let underlying = onSPX ? view.spot[i] : onETN ? view.index[i] : future
            for (rule, isUpper) in [(layer.strike, false), (layer.upperStrike, true)] {
                guard let rule else { continue }
                var k: Double
                if case .delta(let target) = rule, let table = slot.tenorTable {
                    k = AdaptiveBook.putStrike(delta: target, table: table, spot: view.spot[i], variance: block.variance[i],
                                               secondVariance: block.secondVariance[i])
                } else {
                    k = AdaptiveBook.strike(rule, underlying: underlying) ?? .nan
                }
                var column = 0
                if let ladder, slot.hasLadderStrikes, AdaptiveBook.isSetOnPath(rule) {
                    (k, column) = ladder.listed(k)
                }
                if isUpper {
                    c.upper[i] = k
                    c.upperIndex[i] = column
                } else {
                    c.lower[i] = k
                    c.lowerIndex[i] = column
                }
            }
        }
        for i in 0..<n {
            c.logLower[i] = log(c.lower[i])
            c.logUpper[i] = log(c.upper[i])
        }
        if let replay, slot.instrument == .vixFuture {
            for i in 0..<n { c.contract[i] = replay.contract(path: block.firstPath + i, bookDay: d, tenor: slot.tenor) }
        }
        mids(slot, remaining: slot.tenor, st, view: view, block: block, day: d, onlyHeld: false)
        // A spread whose strikes met on the path (the ladder's top) is worth nothing: buy none.
        if layer.instrument.isSpread { for i in 0..<n where !(c.upper[i] > c.lower[i]) { c.mark[i] = 0 } }
    }

    /// The SPX put strike with model delta `target` at the state, from the tenor's table: bisection on the log strike,
    /// delta by a central difference of the table in the spot (`h = 1e-4`).
    static func putStrike(delta target: Double, table: SPXOptionTable, spot: Double, variance v: Double, secondVariance v2: Double) -> Double {
        var lo = log(spot) - 3, hi = log(spot) + 1
        let h = 1e-4
        for _ in 0..<50 {
            let mid = 0.5 * (lo + hi), k = exp(mid)
            let delta = (table.value(.put, strike: k, spot: spot * (1 + h), variance: v, secondVariance: v2)
                - table.value(.put, strike: k, spot: spot * (1 - h), variance: v, secondVariance: v2)) / (2 * spot * h)
            if delta < target { hi = mid } else { lo = mid }
        }
        return exp(0.5 * (lo + hi))
    }
}

extension AdaptiveSlot {
    /// Settlement value per unit at expiry: `Instrument.payoff` with the path's strikes (SPX on the path, VIX
    /// settlement = the model VIX that day, the index level in points).
    @inline(__always)
    func payoff(lower: Double, upper: Double, spot: Double, vix: Double, index: Double) -> Double {
        Instrument(kind: instrument, lower: instrument.hasStrike ? lower : nil, upper: instrument.isSpread ? upper : nil)
            .payoff(spot: spot, vix: vix, index: index)
    }

    /// The bid per unit: mid less the day's half-spread (an option's bid is not below 0).
    @inline(__always)
    func bid(mid: Double, vix: Double) -> Double {
        let b = mid - (halfSpread + halfSpreadPerVIXPoint * vix)
        return instrument == .vixFuture ? b : max(b, 0)
    }
}
