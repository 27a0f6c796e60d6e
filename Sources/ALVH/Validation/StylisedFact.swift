/// One line of the stylised facts of SPX and VIX (`StylisedFacts`): what is measured, its JSON key, its label and the
/// unit it is printed in. Values are kept in natural units (fractions, not percent); `displayScale` converts.
///
/// The definitions follow `scripts/history_facts.py` (the independent reference that measures them on the real
/// history), on the calendars of `DailyMarketSeries`:
/// - `vixPercentile(p)`: percentile `p` of the VIX close over the panel days, linear interpolation between order
///   statistics (Hyndman & Fan definition 7, NumPy's default).
/// - `vixShareAbove(level)`: share of panel days with VIX strictly above `level`.
/// - `vixChangeVolatility(band)`: sample sd (n - 1) of `x_t = ln VIX_t - ln VIX_{t-1}` over consecutive panel days,
///   grouped by the previous close `VIX_{t-1}` (`VIXBand`); `vixChangeVolatilityRatio`: sd with `VIX_{t-1} > 30` over
///   sd with `VIX_{t-1} < 16` (the two lowest bands pooled).
/// - `halfLife(logarithm:)`: OLS with intercept of `y_{t+1} = a + phi y_t + e` over consecutive panel days, `y = VIX`
///   or `ln VIX`; half-life `ln 0.5 / ln phi` trading days (undefined unless `0 < phi < 1`).
/// - `spxVIXCorrelation`: Pearson correlation of `r_t = ln SPX_t - ln SPX_{t-1}` and `x_t` over consecutive panel days.
/// - `spxReturnQuantile(h, level, calm)`: quantile of the SPX price return `SPX_{s+h} / SPX_s - 1` over `h` SPX trading
///   days (overlapping windows), from every panel day `s` with `s + h` inside the series (`calmStart`: only starts
///   with `11 <= VIX_s <= 15`); `spxExpectedShortfall(h, calm)`: ES99 as a positive loss, `-mean` of the
///   `k = ceil(0.01 n)` lowest returns. Simple price returns (the script's choice), not log returns.
/// - `backwardationShare`: share of futures days with front settle above second; `secondOverFront`: mean of
///   `second / front - 1`; `frontOverVIX`: mean of `front / VIX - 1` on the futures days with a VIX close.
/// - `rollIndexMonthlyChange`: 21 x the mean daily log change of a short-term VIX futures index (`StylisedFacts`
///   documents the roll rule): negative when the roll costs (contango), the VXX-style decay. Not in the script.
/// - `vix3mOverVIX`: mean of `VIX3M / VIX`, and `vixAboveVIX3MShare`: share of days with `VIX > VIX3M` (strict), on
///   the panel days with a VIX3M close.
public enum StylisedFact: Hashable, Sendable {
    case vixPercentile(Double)
    case vixShareAbove(Double)
    case vixChangeVolatility(VIXBand)
    case vixChangeVolatilityRatio
    case halfLife(logarithm: Bool)
    case spxVIXCorrelation
    case spxReturnQuantile(horizon: Int, level: Double, calmStart: Bool)
    case spxExpectedShortfall(horizon: Int, calmStart: Bool)
    case backwardationShare
    case secondOverFront
    case frontOverVIX
    case rollIndexMonthlyChange
    case vix3mOverVIX
    case vixAboveVIX3MShare

    public static let vixPercentileLevels: [Double] = [5, 25, 50, 75, 95, 99]
    public static let vixShareLevels: [Double] = [30, 40]
    public static let returnHorizons = [1, 21, 63]
    public static let returnQuantileLevels = [0.01, 0.05]
    /// Start days count as calm when `calmVIX.lowerBound <= VIX <= calmVIX.upperBound` (inclusive, as the script).
    public static let calmVIX = 11.0...15.0
    /// The horizon whose ES99 is reported (a quarter).
    public static let shortfallHorizon = 63
    public static let shortfallConfidence = 0.99
    /// Trading days in a month, for the roll index's monthly change.
    public static let tradingDaysPerMonth = 21.0

    /// Every line, in report order.
    public static let all: [StylisedFact] =
        vixPercentileLevels.map { .vixPercentile($0) } + vixShareLevels.map { .vixShareAbove($0) }
        + VIXBand.allCases.map { .vixChangeVolatility($0) } + [.vixChangeVolatilityRatio]
        + [.halfLife(logarithm: false), .halfLife(logarithm: true), .spxVIXCorrelation]
        + returnHorizons.flatMap { h in
            [false, true].flatMap { calm in returnQuantileLevels.map { StylisedFact.spxReturnQuantile(horizon: h, level: $0, calmStart: calm) } }
        }
        + [false, true].map { .spxExpectedShortfall(horizon: shortfallHorizon, calmStart: $0) }
        + [.backwardationShare, .secondOverFront, .frontOverVIX, .rollIndexMonthlyChange, .vix3mOverVIX, .vixAboveVIX3MShare]

    /// Whether the line is measured on the futures calendar (else on SPX's).
    var usesFuturesCalendar: Bool {
        switch self {
        case .backwardationShare, .secondOverFront, .frontOverVIX, .rollIndexMonthlyChange: return true
        default: return false
        }
    }

    /// The JSON key (snake_case).
    public var key: String {
        func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x).replacingOccurrences(of: ".", with: "_") }
        switch self {
        case .vixPercentile(let p): return "vix_p\(number(p))"
        case .vixShareAbove(let level): return "vix_share_above_\(number(level))"
        case .vixChangeVolatility(let band): return "sd_dlnvix_\(band.key)"
        case .vixChangeVolatilityRatio: return "sd_dlnvix_ratio_above_30_below_16"
        case .halfLife(let log): return log ? "half_life_ln_vix_days" : "half_life_vix_days"
        case .spxVIXCorrelation: return "corr_spx_return_dlnvix"
        case let .spxReturnQuantile(h, level, calm): return "spx_return_\(h)d_q\(number(100 * level))_\(calm ? "calm" : "all")"
        case let .spxExpectedShortfall(h, calm): return "spx_return_\(h)d_es99_loss_\(calm ? "calm" : "all")"
        case .backwardationShare: return "futures_backwardation_share"
        case .secondOverFront: return "futures_second_over_front_minus_1"
        case .frontOverVIX: return "futures_front_over_vix_minus_1"
        case .rollIndexMonthlyChange: return "futures_roll_index_monthly_log_change"
        case .vix3mOverVIX: return "vix3m_over_vix"
        case .vixAboveVIX3MShare: return "vix_above_vix3m_share"
        }
    }

    /// The row label in text tables.
    public var label: String {
        func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
        switch self {
        case .vixPercentile(let p): return p == 50 ? "VIX median" : "VIX p\(number(p))"
        case .vixShareAbove(let level): return "VIX > \(number(level)), share of days"
        case .vixChangeVolatility(let band): return "sd d ln VIX, VIX_{t-1} \(band.label)"
        case .vixChangeVolatilityRatio: return "sd d ln VIX ratio (> 30) / (< 16)"
        case .halfLife(let log): return "AR(1) half-life, \(log ? "ln VIX" : "VIX")"
        case .spxVIXCorrelation: return "corr(SPX log return, d ln VIX)"
        case let .spxReturnQuantile(h, level, calm):
            return "SPX \(h)d return q\(number(100 * level)), \(calm ? "calm starts" : "all starts")"
        case let .spxExpectedShortfall(h, calm): return "SPX \(h)d ES99 loss, \(calm ? "calm starts" : "all starts")"
        case .backwardationShare: return "futures backwardated, share of days"
        case .secondOverFront: return "futures second / front - 1, mean"
        case .frontOverVIX: return "futures front / VIX - 1, mean"
        case .rollIndexMonthlyChange: return "short-term futures index, log change / month"
        case .vix3mOverVIX: return "VIX3M / VIX, mean"
        case .vixAboveVIX3MShare: return "VIX > VIX3M, share of days"
        }
    }

    /// The printed unit: what `displayScale x value` is in.
    public var unit: String {
        switch self {
        case .vixPercentile: return "VIX pts"
        case .vixChangeVolatility: return "%/day"
        case .vixChangeVolatilityRatio, .vix3mOverVIX: return "ratio"
        case .halfLife: return "days"
        case .spxVIXCorrelation: return "corr"
        default: return "%"
        }
    }

    /// Factor from the natural unit to the printed one (100 for fractions printed in percent).
    public var displayScale: Double {
        switch self {
        case .vixPercentile, .vixChangeVolatilityRatio, .halfLife, .spxVIXCorrelation, .vix3mOverVIX: return 1
        default: return 100
        }
    }

    /// Decimals printed (the script's precision for the lines it prints).
    public var decimals: Int {
        switch self {
        case .halfLife: return 1
        case .vixChangeVolatilityRatio: return 3
        case .spxVIXCorrelation, .vix3mOverVIX: return 4
        default: return 2
        }
    }
}

/// Bands of the previous VIX close for the volatility of daily VIX changes: `[0, 12)`, `[12, 16)`, `[16, 20)`,
/// `[20, 30]`, `(30, inf)` (as `scripts/history_facts.py`; 30 itself falls in the fourth band).
public enum VIXBand: Int, CaseIterable, Sendable {
    case below12, from12To16, from16To20, from20To30, above30

    public init(previousClose v: Double) {
        switch v {
        case ..<12: self = .below12
        case ..<16: self = .from12To16
        case ..<20: self = .from16To20
        case ...30: self = .from20To30
        default: self = .above30
        }
    }

    var key: String { ["below_12", "12_16", "16_20", "20_30", "above_30"][rawValue] }
    var label: String { ["< 12", "12-16", "16-20", "20-30", "> 30"][rawValue] }
}
