/// Why a history calibration cannot run. The CLI prints `description` and exits with code 2 (bad input: too short a
/// window, a market of the wrong form for `--factors`, an estimate the market YAML cannot hold).
public enum CalibrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `--factors` other than 1 or 2.
    case factorCount(Int)
    /// The market's Q part has a different number of variance factors than asked for; `market` names its source.
    case marketForm(market: String, factors: Int, asked: Int)
    /// Fewer usable day-to-day transitions than an estimate needs (`what` names the sample: all, or a VIX band).
    case tooFewTransitions(what: String, count: Int, needed: Int)
    /// Two factors need VIX3M closes inside the window.
    case noThreeMonthIndex(file: String)
    /// The quasi-likelihood has no finite maximum from the moment starting point (a degenerate sample).
    case noMaximum(what: String)
    /// The written market YAML does not load again (a bug: every value is clamped into the schema's ranges first).
    case marketYAML(reason: String)
    /// `alvh calibrate market`: no futures settlements on `date` (not a trade date of the table, or outside it).
    case noFuturesOnDate(date: TradingDate, file: String, first: TradingDate?, last: TradingDate?)
    /// No close of `index` (VIX, SPX) on `date`.
    case noClose(index: String, date: TradingDate, file: String)
    /// An SPX option chain without a zero curve for its rates.
    case noZeroCurve(chain: String)
    /// A chain or zero curve of another day than the one calibrated.
    case otherDate(file: String, line: Int, found: TradingDate, asked: TradingDate)
    /// The chain leaves no out-of-the-money option with a bid and an implied volatility.
    case noOptions(file: String, date: TradingDate)
    /// The Q fit's objective is not finite at the starting point (the template market's Q cannot price the day).
    case noQFit(reason: String)
    /// `alvh calibrate moments` cannot start or ends on a market it cannot simulate (`reason` says which and why).
    case momentSetup(reason: String)

    public var description: String {
        switch self {
        case let .factorCount(n):
            return "--factors \(n) is out of range; allowed: 1 or 2."
        case let .marketForm(market, factors, asked):
            return "--market \(market) has \(factors) variance factor\(factors == 1 ? "" : "s") under Q; --factors \(asked) needs a market with "
                + "\(asked) (\(asked == 1 ? "'heston:' or one 'variance_factors' entry" : "two 'variance_factors' entries, e.g. configs/markets/two-factor.yaml"))."
        case let .tooFewTransitions(what, count, needed):
            return "\(what): \(count) day-to-day transitions with the indices needed; at least \(needed) are needed (widen --from/--to)."
        case let .noThreeMonthIndex(file):
            return "--factors 2 needs VIX3M closes inside the window and \(file) has none there (VIX3M starts 2009-09-18; widen --to or pass --vix3m)."
        case let .noMaximum(what):
            return "\(what): the quasi-likelihood has no finite maximum (the filtered variance barely moves); widen the window."
        case let .marketYAML(reason):
            return "the calibrated market YAML does not load: \(reason)"
        case let .noFuturesOnDate(date, file, first, last):
            let range = first.flatMap { f in last.map { "\(f) .. \($0)" } } ?? "none"
            return "--date \(date): \(file) has no VIX futures settlements that day; allowed: a trade date in \(range) (weekdays that are not exchange holidays)."
        case let .noClose(index, date, file):
            return "--date \(date): \(file) has no \(index) close that day; pick a trade date with \(index), VIX and futures data."
        case let .noZeroCurve(chain):
            return "--spx-options \(chain) needs a zero curve for the rates (--zero-rates FILE, default zero_rates_YYYYMMDD.csv beside the chain)."
        case let .otherDate(file, line, found, asked):
            return "\(file) line \(line): the date is \(found), not the calibrated --date \(asked); give the file of that day."
        case let .noOptions(file, date):
            return "\(file): no out-of-the-money option on \(date) has a bid above 0, an implied volatility and |delta| >= \(MarketQuotes.minimumAbsoluteDelta) at least \(MarketQuotes.minimumOptionDays) days out."
        case let .noQFit(reason):
            return "the Q fit cannot start: \(reason)"
        case let .momentSetup(reason):
            return "the moment fit cannot run: \(reason)"
        }
    }
}
