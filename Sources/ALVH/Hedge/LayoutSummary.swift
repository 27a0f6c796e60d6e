/// The risk report of one layout on the run's paths (DESIGN section 5). Money in currency; VaR/ES positive losses.
public struct LayoutSummary: Sendable {
    public let name: String
    public let notional: Double
    public let premium: Double
    public let hedged: PnLStatistics
    public let unhedged: PnLStatistics
    /// Mean of (hedge value at the horizon - premium with carry).
    public let hedgeMean: Double
    public let hedgeMeanStandardError: Double
    /// P(hedge value at the horizon >= premium with carry).
    public let paybackProbability: Double
    /// Mean hedge value at the horizon on paths where SPX fell more than 10 % (20 %); nil when no path did.
    public let hedgeGivenSPXDown10: Double?
    public let hedgeGivenSPXDown20: Double?
    public let pathsSPXDown10: Int
    public let pathsSPXDown20: Int
    /// `(ES99 unhedged - ES99 hedged) / premium`: tail loss removed per unit of premium; nil without premium.
    public let esReductionPerPremium99: Double?
    public let layers: [LayerSummary]
    /// Mean portfolio (unhedged) P&L on the hedged book's worst 1 % of paths: with the layers' ES99 contributions it
    /// adds up to minus the mean hedged P&L on those paths (about -ES99).
    public let portfolioTail99: Double
    /// Paths in that tail.
    public let tailPaths99: Int
    /// The daily book's figures, for an adaptive layout.
    public let adaptive: AdaptiveSummary?

    public struct LayerSummary: Sendable {
        public let name: String
        public let group: LayerGroup
        public let instrument: String
        public let lowerStrike: Double?
        public let upperStrike: Double?
        public let quantity: Double
        /// `quantity` in contracts (quantity over the instrument's contract multiplier).
        public let contracts: Double
        public let premium: Double
        public let pnlMean: Double
        public let pnlStandardError: Double
        /// `E[layer P&L | hedged P&L <= -VaR99]`: what the layer adds in the hedged book's worst 1 %.
        public let esContribution99: Double
        /// Its standard error as the mean over the tail paths (sd / sqrt(paths); the VaR99 threshold taken as known).
        public let esContribution99StandardError: Double
    }

    /// `unhedged`: the portfolio's statistics when already computed for a layout with the same book (same paths,
    /// notional and beta give the same numbers), else nil.
    public init(_ outcome: LayoutOutcome, unhedged shared: PnLStatistics? = nil) {
        self.init(outcome, hedged: PnLStatistics(outcome.hedgedPnL), unhedged: shared ?? PnLStatistics(outcome.portfolioPnL))
    }

    /// As above with both P&L distributions' statistics already computed (`HedgeRunReport` computes them for all
    /// layouts in one parallel pass): `hedged` of `outcome.hedgedPnL`, `unhedged` of `outcome.portfolioPnL`.
    init(_ outcome: LayoutOutcome, hedged: PnLStatistics, unhedged: PnLStatistics) {
        let book = outcome.book
        name = book.layout.name
        notional = book.layout.portfolio.notional
        premium = outcome.meanPremium
        self.hedged = hedged
        self.unhedged = unhedged
        let carried = outcome.premiumWithCarryByPath()
        let hedgePnL = SampleStatistics(outcome.hedgeValue.indices.lazy.map { outcome.hedgeValue[$0] - carried($0) }, percentileLevels: [])
        hedgeMean = hedgePnL.mean
        hedgeMeanStandardError = hedgePnL.standardError
        let finite = outcome.hedgeValue.indices.filter { outcome.hedgeValue[$0].isFinite && outcome.hedgedPnL[$0].isFinite }
        paybackProbability = Double(finite.filter {
            let cost = carried($0)
            return outcome.hedgeValue[$0] >= cost && cost > 0
        }.count) / Double(max(finite.count, 1))
        func conditional(_ threshold: Double) -> (Double?, Int) {
            let paths = finite.filter { outcome.spxReturn[$0] < threshold }
            guard !paths.isEmpty else { return (nil, 0) }
            return (paths.reduce(0) { $0 + outcome.hedgeValue[$1] } / Double(paths.count), paths.count)
        }
        (hedgeGivenSPXDown10, pathsSPXDown10) = conditional(-0.10)
        (hedgeGivenSPXDown20, pathsSPXDown20) = conditional(-0.20)
        let esHedged = hedged.tail.level(0.99)?.expectedShortfall, esUnhedged = unhedged.tail.level(0.99)?.expectedShortfall
        let paid = premium
        if paid > 0, let h = esHedged, let u = esUnhedged { esReductionPerPremium99 = (u - h) / paid } else { esReductionPerPremium99 = nil }
        let threshold = -(hedged.tail.level(0.99)?.valueAtRisk ?? .infinity)
        let tailPaths = finite.filter { outcome.hedgedPnL[$0] <= threshold }
        tailPaths99 = tailPaths.count
        portfolioTail99 = tailPaths.isEmpty ? .nan : tailPaths.reduce(0) { $0 + outcome.portfolioPnL[$1] } / Double(tailPaths.count)
        layers = book.layers.indices.map { l in
            let pnl = outcome.layerPnL(l)
            let stats = SampleStatistics(pnl, percentileLevels: [])
            let tailStats = SampleStatistics(tailPaths.map { pnl[$0] }, percentileLevels: [])
            let contribution = tailPaths.isEmpty ? Double.nan : tailStats.mean
            let b = book.layers[l]
            return LayerSummary(name: b.layer.name, group: b.layer.group, instrument: b.layer.instrument.rawValue, lowerStrike: b.lowerStrike,
                                upperStrike: b.upperStrike, quantity: b.quantity,
                                contracts: b.quantity / b.layer.instrument.contractMultiplier, premium: outcome.layerPremium(l), pnlMean: stats.mean,
                                pnlStandardError: stats.standardError, esContribution99: contribution,
                                esContribution99StandardError: tailPaths.count > 1 ? tailStats.standardError : .nan)
        }
        adaptive = outcome.adaptive.map { AdaptiveSummary($0, outcome: outcome) }
    }
}

extension LayoutSummary {
    /// One line of a layout's layer table: a layer, a group subtotal, the portfolio on the hedged book's worst 1 % of
    /// paths, or the hedged book; the ES 99 contributions of the lines that are not subtotals add up to the hedged
    /// book's line. Shared by the terminal summary and the HTML report.
    public struct LayerTableLine: Sendable {
        public enum Kind: Sendable { case layer, subtotal, portfolio, hedgedBook }
        public let kind: Kind
        public let name: String
        public let group: LayerGroup?
        public let instrument: String
        /// `lower` or `lower/upper`, two decimals; `-` without a strike; empty on summary lines.
        public let strike: String
        public let premium: Double?
        public let pnlMean: Double?
        public let pnlStandardError: Double?
        public let esContribution99: Double
    }

    public var layerTableLines: [LayerTableLine] {
        var out: [LayerTableLine] = []
        for group in LayerGroup.allCases {
            let members = layers.filter { $0.group == group }
            guard !members.isEmpty else { continue }
            for l in members {
                var strike = l.lowerStrike.map { String(format: "%.2f", $0) } ?? "-"
                if let u = l.upperStrike { strike += String(format: "/%.2f", u) }
                out.append(LayerTableLine(kind: .layer, name: l.name, group: group, instrument: l.instrument, strike: strike,
                                          premium: l.premium, pnlMean: l.pnlMean, pnlStandardError: l.pnlStandardError,
                                          esContribution99: l.esContribution99))
            }
            out.append(LayerTableLine(kind: .subtotal, name: "\(group.rawValue) subtotal", group: group, instrument: "", strike: "",
                                      premium: members.reduce(0) { $0 + $1.premium }, pnlMean: members.reduce(0) { $0 + $1.pnlMean },
                                      pnlStandardError: nil, esContribution99: members.reduce(0) { $0 + $1.esContribution99 }))
        }
        out.append(LayerTableLine(kind: .portfolio, name: "portfolio", group: nil, instrument: "", strike: "", premium: nil,
                                  pnlMean: nil, pnlStandardError: nil, esContribution99: portfolioTail99))
        out.append(LayerTableLine(kind: .hedgedBook, name: "hedged book", group: nil, instrument: "", strike: "", premium: premium,
                                  pnlMean: nil, pnlStandardError: nil,
                                  esContribution99: portfolioTail99 + layers.reduce(0) { $0 + $1.esContribution99 }))
        return out
    }
}
