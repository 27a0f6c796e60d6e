/// Time discretisation of the variance and log price (DESIGN section 2).
public enum PathScheme: Sendable, Equatable, CustomStringConvertible {
    /// Full-truncation Euler (Lord, Koekkoek & van Dijk 2010): drift and diffusion use `v+ = max(v, 0)`, `v` itself
    /// may go negative. Bias O(dt); simple and fast, the NumPy yardstick.
    case euler
    /// Andersen's quadratic-exponential scheme (Andersen 2008, psi_c = 1.5, gamma1 = gamma2 = 1/2), optionally
    /// with the martingale correction of its section 4.2 so that `E[S_{t+dt} | S_t] = S_t e^{(mu - q) dt}` exactly.
    case quadraticExponential(martingaleCorrection: Bool)

    /// `euler`, `qe` (martingale-corrected) or `qe-plain`.
    public init?(name: String) {
        switch name {
        case "euler": self = .euler
        case "qe": self = .quadraticExponential(martingaleCorrection: true)
        case "qe-plain": self = .quadraticExponential(martingaleCorrection: false)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .euler: return "euler"
        case .quadraticExponential(let corrected): return corrected ? "qe" : "qe-plain"
        }
    }

    public static let names = ["qe", "qe-plain", "euler"]
}
