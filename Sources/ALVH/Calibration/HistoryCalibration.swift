/// `alvh calibrate history`: the real-world (P) parameters of a one- or two-factor market estimated from daily SPX,
/// VIX (and VIX3M) closes. One factor: the factor is read off each day's VIX with the Q formula of `market`
/// (`FactorFilter`) and `kappa`, `theta`, `sigma` fitted by QML on the square-root transition. Two factors, by `method`:
/// `.projection` reads both factors off each day's (VIX, VIX3M) the same way (pairs outside the model's cone projected
/// onto its edge) and fits each by QML; `.kalman` estimates `kappa_i`, `theta_i`, `sigma_i` by the QML Kalman filter
/// on VIX and VIX3M with measurement error (`FactorKalmanFilter`), whose filtered factors then serve for the rest.
/// Either way the day-to-day transitions are collected
/// (`CalibrationSample`) for the correlations, the drift and the threshold jumps (`PhysicalEstimates`), on all
/// transitions and, when asked, per VIX band (`VIXRegime`; per band the factor drifts are QML on the filtered
/// factors). The Q part is the market's and is not estimated here.
public struct HistoryCalibration: Sendable {
    /// How two factors are read from the indices (`alvh calibrate history --filter`).
    public enum TwoFactorMethod: String, CaseIterable, Sendable {
        /// Invert the Q formula day by day (`FactorFilter`), then QML per factor.
        case projection
        /// QML Kalman filter with measurement errors (`FactorKalmanFilter`).
        case kalman
    }

    public let factorCount: Int
    /// The two-factor method used (`.projection` for one factor, where there is no choice).
    public let method: TwoFactorMethod
    /// The market whose Q formula filtered the factors (and whose Q part `marketYAML` keeps).
    public let market: MarketModel
    /// The day-by-day inversion of the Q formula (one factor: the factor used; two factors: reported beside the
    /// Kalman filter, to show how many (VIX, VIX3M) pairs the model cannot reach).
    public let filter: FactorFilter
    /// Two factors: the Kalman filter that estimated the factor drifts and filtered the factors.
    public let kalman: FactorKalmanFilter?
    public let all: PhysicalEstimates
    /// Per band: its estimates, or why it has none (too few transitions, no maximum).
    public let regimes: [(band: VIXRegime, estimates: Result<PhysicalEstimates, CalibrationError>)]

    /// - Parameters:
    ///   - spx, vix, vix3m: closes on SPX's calendar (`DailyMarketSeries` of a `HistoricalWindow`, or a simulated path).
    ///   - threeMonthFile: named in the error when two factors find no VIX3M close.
    /// - Throws: `CalibrationError` when the market has the wrong number of factors or the sample is too short.
    public init(series: DailyMarketSeries, market: MarketModel, factorCount: Int, regimes: Bool,
                method: TwoFactorMethod = .projection, threeMonthFile: String = "the VIX3M file") throws(CalibrationError) {
        guard factorCount == 1 || factorCount == 2 else { throw .factorCount(factorCount) }
        let marketFactors = market.riskNeutral.factors.count
        guard marketFactors == factorCount else { throw .marketForm(market: market.source, factors: marketFactors, asked: factorCount) }
        if factorCount == 2 && !series.vix3m.contains(where: { $0 != nil }) { throw .noThreeMonthIndex(file: threeMonthFile) }
        self.factorCount = factorCount
        self.method = factorCount == 2 ? method : .projection
        self.market = market
        filter = FactorFilter(vix: series.vix, vix3m: series.vix3m, formula: market.vixFormula,
                              threeMonth: factorCount == 2 ? market.threeMonthVIXFormula : nil, factorCount: factorCount)
        let sample: CalibrationSample
        if factorCount == 2 && method == .kalman {
            let k = try FactorKalmanFilter(vix: series.vix, vix3m: series.vix3m, market: market, what: "the window")
            kalman = k
            sample = CalibrationSample(spx: series.spx, vix: series.vix, factors: k.filtered, factorCount: 2)
            all = try PhysicalEstimates(sample: sample, what: "the window", factorFits: k.factors)
        } else {
            kalman = nil
            sample = CalibrationSample(spx: series.spx, vix: series.vix, filter: filter)
            all = try PhysicalEstimates(sample: sample, what: "the window")
        }
        self.regimes = regimes ? VIXRegime.all.map { (band: VIXRegime) -> (band: VIXRegime, estimates: Result<PhysicalEstimates, CalibrationError>) in
            (band, Result { () throws(CalibrationError) in try PhysicalEstimates(sample: sample.restricted(to: band.range), what: "band \(band.name) (\(band.label))") })
        } : []
    }

    /// Share of filtered days above which the report warns that floors or projections drive the estimates.
    public static let adjustedShareWarning = 0.05
    /// RMS VIX3M miss of the Kalman-filtered factors (VIX points) above which the report warns.
    public static let threeMonthMissWarning = 2.0

    /// What makes the estimates doubtful: many floored or projected days (the Q formula does not reach the observed
    /// indices), a correlation outside [-1, 1] (the model's shapes do not fit the sample), a fit without standard errors.
    public var warnings: [String] {
        var out: [String] = []
        let used = filter.factors.count - filter.missingDays
        let share = used > 0 ? Double(filter.adjustedDays.count) / Double(used) : 0
        if method == .projection && share > Self.adjustedShareWarning {
            out.append(String(format: "%.0f %% of the filtered days (%d of %d) were ", 100 * share, filter.adjustedDays.count, used)
                + (factorCount == 1 ? "floored: the market's Q VIX floor is above those VIX closes"
                   : "projected: the market's Q formula cannot reproduce those (VIX, VIX3M) pairs with non-negative factors, "
                    + "so the factor held at the floor there is shaped by the projection more than by the data")
                + "; calibrate the Q part to the indices first.")
        }
        if let kalman, kalman.threeMonthRMSMiss > Self.threeMonthMissWarning {
            out.append(String(format: "the filtered factors miss the VIX3M by %.2f points (RMS): the market's Q formula does not fit the VIX term structure well; "
                + "calibrate the Q part to the indices first.", kalman.threeMonthRMSMiss))
        }
        let samples: [(String, PhysicalEstimates)] = [("all", all)] + regimes.compactMap { r in (try? r.estimates.get()).map { (r.band.name, $0) } }
        for (name, e) in samples {
            for (i, rho) in e.correlations.enumerated() where abs(rho.value) > 1 {
                out.append("\(name): rho of factor \(i + 1) is \(String(format: "%.3g", rho.value)), outside [-1, 1]: the factor's residuals do not scale as the model says.")
            }
            for (i, f) in e.factors.enumerated() {
                if !f.converged { out.append("\(name): factor \(i + 1)'s Nelder-Mead did not meet its tolerance (the best point found is reported).") }
                if f.kappa.standardError == nil { out.append("\(name): factor \(i + 1) has no standard errors (a flat or degenerate likelihood; '-' in the table).") }
            }
        }
        return out
    }
}
