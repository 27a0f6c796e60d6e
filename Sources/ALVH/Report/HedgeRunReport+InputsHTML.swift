import Foundation

extension HedgeRunReport {
    /// The model's effective parameters as an HTML table: one row per quantity, a column per measure (Q, P); a P value
    /// that differs from Q (a real-world override in the market file) is marked "P override". Empty without
    /// provenance.
    var modelParametersHTML: String {
        guard let m = provenance?.market else { return "" }
        func f(_ x: Double) -> String { String(format: "%.6g", x) }
        var rows: [(String, Double, Double)] = [("total-return drift, a year", m.riskNeutral.totalReturnDrift, m.realWorld.totalReturnDrift)]
        if m.realWorld.equityPremiumPerVariance != 0 {
            rows.append(("expected return per unit variance above its mean (eta)", m.riskNeutral.equityPremiumPerVariance, m.realWorld.equityPremiumPerVariance))
        }
        for (i, (q, p)) in zip(m.riskNeutral.factors, m.realWorld.factors).enumerated() {
            rows += [("factor \(i + 1): kappa (mean reversion, a year)", q.kappa, p.kappa), ("factor \(i + 1): theta (long-run variance)", q.theta, p.theta),
                     ("factor \(i + 1): sigma (vol of variance)", q.sigma, p.sigma), ("factor \(i + 1): rho (with the SPX)", q.rho, p.rho)]
        }
        if let q = m.riskNeutral.jumps, let p = m.realWorld.jumps {
            rows += [("jumps: intensity, a year", q.intensity, p.intensity), ("jumps: intensity per unit variance", q.intensityPerVariance, p.intensityPerVariance),
                     ("jumps: mean log price jump", q.meanLogJump, p.meanLogJump), ("jumps: log price jump vol", q.logJumpVolatility, p.logJumpVolatility),
                     ("jumps: mean variance jump", q.varianceJumpMean, p.varianceJumpMean), ("jumps: correlation", q.correlation, p.correlation)]
        }
        var html = "<tr><th>parameter</th><th>Q (pricing)</th><th>P (paths, real world)</th><th></th></tr>\n"
        for (name, q, p) in rows {
            html += "<tr>" + HedgeRunReport.cell(name, numeric: false) + HedgeRunReport.cell(f(q)) + HedgeRunReport.cell(f(p))
                + HedgeRunReport.cell(abs(p - q) > 1e-12 * Swift.max(abs(q), 1) ? "P override" : "", numeric: false) + "</tr>\n"
        }
        if m.riskNeutral.jumps == nil {
            html += "<tr>" + HedgeRunReport.cell("jumps", numeric: false) + HedgeRunReport.cell("none") + HedgeRunReport.cell("none")
                + HedgeRunReport.cell("", numeric: false) + "</tr>\n"
        }
        return "<table id=\"model-parameters\">\n\(html)</table>\n"
    }

    /// Every layout's layers as booked at t0: group, instrument, expiry (trading days), strikes, contracts, t0 unit
    /// price and premium. Empty without provenance or without a hedged layout.
    var bookedLayersHTML: String {
        guard let books = provenance?.books, books.contains(where: { !$0.layers.isEmpty }) else { return "" }
        var html = "<tr><th>layout</th><th>layer</th><th>group</th><th>instrument</th><th>expiry, trading days</th><th>strikes</th>"
            + "<th>contracts</th><th>t0 price (unit)</th><th>premium</th></tr>\n"
        for book in books {
            for b in book.layers {
                let strikes = [b.lowerStrike, b.upperStrike].compactMap { $0 }.map { String(format: "%.2f", $0) }.joined(separator: " / ")
                html += "<tr>" + [book.layout.name, b.layer.name, b.layer.group.rawValue, b.layer.instrument.rawValue].map { HedgeRunReport.cell($0, numeric: false) }.joined()
                    + [String(b.layer.expiryDays), strikes.isEmpty ? "-" : strikes,
                       String(format: "%.2f", b.quantity / b.layer.instrument.contractMultiplier), String(format: "%.4f", b.unitPrice),
                       HedgeRunReport.money(b.premium)].map { HedgeRunReport.cell($0) }.joined() + "</tr>\n"
            }
        }
        return "<table id=\"booked-layers\">\n\(html)</table>\n"
    }
}
