/// `alvh calibrate history`: the real-world (P) parameters of a one- or two-factor market estimated from daily SPX,
/// VIX (and VIX3M) closes. The factors are filtered each day with the Q formula of `market` (`FactorFilter`), the
/// day-to-day transitions collected (`CalibrationSample`) and the parameters estimated (`PhysicalEstimates`: QML on
/// the square-root transition, moment correlations, the drift, threshold jumps) on all transitions and, when asked,
/// per VIX band (`VIXRegime`). The Q part is the market's and is not estimated here.
public struct HistoryCalibration: Sendable {
    public let factorCount: Int
    /// The market whose Q formula filtered the factors (and whose Q part `marketYAML` keeps).
    public let market: MarketModel
    public let filter: FactorFilter
    public let all: PhysicalEstimates
    /// Per band: its estimates, or why it has none (too few transitions, no maximum).
    public let regimes: [(band: VIXRegime, estimates: Result<PhysicalEstimates, CalibrationError>)]

    /// - Parameters:
    ///   - spx, vix, vix3m: closes on SPX's calendar (`DailyMarketSeries` of a `HistoricalWindow`, or a simulated path).
    ///   - threeMonthFile: named in the error when two factors find no VIX3M close.
    /// - Throws: `CalibrationError` when the market has the wrong number of factors or the sample is too short.
    public init(series: DailyMarketSeries, market: MarketModel, factorCount: Int, regimes: Bool,
                threeMonthFile: String = "the VIX3M file") throws(CalibrationError) {
        guard factorCount == 1 || factorCount == 2 else { throw .factorCount(factorCount) }
        let marketFactors = market.riskNeutral.factors.count
        guard marketFactors == factorCount else { throw .marketForm(market: market.source, factors: marketFactors, asked: factorCount) }
        if factorCount == 2 && !series.vix3m.contains(where: { $0 != nil }) { throw .noThreeMonthIndex(file: threeMonthFile) }
        self.factorCount = factorCount
        self.market = market
        filter = FactorFilter(vix: series.vix, vix3m: series.vix3m, formula: market.vixFormula,
                              threeMonth: factorCount == 2 ? market.threeMonthVIXFormula : nil, factorCount: factorCount)
        let sample = CalibrationSample(spx: series.spx, vix: series.vix, filter: filter)
        all = try PhysicalEstimates(sample: sample, what: "the window")
        self.regimes = regimes ? VIXRegime.all.map { (band: VIXRegime) -> (band: VIXRegime, estimates: Result<PhysicalEstimates, CalibrationError>) in
            (band, Result { () throws(CalibrationError) in try PhysicalEstimates(sample: sample.restricted(to: band.range), what: "band \(band.name) (\(band.label))") })
        } : []
    }
}
