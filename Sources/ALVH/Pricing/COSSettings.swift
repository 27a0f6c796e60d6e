/// Settings of the COS method (Fang & Oosterlee 2008): `terms` cosine terms on the truncation range
/// `[c1 - L sqrt(c2 + sqrt|c4|), c1 + L sqrt(c2 + sqrt|c4|)]` built from the cumulants of the variable.
///
/// Error target (measured in the tests, not assumed): SPX options within 1e-8 of the strike for maturities from one
/// trading day to three years with the defaults (Lewis's Heston reference agrees to 1e-11); VIX futures within
/// 1e-4 vol points of an independent noncentral chi-square quadrature.
public struct COSSettings: Sendable, Equatable {
    public var terms: Int
    public var truncation: Double

    public init(terms: Int = 256, truncation: Double = 12) {
        self.terms = terms
        self.truncation = truncation
    }
}
