import Foundation

/// How close a model figure must be to the history's for a `pass` (natural units, as `FactEstimate.value`).
public enum ComparisonBand: Sendable, Equatable {
    /// `|model - history| <= tolerance x |history|`.
    case relative(Double)
    /// `history / factor <= model <= history x factor` (same sign; for figures that vary on a log scale, like the
    /// share of rare days or a half-life).
    case factor(Double)
    /// `|model - history| <= tolerance`.
    case absolute(Double)

    public func admits(model m: Double, history h: Double) -> Bool {
        switch self {
        case .relative(let tolerance): return abs(m - h) <= tolerance * abs(h)
        case .factor(let f):
            guard h != 0 else { return m == 0 }
            let ratio = m / h
            return ratio >= 1 / f && ratio <= f
        case .absolute(let tolerance): return abs(m - h) <= tolerance
        }
    }

    /// The band as printed; absolute tolerances in the line's display unit (`scale`, `unit`).
    public func description(scale: Double, unit: String) -> String {
        switch self {
        case .relative(let tolerance): return String(format: "within %g %%", 100 * tolerance)
        case .factor(let f): return String(format: "factor %g", f)
        case .absolute(let tolerance):
            return String(format: "+/- %g", scale * tolerance) + (unit == "%" ? " pts" : unit == "ratio" || unit == "corr" ? "" : " " + unit)
        }
    }
}
