/// One day's risk-neutral prices that `MarketCalibration` fits: VIX, VIX3M, every listed VIX future and, optionally,
/// out-of-the-money SPX options. Built from the shipped data by `MarketQuotes(date:history:...)` (`MarketQuotes+Load`)
/// or directly (tests, synthetic days). Times are calendar days / 365 (the model's year, as in `VIXFormula`).
public struct MarketQuotes: Sendable {
    /// A VIX future's settlement.
    public struct Future: Sendable, Equatable {
        public let expiry: TradingDate
        /// Calendar days from the trade date to the final settlement date, / 365.
        public let years: Double
        /// Settlement price, VIX points.
        public let settle: Double
        public init(expiry: TradingDate, years: Double, settle: Double) {
            self.expiry = expiry
            self.years = years
            self.settle = settle
        }
    }

    /// The rate, dividend yield and forward of one SPX option expiry.
    public struct OptionExpiry: Sendable, Equatable {
        public let expiry: TradingDate
        public let years: Double
        /// Zero rate to the expiry (continuously compounded).
        public let rate: Double
        /// Dividend yield implied by put-call parity, `q = r - ln(F/S) / T`.
        public let dividendYield: Double
        public init(expiry: TradingDate, years: Double, rate: Double, dividendYield: Double) {
            self.expiry = expiry
            self.years = years
            self.rate = rate
            self.dividendYield = dividendYield
        }
    }

    /// An out-of-the-money SPX option's mid price with its Black–Scholes implied volatility and vega.
    public struct Option: Sendable, Equatable {
        /// Index into `optionExpiries`.
        public let expiryIndex: Int
        public let kind: OptionKind
        public let strike: Double
        /// Mid of bid and offer, index points.
        public let mid: Double
        /// Black–Scholes implied volatility of the mid (1.0 = 100 %).
        public let impliedVolatility: Double
        /// Black–Scholes vega at that volatility, index points per unit of volatility.
        public let vega: Double
        public init(expiryIndex: Int, kind: OptionKind, strike: Double, mid: Double, impliedVolatility: Double, vega: Double) {
            self.expiryIndex = expiryIndex
            self.kind = kind
            self.strike = strike
            self.mid = mid
            self.impliedVolatility = impliedVolatility
            self.vega = vega
        }
    }

    public let date: TradingDate
    /// SPX close, index points.
    public let spot: Double
    /// VIX close.
    public let vix: Double
    /// VIX3M close (`nil` before 2009-09-18 or when not given).
    public let vix3m: Double?
    /// Futures with expiry after the date, increasing expiry.
    public let futures: [Future]
    public let optionExpiries: [OptionExpiry]
    public let options: [Option]
    /// Where each part came from (files, filters), for the report.
    public let sources: [String]

    public init(date: TradingDate, spot: Double, vix: Double, vix3m: Double?, futures: [Future],
                optionExpiries: [OptionExpiry] = [], options: [Option] = [], sources: [String] = []) {
        self.date = date
        self.spot = spot
        self.vix = vix
        self.vix3m = vix3m
        self.futures = futures
        self.optionExpiries = optionExpiries
        self.options = options
        self.sources = sources
    }

    /// The Black–Scholes quoting of an option expiry (spot, rate, implied dividend yield).
    public func blackScholes(_ e: OptionExpiry) -> BlackScholes {
        BlackScholes(spot: spot, rate: e.rate, dividendYield: e.dividendYield, years: e.years)
    }
}
