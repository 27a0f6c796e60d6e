import Foundation

/// Black–Scholes–Merton prices of European options on an index with a continuous dividend yield (Merton 1973), used to
/// quote SPX option prices as implied volatilities (`alvh calibrate market`):
///
///     C = S e^{-q T} N(d1) - K e^{-r T} N(d2),   P = K e^{-r T} N(-d2) - S e^{-q T} N(-d1),
///     d1 = (ln(S/K) + (r - q + s^2/2) T) / (s sqrt T),   d2 = d1 - s sqrt T,
///     vega = S e^{-q T} n(d1) sqrt T   (per unit of volatility),   delta = e^{-q T} N(d1) (call), e^{-q T} (N(d1) - 1) (put).
///
/// Units: `T` in years, rates and `s` per year, prices in the index's points.
public struct BlackScholes: Sendable, Equatable {
    public let spot: Double
    public let rate: Double
    public let dividendYield: Double
    public let years: Double

    public init(spot: Double, rate: Double, dividendYield: Double, years: Double) {
        precondition(spot > 0 && years > 0, "positive spot and maturity")
        self.spot = spot
        self.rate = rate
        self.dividendYield = dividendYield
        self.years = years
    }

    /// `S e^{(r - q) T}`.
    public var forward: Double { spot * exp((rate - dividendYield) * years) }

    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
    static func normalDensity(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }

    func d1(strike: Double, volatility s: Double) -> Double {
        (log(spot / strike) + (rate - dividendYield + 0.5 * s * s) * years) / (s * years.squareRoot())
    }

    public func price(_ kind: OptionKind, strike: Double, volatility s: Double) -> Double {
        let df = exp(-rate * years), qf = exp(-dividendYield * years)
        guard s > 0 else {
            let intrinsic = spot * qf - strike * df
            return kind == .call ? max(intrinsic, 0) : max(-intrinsic, 0)
        }
        let a = d1(strike: strike, volatility: s), b = a - s * years.squareRoot()
        switch kind {
        case .call: return spot * qf * Self.normalCDF(a) - strike * df * Self.normalCDF(b)
        case .put: return strike * df * Self.normalCDF(-b) - spot * qf * Self.normalCDF(-a)
        }
    }

    /// `dPrice / dVolatility`, index points per unit of volatility (1.0 = 100 volatility points).
    public func vega(strike: Double, volatility s: Double) -> Double {
        spot * exp(-dividendYield * years) * Self.normalDensity(d1(strike: strike, volatility: s)) * years.squareRoot()
    }

    public func delta(_ kind: OptionKind, strike: Double, volatility s: Double) -> Double {
        let n = Self.normalCDF(d1(strike: strike, volatility: s)), qf = exp(-dividendYield * years)
        return kind == .call ? qf * n : qf * (n - 1)
    }

    /// The volatility whose price is `price`, by bisection on `[1e-4, 5]` (the price is increasing in volatility) to
    /// 1e-10; `nil` when `price` is outside the prices of that interval (below intrinsic value, say).
    public func impliedVolatility(_ kind: OptionKind, strike: Double, price: Double) -> Double? {
        var lo = 1e-4, hi = 5.0
        guard price.isFinite, price >= self.price(kind, strike: strike, volatility: lo),
              price <= self.price(kind, strike: strike, volatility: hi) else { return nil }
        for _ in 0..<200 where hi - lo > 1e-10 {
            let mid = 0.5 * (lo + hi)
            if self.price(kind, strike: strike, volatility: mid) < price { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
