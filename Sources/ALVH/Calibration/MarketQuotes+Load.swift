import Foundation

extension MarketQuotes {
    /// Out-of-the-money options kept: absolute Black–Scholes delta at least this (deep wings, quoted at a tick, carry
    /// little information and noisy implied volatilities).
    public static let minimumAbsoluteDelta = 0.05
    /// At most this many options per expiry (evenly spread over the kept strikes), so that each expiry weighs alike
    /// whatever the strike spacing.
    public static let maximumOptionsPerExpiry = 25
    /// Expiries closer than this (calendar days) are left out: their prices are mostly the next days' jumps.
    public static let minimumOptionDays = 7

    /// The quotes of `date` from the shipped data.
    ///
    /// - VIX, VIX3M, SPX: that day's closes (VIX and SPX are required; VIX3M is used when it has a close).
    /// - Futures: every contract in `futures` listed on `date` with expiry after it (`years` = calendar days to the
    ///   final settlement date / 365).
    /// - Options (when `chain` is given, with `zeroCurve` for the rates): per expiry at least `minimumOptionDays`
    ///   away, the rate is the zero curve at the expiry; the forward comes from put-call parity,
    ///   `F = K + e^{rT} (C - P)` (mids), the median over the 5 strikes where `|C - P|` is smallest among those with both
    ///   bids above 0, giving the dividend yield `q = r - ln(F/S)/T`; kept are out-of-the-money mids (puts below `F`,
    ///   calls at or above) with a bid above 0, a Black–Scholes implied volatility and `|delta| >= minimumAbsoluteDelta`,
    ///   at most `maximumOptionsPerExpiry` per expiry.
    /// - Throws: `CalibrationError` when `date` has no futures (the message gives the data's range), no VIX or SPX
    ///   close, or a chain or curve of another date, or a chain that leaves no options.
    public init(date: TradingDate, history: HistoricalMarket, chain: SPXOptionChain? = nil,
                zeroCurve: ZeroCurve? = nil) throws(CalibrationError) {
        let settlements = history.futures
        let listed = settlements.listed(on: date).filter { $0.expiry > date }
        guard !listed.isEmpty else {
            throw .noFuturesOnDate(date: date, file: settlements.file, first: settlements.tradeDates.first, last: settlements.tradeDates.last)
        }
        guard let vix = history.vix.close(on: date) else { throw .noClose(index: "VIX", date: date, file: history.vix.file) }
        guard let spot = history.spx.close(on: date) else { throw .noClose(index: "SPX", date: date, file: history.spx.file) }
        let vix3m = history.vix3m.close(on: date)
        let futures = listed.sorted { $0.expiry < $1.expiry }.map {
            Future(expiry: $0.expiry, years: Double($0.expiry.dayNumber - date.dayNumber) / 365, settle: $0.settle)
        }
        var sources = ["VIX \(history.vix.file)", "VIX3M " + (vix3m == nil ? "none that day" : history.vix3m.file),
                       "SPX \(history.spx.file)", "futures \(settlements.file) (\(futures.count) contracts)"]
        var expiries: [OptionExpiry] = [], options: [Option] = []
        if let chain {
            guard let curve = zeroCurve else { throw .noZeroCurve(chain: chain.file) }
            if let wrong = chain.quotes.first(where: { $0.date != date }) {
                throw .otherDate(file: chain.file, line: wrong.line, found: wrong.date, asked: date)
            }
            if curve.date != date { throw .otherDate(file: curve.file, line: 2, found: curve.date, asked: date) }
            (expiries, options) = Self.options(chain: chain, curve: curve, date: date, spot: spot)
            guard !options.isEmpty else { throw .noOptions(file: chain.file, date: date) }
            sources.append("SPX options \(chain.file) (\(options.count) out-of-the-money mids, \(expiries.count) expiries), rates \(curve.file)")
        }
        self.init(date: date, spot: spot, vix: vix, vix3m: vix3m, futures: futures, optionExpiries: expiries, options: options,
                  sources: sources)
    }

    /// The kept options and their expiries (see `init(date:history:chain:zeroCurve:)`).
    static func options(chain: SPXOptionChain, curve: ZeroCurve, date: TradingDate, spot: Double) -> ([OptionExpiry], [Option]) {
        var expiries: [OptionExpiry] = [], options: [Option] = []
        for expiry in chain.expiries {
            let days = expiry.dayNumber - date.dayNumber
            guard days >= minimumOptionDays else { continue }
            let years = Double(days) / 365, rate = curve.rate(calendarDays: Double(days))
            let quotes = chain.quotes.filter { $0.expiry == expiry }
            var calls: [Double: SPXOptionQuote] = [:], puts: [Double: SPXOptionQuote] = [:]
            for q in quotes where q.bid > 0 { if q.kind == .call { calls[q.strike] = q } else { puts[q.strike] = q } }
            let pairs = calls.keys.filter { puts[$0] != nil }.map { k in (k, calls[k]!.mid - puts[k]!.mid) }
                .sorted { abs($0.1) < abs($1.1) }.prefix(5)
            guard !pairs.isEmpty else { continue }
            let forwards = pairs.map { $0.0 + exp(rate * years) * $0.1 }.sorted()
            let forward = forwards[forwards.count / 2]
            let e = OptionExpiry(expiry: expiry, years: years, rate: rate, dividendYield: rate - log(forward / spot) / years)
            let bs = BlackScholes(spot: spot, rate: e.rate, dividendYield: e.dividendYield, years: years)
            var kept: [Option] = []
            for q in quotes.sorted(by: { $0.strike < $1.strike }) where q.bid > 0 {
                guard (q.kind == .put && q.strike < forward) || (q.kind == .call && q.strike >= forward),
                      let iv = bs.impliedVolatility(q.kind, strike: q.strike, price: q.mid),
                      abs(bs.delta(q.kind, strike: q.strike, volatility: iv)) >= minimumAbsoluteDelta else { continue }
                kept.append(Option(expiryIndex: expiries.count, kind: q.kind, strike: q.strike, mid: q.mid, impliedVolatility: iv,
                                   vega: bs.vega(strike: q.strike, volatility: iv)))
            }
            guard !kept.isEmpty else { continue }
            if kept.count > maximumOptionsPerExpiry {
                let n = maximumOptionsPerExpiry
                kept = (0..<n).map { kept[Int((Double($0) * Double(kept.count - 1) / Double(n - 1)).rounded())] }
            }
            expiries.append(e)
            options += kept
        }
        return (expiries, options)
    }
}
