import Foundation

/// A market parameter the simulated method of moments (`MomentCalibration`) can move, by its YAML-style name.
///
/// The drift and jump parameters are the real-world (P) ones (`real_world:` in the market YAML). `sigma_i` and `rho_i`
/// are shared by P and Q (the schema's rule: an equivalent change of measure keeps the diffusion coefficients, Girsanov),
/// so moving them moves both measures; they are identified by the history through the volatility of VIX and its
/// correlation with SPX, and they change the Q futures prices only through the convexity of `E[sqrt(VIX^2)]`.
/// `variance_jump_mean` moves P's `mean_log_jump` with it so that the mean log price jump `mu_s + rho_J mu_v` stays.
/// `equity_premium_per_variance` (`eta`, P only) moves the expected return with the variance and nothing else: the
/// VIX facts do not see it, the SPX's 21- and 63-day tails do.
/// The search works in unbounded coordinates: `ln x` for the positive parameters, `atanh rho` for the correlations,
/// `x` itself for `eta` (either sign).
public enum MomentParameter: String, CaseIterable, Sendable, Hashable {
    case kappa1 = "kappa_1"
    case theta1 = "theta_1"
    case kappa2 = "kappa_2"
    case theta2 = "theta_2"
    case sigma1 = "sigma_1"
    case sigma2 = "sigma_2"
    case rho1 = "rho_1"
    case rho2 = "rho_2"
    case jumpIntensity = "jump_intensity"
    case intensityPerVariance = "intensity_per_variance"
    case varianceJumpMean = "variance_jump_mean"
    case equityPremiumPerVariance = "equity_premium_per_variance"

    /// The factor the parameter belongs to (0 or 1), `nil` for the jump part.
    var factor: Int? {
        switch self {
        case .kappa1, .theta1, .sigma1, .rho1: return 0
        case .kappa2, .theta2, .sigma2, .rho2: return 1
        case .jumpIntensity, .intensityPerVariance, .varianceJumpMean, .equityPremiumPerVariance: return nil
        }
    }

    /// Whether the market has the parameter: second-factor ones need two factors, jump ones a P jump part.
    public func applies(to market: MarketModel) -> Bool {
        if let factor { return factor < market.realWorld.factors.count }
        if self == .equityPremiumPerVariance { return true }
        return market.realWorld.jumps != nil
    }

    /// The units printed beside the estimate.
    public var units: String {
        switch self {
        case .kappa1, .kappa2: return "per year"
        case .theta1, .theta2: return "annualised variance"
        case .sigma1, .sigma2: return "per sqrt(year)"
        case .rho1, .rho2: return "correlation"
        case .jumpIntensity: return "jumps per year"
        case .intensityPerVariance: return "jumps per year per unit variance"
        case .varianceJumpMean: return "annualised variance"
        case .equityPremiumPerVariance: return "return per unit variance"
        }
    }

    /// The schema's range for the value (`MarketModel.Ranges`).
    public var range: NumberRange {
        switch self {
        case .kappa1, .kappa2: return MarketModel.Ranges.kappa
        case .theta1, .theta2: return MarketModel.Ranges.theta
        case .sigma1, .sigma2: return MarketModel.Ranges.sigma
        case .rho1, .rho2: return MarketModel.Ranges.rho
        case .jumpIntensity: return MarketModel.Ranges.intensity
        case .intensityPerVariance: return MarketModel.Ranges.intensityPerVariance
        case .varianceJumpMean: return MarketModel.Ranges.varianceJumpMean
        case .equityPremiumPerVariance: return MarketModel.Ranges.equityPremiumPerVariance
        }
    }

    /// The value in `market` (P's; `sigma_i`, `rho_i` are the same under Q).
    /// - Precondition: `applies(to: market)`.
    public func value(in market: MarketModel) -> Double {
        let p = market.realWorld
        switch self {
        case .kappa1, .kappa2: return p.factors[factor!].kappa
        case .theta1, .theta2: return p.factors[factor!].theta
        case .sigma1, .sigma2: return p.factors[factor!].sigma
        case .rho1, .rho2: return p.factors[factor!].rho
        case .jumpIntensity: return p.jumps!.intensity
        case .intensityPerVariance: return p.jumps!.intensityPerVariance
        case .varianceJumpMean: return p.jumps!.varianceJumpMean
        case .equityPremiumPerVariance: return p.equityPremiumPerVariance
        }
    }

    /// `market` with the parameter set to `x` (both measures for `sigma_i`, `rho_i`).
    /// - Precondition: `applies(to: market)`.
    public func setting(_ x: Double, in market: MarketModel) -> MarketModel {
        var m = market
        switch self {
        case .kappa1, .kappa2: m.realWorld.factors[factor!].kappa = x
        case .theta1, .theta2: m.realWorld.factors[factor!].theta = x
        case .sigma1, .sigma2:
            m.realWorld.factors[factor!].sigma = x
            m.riskNeutral.factors[factor!].sigma = x
        case .rho1, .rho2:
            m.realWorld.factors[factor!].rho = x
            m.riskNeutral.factors[factor!].rho = x
        case .jumpIntensity: m.realWorld.jumps!.intensity = x
        case .intensityPerVariance: m.realWorld.jumps!.intensityPerVariance = x
        case .varianceJumpMean:
            // Keep the mean log price jump mu_s + rho_J mu_v: the history measures the price jumps directly (alvh
            // calibrate history), the variance jump only through the VIX, so moving mu_v must not resize the crashes.
            let j = m.realWorld.jumps!
            m.realWorld.jumps!.meanLogJump = j.meanLogJump + j.correlation * (j.varianceJumpMean - x)
            m.realWorld.jumps!.varianceJumpMean = x
        case .equityPremiumPerVariance: m.realWorld.equityPremiumPerVariance = x
        }
        return m
    }

    /// Whether the parameter is shared by P and Q (the schema writes it in the Q factor lines).
    public var isShared: Bool {
        switch self {
        case .sigma1, .sigma2, .rho1, .rho2: return true
        default: return false
        }
    }

    /// The search coordinate of `x`: `ln x`, or `atanh x` for a correlation.
    func coordinate(_ x: Double) -> Double {
        switch self {
        case .rho1, .rho2: return atanh(x)
        case .intensityPerVariance: return log(max(x, 1e-6))
        case .equityPremiumPerVariance: return x
        default: return log(x)
        }
    }

    /// The value at search coordinate `u` (inverse of `coordinate`).
    func value(atCoordinate u: Double) -> Double {
        switch self {
        case .rho1, .rho2: return tanh(u)
        case .equityPremiumPerVariance: return u
        default: return exp(u)
        }
    }

    /// `dx/du` at `u`, for the delta-method standard error of the value from the coordinate's.
    func derivative(atCoordinate u: Double) -> Double {
        switch self {
        case .rho1, .rho2: let t = tanh(u); return 1 - t * t
        case .equityPremiumPerVariance: return 1
        default: return exp(u)
        }
    }
}
