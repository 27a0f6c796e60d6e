import Foundation

extension MarketModel {
    /// The effective dynamics under Q and P in a compact form for the terminal (one entry per measure, to be wrapped
    /// at 100 columns): total-return drift, each variance factor's kappa / theta / sigma / rho, and the jumps.
    public var parameterSummaries: [(measure: String, text: String)] {
        [("Q", riskNeutral.compactText), ("P", realWorld.compactText)]
    }
}

extension MeasureDynamics {
    /// `drift 4.00 %; v1 kappa 3.000 theta 0.0400 sigma 0.500 rho -0.700; jumps 0.500/yr ...` (rates per year).
    var compactText: String {
        var parts = [String(format: "drift %.2f %%", 100 * totalReturnDrift)
                     + (equityPremiumPerVariance == 0 ? "" : String(format: " + %.3f x (V - %.4f)", equityPremiumPerVariance, stationaryMeanTotalVariance))]
        for (i, f) in factors.enumerated() {
            parts.append(String(format: "v%d kappa %.3f theta %.4f sigma %.3f rho %.3f", i + 1, f.kappa, f.theta, f.sigma, f.rho))
        }
        if let j = jumps {
            parts.append(String(format: "jumps %.3f/yr + %.3f x v, mean log jump %.4f, vol %.4f, variance jump %.4f, corr %.3f",
                                j.intensity, j.intensityPerVariance, j.meanLogJump, j.logJumpVolatility, j.varianceJumpMean, j.correlation))
        } else {
            parts.append("no jumps")
        }
        return parts.joined(separator: "; ")
    }
}
