import Foundation
import Testing
@testable import ALVH

/// `alvh calibrate market` in the library: Black–Scholes against textbook values, recovery of known Q parameters from
/// days priced by the model itself, the fit on the real 2020-12-01 day, and bad inputs.
///
/// Recovery: the prices are exact model prices (no noise), so the least-squares minimum is the true point; the
/// tolerances are the optimiser's reach on these flat objectives (relative 2 % on speeds and levels, 0.02 on rho),
/// far below the distance of the starting point (30 % to 100 % off).
@Suite("Calibration to market prices (Q)")
struct MarketCalibrationTests {
    @Test("Black-Scholes: Hull's textbook example, put-call parity, implied volatility round trip")
    func blackScholes() throws {
        // Hull, Options, Futures and Other Derivatives, example 15.6: S 42, K 40, r 10 %, T 0.5, sigma 20 %: c 4.76, p 0.81.
        let bs = BlackScholes(spot: 42, rate: 0.1, dividendYield: 0, years: 0.5)
        #expect(abs(bs.price(.call, strike: 40, volatility: 0.2) - 4.76) < 0.005)
        #expect(abs(bs.price(.put, strike: 40, volatility: 0.2) - 0.81) < 0.005)
        let q = BlackScholes(spot: 3662.45, rate: 0.002, dividendYield: 0.015, years: 0.2)
        for k in [3000.0, 3600, 4000] {
            let c = q.price(.call, strike: k, volatility: 0.25), p = q.price(.put, strike: k, volatility: 0.25)
            #expect(abs(c - p - (3662.45 * exp(-0.015 * 0.2) - k * exp(-0.002 * 0.2))) < 1e-9 * 3662.45)
            let iv = try #require(q.impliedVolatility(.put, strike: k, price: p))
            #expect(abs(iv - 0.25) < 1e-8)
            // vega by central difference
            let h = 1e-5
            let fd = (q.price(.call, strike: k, volatility: 0.25 + h) - q.price(.call, strike: k, volatility: 0.25 - h)) / (2 * h)
            #expect(abs(q.vega(strike: k, volatility: 0.25) - fd) < 1e-5 * max(fd, 1))
        }
        #expect(q.impliedVolatility(.call, strike: 3000, price: 100) == nil)   // below intrinsic value (about 650)
    }

    /// Quotes priced by `model` at its initial state: VIX (and VIX3M for two factors), futures at `futureDays`, and
    /// out-of-the-money options at `optionDays` (strikes at -2 ... +1 standard deviations of the log forward).
    static func syntheticQuotes(_ model: MarketModel, futureDays: [Int], optionDays: [Int]) -> MarketQuotes {
        let date = TradingDate(year: 2020, month: 1, day: 2)!
        let pricer = VIXPricer(model: model)
        let futures = futureDays.map { d in
            MarketQuotes.Future(expiry: Self.date(date, plus: d), years: Double(d) / 365,
                                settle: pricer.futurePrice(variance: model.initialVariance, secondVariance: model.initialSecondVariance, years: Double(d) / 365))
        }
        var expiries: [MarketQuotes.OptionExpiry] = [], options: [MarketQuotes.Option] = []
        let spx = SPXOptionPricer(model: model)
        for (i, d) in optionDays.enumerated() {
            let t = Double(d) / 365
            let e = MarketQuotes.OptionExpiry(expiry: Self.date(date, plus: d), years: t, rate: model.rate, dividendYield: model.dividendYield)
            expiries.append(e)
            let bs = BlackScholes(spot: model.spot, rate: e.rate, dividendYield: e.dividendYield, years: t)
            let width = 0.2 * t.squareRoot()
            for z in stride(from: -2.0, through: 1.0, by: 0.5) {
                let k = bs.forward * exp(z * width)
                let kind: OptionKind = k < bs.forward ? .put : .call
                let price = spx.value(kind, strike: k, spot: model.spot, variance: model.initialVariance,
                                      secondVariance: model.initialSecondVariance, years: t).price
                let iv = bs.impliedVolatility(kind, strike: k, price: price)!
                options.append(.init(expiryIndex: i, kind: kind, strike: k, mid: price, impliedVolatility: iv, vega: bs.vega(strike: k, volatility: iv)))
            }
        }
        return MarketQuotes(date: date, spot: model.spot, vix: model.initialVIX, vix3m: model.isTwoFactor ? model.initialVIX3M : nil,
                            futures: futures, optionExpiries: expiries, options: options)
    }

    /// `days` calendar days after `d`.
    static func date(_ d: TradingDate, plus days: Int) -> TradingDate {
        var (y, m, day) = (d.year, d.month, d.day)
        for _ in 0..<days {
            day += 1
            if day > TradingDate.daysInMonth(year: y, month: m) { day = 1; m += 1; if m > 12 { m = 1; y += 1 } }
        }
        return TradingDate(year: y, month: m, day: day)!
    }

    static let futureDays = [15, 43, 78, 106, 134, 169, 197, 225]

    @Test("one factor with options: v, kappa, theta, sigma, rho recovered from a day priced by the model")
    func oneFactorRecovery() throws {
        let truth = try MarketModel(yaml: """
            spot: 4000
            rate: 0.03
            dividend_yield: 0.015
            variance: 0.03
            heston: {kappa: 4.0, theta: 0.035, sigma: 0.9, rho: -0.7}
            jumps: {intensity: 0.5, mean_log_jump: -0.05, log_jump_vol: 0.04, variance_jump_mean: 0.03, correlation: -0.5}
            """, file: "<truth>")
        var template = truth
        template.riskNeutral.factors[0] = HestonParameters(kappa: 2, theta: 0.05, sigma: 0.5, rho: -0.4)
        template.initialVariance = 0.05
        let quotes = Self.syntheticQuotes(truth, futureDays: Self.futureDays, optionDays: [30, 91])
        let fit = try MarketCalibration(quotes: quotes, template: template, factorCount: 1)
        let p = Dictionary(uniqueKeysWithValues: fit.parameters.map { ($0.name, $0.value) })
        for (name, value) in [("v", 0.03), ("kappa", 4.0), ("theta", 0.035), ("sigma", 0.9)] {
            #expect(abs(p[name]! / value - 1) < 0.02, "\(name): \(p[name]!) vs \(value)")
        }
        #expect(abs(p["rho"]! + 0.7) < 0.02)
        #expect(fit.rootMeanSquaredError(.future)! < 0.01 && fit.rootMeanSquaredError(.option)! < 0.02)
        #expect(fit.rows.count == 1 + 8 + 14)
    }

    @Test("two factors from VIX, VIX3M and futures: v1, v2, kappa_1, kappa_2, theta_2 recovered (theta_1 held at its value)")
    func twoFactorRecovery() throws {
        let truth = try MarketModel(yaml: """
            spot: 4000
            rate: 0.03
            dividend_yield: 0.015
            variance_factors:
              - {kappa: 10.0, theta: 0.004, sigma: 1.2, rho: -0.8, variance: 0.02}
              - {kappa: 1.5, theta: 0.03, sigma: 0.3, rho: -0.8, variance: 0.025}
            jumps: {intensity: 0.6, mean_log_jump: -0.04, log_jump_vol: 0.04, variance_jump_mean: 0.02, correlation: -0.5}
            """, file: "<truth>")
        var template = truth
        template.riskNeutral.factors[0].kappa = 6
        template.riskNeutral.factors[1].kappa = 0.8
        template.riskNeutral.factors[1].theta = 0.045
        let quotes = Self.syntheticQuotes(truth, futureDays: Self.futureDays, optionDays: [])
        let fit = try MarketCalibration(quotes: quotes, template: template, factorCount: 2)
        let p = Dictionary(uniqueKeysWithValues: fit.parameters.map { ($0.name, $0.value) })
        for (name, value) in [("v1", 0.02), ("v2", 0.025), ("kappa_1", 10.0), ("kappa_2", 1.5), ("theta_2", 0.03)] {
            #expect(abs(p[name]! / value - 1) < 0.02, "\(name): \(p[name]!) vs \(value)")
        }
        #expect(fit.rootMeanSquaredError(.future)! < 0.005 && fit.rootMeanSquaredError(.index)! < 0.005)
        #expect(!fit.usesOptions && fit.rootMeanSquaredError(.option) == nil)
    }

    @Test("panel of days: kappa_1, kappa_2, theta_1, theta_2 recovered with each day's state filtered from VIX and VIX3M")
    func panelRecovery() throws {
        let truth = try MarketModel(yaml: """
            spot: 4000
            rate: 0.03
            dividend_yield: 0.015
            variance_factors:
              - {kappa: 10.0, theta: 0.004, sigma: 1.2, rho: -0.8, variance: 0.02}
              - {kappa: 1.5, theta: 0.03, sigma: 0.3, rho: -0.8, variance: 0.025}
            jumps: {intensity: 0.6, mean_log_jump: -0.04, log_jump_vol: 0.04, variance_jump_mean: 0.02, correlation: -0.5}
            """, file: "<truth>")
        // Calm, normal and stressed states (v1, v2), 12 days.
        var days: [MarketQuotes] = []
        for v1 in [0.0005, 0.01, 0.04, 0.12] {
            for v2 in [0.01, 0.03, 0.06] {
                var m = truth
                m.initialVariance = v1
                m.initialSecondVariance = v2
                days.append(Self.syntheticQuotes(m, futureDays: [15, 43, 106, 169, 225], optionDays: []))
            }
        }
        var template = truth
        template.riskNeutral.factors[0].kappa = 6
        template.riskNeutral.factors[0].theta = 0.008
        template.riskNeutral.factors[1].kappa = 0.8
        template.riskNeutral.factors[1].theta = 0.045
        let fit = try TermStructureCalibration(days: days, template: template)
        let p = Dictionary(uniqueKeysWithValues: fit.parameters.map { ($0.name, $0.value) })
        for (name, value) in [("kappa_1", 10.0), ("kappa_2", 1.5), ("theta_1", 0.004), ("theta_2", 0.03)] {
            #expect(abs(p[name]! / value - 1) < 0.02, "\(name): \(p[name]!) vs \(value)")
        }
        #expect(fit.projectedDays == 0 && fit.rmsFutures < 0.005 && fit.rmsIndices < 1e-6)
        #expect(throws: CalibrationError.self) { try TermStructureCalibration(days: Array(days.prefix(5)), template: template) }
        // kappa_1 held at the truth's 10: the other three recovered, kappa_1 unchanged and reported as held.
        var heldTemplate = template
        heldTemplate.riskNeutral.factors[0].kappa = 10
        let held = try TermStructureCalibration(days: days, template: heldTemplate, holding: ["kappa_1"])
        let h = Dictionary(uniqueKeysWithValues: held.parameters.map { ($0.name, $0.value) })
        #expect(h["kappa_1"]! == 10 && held.held == ["kappa_1"] && held.fitted.riskNeutral.factors[0].kappa == 10)
        for (name, value) in [("kappa_2", 1.5), ("theta_1", 0.004), ("theta_2", 0.03)] {
            #expect(abs(h[name]! / value - 1) < 0.02, "held kappa_1, \(name): \(h[name]!) vs \(value)")
        }
        #expect(throws: CalibrationError.self) { try TermStructureCalibration(days: days, template: template, holding: ["sigma_1"]) }
        #expect(throws: CalibrationError.self) {
            try TermStructureCalibration(days: days, template: template, holding: TermStructureCalibration.names)
        }
    }

    static func shippedHistory() throws -> HistoricalMarket {
        try HistoricalMarket(files: HistoricalDataFiles(directory: "data"))
    }

    @Test("2020-12-01, one factor with the SPX chain: 9 futures, 3 option expiries; fit errors bounded; --out loads")
    func realDay() throws {
        let history = try Self.shippedHistory()
        let date = TradingDate(year: 2020, month: 12, day: 1)!
        let quotes = try MarketQuotes(date: date, history: history,
                                      chain: try SPXOptionChain(path: "data/options/SPX_options_20201201_optionmetrics_style.csv"),
                                      zeroCurve: try ZeroCurve(path: "data/options/zero_rates_20201201.csv"))
        #expect(quotes.futures.count == 9 && quotes.futures[0].settle == 22.825 && abs(quotes.futures[0].years - 15.0 / 365) < 1e-12)
        #expect(quotes.optionExpiries.count == 3 && quotes.vix == 20.77 && quotes.vix3m == 24.49)
        // Parity-implied dividend yields: the S&P 500's trailing yield was about 1.6 % then.
        for e in quotes.optionExpiries { #expect(e.dividendYield > 0.005 && e.dividendYield < 0.03, "\(e)") }
        for o in quotes.options {
            let forward = quotes.blackScholes(quotes.optionExpiries[o.expiryIndex]).forward
            #expect(o.kind == (o.strike < forward ? .put : .call))
        }
        let fit = try MarketCalibration(quotes: quotes, template: TestMarkets.illustrative(), factorCount: 1)
        // Bounds: a one-factor SVCJ cannot match every future and smile point; measured 0.49 VIX points (futures),
        // 0.71 implied-volatility points (options), 0.20 (VIX, VIX3M).
        #expect(fit.rootMeanSquaredError(.future)! < 1.0)
        #expect(fit.rootMeanSquaredError(.option)! < 1.5)
        #expect(fit.rootMeanSquaredError(.index)! < 1.0)
        #expect(fit.rows.allSatisfy { $0.model.isFinite && $0.market.isFinite })
        let yaml = try fit.marketYAML(templateText: String(contentsOfFile: ConfigTests.root.appendingPathComponent("configs/markets/illustrative.yaml").path, encoding: .utf8))
        let reloaded = try MarketModel(yaml: yaml, file: "<fitted>")
        #expect(abs(reloaded.initialVIX - fit.fitted.initialVIX) < 1e-4 && reloaded.spot == 3662.45)
    }

    @Test("bad inputs: a date without futures names the table's range; a chain of another day; a template of the wrong form")
    func badInputs() throws {
        let history = try Self.shippedHistory()
        for text in ["2024-01-02", "2003-06-02", "2020-12-05"] {
            let d = TradingDate(text)!
            #expect(throws: CalibrationError.noFuturesOnDate(date: d, file: "data/vix_futures/vx_futures_settlements_long.csv",
                                                             first: TradingDate(year: 2004, month: 3, day: 26), last: TradingDate(year: 2023, month: 6, day: 16))) {
                try MarketQuotes(date: d, history: history)
            }
        }
        let message = CalibrationError.noFuturesOnDate(date: TradingDate("2024-01-02")!, file: "f.csv", first: TradingDate("2004-03-26"), last: TradingDate("2023-06-16")).description
        #expect(message == "--date 2024-01-02: f.csv has no VIX futures settlements that day; allowed: a trade date in 2004-03-26 .. 2023-06-16 (weekdays that are not exchange holidays).")
        let chain = try SPXOptionChain(path: "data/options/SPX_options_20201201_optionmetrics_style.csv")
        let curve = try ZeroCurve(path: "data/options/zero_rates_20201201.csv")
        #expect(throws: CalibrationError.self) { try MarketQuotes(date: TradingDate("2020-11-30")!, history: history, chain: chain, zeroCurve: curve) }
        #expect(throws: CalibrationError.noZeroCurve(chain: chain.file)) { try MarketQuotes(date: TradingDate("2020-12-01")!, history: history, chain: chain) }
        let quotes = try MarketQuotes(date: TradingDate("2020-12-01")!, history: history)
        #expect(throws: CalibrationError.marketForm(market: TestMarkets.illustrative().source, factors: 1, asked: 2)) {
            try MarketCalibration(quotes: quotes, template: TestMarkets.illustrative(), factorCount: 2)
        }
    }
}
