/// Builds the repricing tables a set of instruments needs, once per run.
public enum PriceTableSet {
    /// The tables for the ALVH 4/4/2 default (DESIGN section 4) at each layer's entry maturity: VIX calls at
    /// 5/10/15/21 trading days (strike 20 % over the matching future), SPX puts at 21/32/42/63, VIX call spreads at
    /// 105 (25/45) and 147 (30/50). Used by the benchmarks; the hedge book (issue 4) builds the ones its layout needs.
    public static func alvh442(model: MarketModel) -> (spx: [SPXOptionTable], vix: [VIXTable]) {
        let spxPricer = SPXOptionPricer(model: model)
        let vixPricer = VIXPricer(model: model)
        let years = { (days: Double) in days / PathSimulationSettings.tradingDaysPerYear }
        let spx = [21.0, 32, 42, 63].map { SPXOptionTable(pricer: spxPricer, years: years($0)) }
        var vix: [VIXTable] = []
        for days in [5.0, 10, 15, 21] {
            let strike = 1.2 * vixPricer.futurePrice(variance: model.initialVariance, secondVariance: model.initialSecondVariance, years: years(days))
            vix.append(VIXTable(pricer: vixPricer, payoff: .option(.call, strike: strike), years: years(days)))
        }
        for (days, strikes) in [(105.0, [25.0, 45]), (147, [30, 50])] {
            for k in strikes { vix.append(VIXTable(pricer: vixPricer, payoff: .option(.call, strike: k), years: years(days))) }
        }
        return (spx, vix)
    }
}
