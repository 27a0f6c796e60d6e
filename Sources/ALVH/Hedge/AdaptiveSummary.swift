import Foundation

/// What a risk committee asks of a hedge run through time (issue 10): cost per year, drawdowns, trading, regimes and
/// the payoff where the SPX fell most. Money in currency; `*Percent` in % of notional. Risk figures mark live
/// positions at bid (the liquidation basis); `accountingMeanHedgedPnL` marks them at mid.
public struct AdaptiveSummary: Sendable {
    public let years: Double
    public let meanPremiumPaid: Double
    /// Mean premium paid per year, % of notional.
    public let premiumPerYearPercent: Double
    /// `-mean hedge P&L / years`, % of notional per year: what the hedge costs on average, carry and trading included.
    public let annualisedCostPercent: Double
    public let annualisedCostStandardError: Double
    /// Mean hedged P&L with live positions at mid (accounting), beside the bid-based figure of the risk tables.
    public let accountingMeanHedgedPnL: Double
    /// Maximum drawdown over the horizon: mean, 95th and 99th percentiles, hedged and unhedged, % of notional.
    public let drawdown: DrawdownQuantiles
    public let unhedgedDrawdown: DrawdownQuantiles
    public let meanTurnover: Double
    public let meanRolls: Double
    public let meanTakeProfits: Double
    /// Share of path-days in each regime.
    public let regimeOccupancy: [(name: String, share: Double)]
    /// Mean hedge P&L (value less premiums with carry) on the paths whose SPX drawdown over the horizon was among the
    /// worst 5 % and 1 %, with the mean SPX drawdown there (a fraction).
    public let worstDrawdownWindows: [(share: Double, paths: Int, spxDrawdown: Double, hedgePnL: Double)]
    /// The SPX return over the horizon below which the hedge pays for itself on average (mean hedge P&L >= 0 in 1 %
    /// bins of the return, scanning down from 0); nil when it does not within the paths' range.
    public let breakEvenSPXReturn: Double?
    /// Break-even path by path: the share of paths on which the hedge's P&L (bid, premiums carried) rose above zero
    /// on some day, and quantiles (5, 25, 50, 75, 95 %) over those paths of the SPX price return since t0 on the first
    /// such day (empty when no path paid back) with the median day.
    public let paybackShare: Double
    public let paybackSPXReturnQuantiles: [(level: Double, spxReturn: Double)]
    public let paybackMedianDay: Double?

    public struct DrawdownQuantiles: Sendable {
        public let mean: Double
        public let p95: Double
        public let p99: Double
    }

    init(_ a: AdaptiveOutcome, outcome: LayoutOutcome) {
        let notional = outcome.book.layout.portfolio.notional
        let n = outcome.hedgeValue.count
        years = Double(a.horizonDays) / PathSimulationSettings.tradingDaysPerYear
        meanPremiumPaid = a.meanPremiumPaid
        premiumPerYearPercent = 100 * meanPremiumPaid / notional / years
        let hedgePnL = (0..<n).map { outcome.hedgeValue[$0] - a.premiumCarried[$0] }
        let stats = SampleStatistics(hedgePnL, percentileLevels: [])
        annualisedCostPercent = -100 * stats.mean / notional / years
        annualisedCostStandardError = 100 * stats.standardError / notional / years
        let accounting = (0..<n).map { outcome.portfolioPnL[$0] + a.accountingHedgeValue[$0] - a.premiumCarried[$0] }
        accountingMeanHedgedPnL = SampleStatistics(accounting, percentileLevels: []).mean
        func quantiles(_ x: [Double]) -> DrawdownQuantiles {
            let sorted = x.filter(\.isFinite).map { 100 * $0 / notional }.sorted()
            return DrawdownQuantiles(mean: sorted.reduce(0, +) / Double(max(sorted.count, 1)),
                                     p95: SampleStatistics.quantile(sorted: sorted, 0.95), p99: SampleStatistics.quantile(sorted: sorted, 0.99))
        }
        drawdown = quantiles(a.drawdown)
        unhedgedDrawdown = quantiles(a.unhedgedDrawdown)
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(max(x.count, 1)) }
        meanTurnover = mean(a.turnover)
        meanRolls = mean(a.rolls)
        meanTakeProfits = mean(a.takeProfits)
        let totalDays = a.regimeDays.reduce(0.0) { $0 + $1.reduce(0, +) }
        regimeOccupancy = zip(a.rules.regimes, a.regimeDays).map { ($0.name, totalDays > 0 ? $1.reduce(0, +) / totalDays : 0) }
        let order = (0..<n).sorted { a.spotDrawdown[$0] > a.spotDrawdown[$1] }
        worstDrawdownWindows = [0.05, 0.01].map { share in
            let paths = Array(order.prefix(max(1, Int((share * Double(n)).rounded()))))
            return (share, paths.count, paths.reduce(0) { $0 + a.spotDrawdown[$1] } / Double(paths.count),
                    paths.reduce(0) { $0 + hedgePnL[$1] } / Double(paths.count))
        }
        // Mean hedge P&L by 1 % bins of the SPX return, from the bin below 0 downwards.
        var sums: [Int: (Double, Int)] = [:]
        for i in 0..<n where outcome.spxReturn[i].isFinite && hedgePnL[i].isFinite && outcome.spxReturn[i] < 0 {
            let bin = Int((outcome.spxReturn[i] * 100).rounded(.down))
            let s = sums[bin] ?? (0, 0)
            sums[bin] = (s.0 + hedgePnL[i], s.1 + 1)
        }
        breakEvenSPXReturn = sums.keys.sorted(by: >).first { bin in
            let s = sums[bin]!
            return s.1 >= 20 && s.0 / Double(s.1) >= 0
        }.map { Double($0 + 1) / 100 }
        let paidBack = (0..<n).filter { a.paybackDay[$0] > 0 }
        paybackShare = n > 0 ? Double(paidBack.count) / Double(n) : 0
        let returns = paidBack.map { a.paybackSPXReturn[$0] }.sorted()
        paybackSPXReturnQuantiles = returns.isEmpty ? [] : [0.05, 0.25, 0.5, 0.75, 0.95].map {
            ($0, SampleStatistics.quantile(sorted: returns, $0))
        }
        let days = paidBack.map { a.paybackDay[$0] }.sorted()
        paybackMedianDay = days.isEmpty ? nil : SampleStatistics.quantile(sorted: days, 0.5)
    }
}
