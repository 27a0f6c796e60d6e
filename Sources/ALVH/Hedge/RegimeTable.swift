/// The regimes and signals of `AdaptiveRules` as flat numbers, for the per-path loop of the daily book: no dictionary,
/// string or optional struct is touched per path (`AdaptiveRules.regime` and `groupWeights` are the readable
/// reference; tests hold this one to it bit for bit).
struct RegimeTable: Sendable {
    let onFuture: Bool
    let levelLower: [Double], levelUpper: [Double], slopeLower: [Double], slopeUpper: [Double]
    let base: [GroupWeights]
    let scales: [Double]
    struct Shift: Sendable {
        let from: LayerGroup, to: LayerGroup, fraction: Double
        init(_ s: WeightShift) { from = s.from; to = s.to; fraction = s.fraction }
    }
    let macd: Shift?
    let rsiPeriod: Int, oversold: Double, overbought: Double
    let whenOversold: Shift?, whenOverbought: Shift?

    init(_ rules: AdaptiveRules) {
        onFuture = rules.levelSource == .future
        levelLower = rules.regimes.map(\.vix.lower)
        levelUpper = rules.regimes.map(\.vix.upper)
        slopeLower = rules.regimes.map(\.slope.lower)
        slopeUpper = rules.regimes.map(\.slope.upper)
        base = rules.baseWeights
        scales = rules.regimes.map(\.budgetScale)
        macd = rules.macd.map { Shift($0.shift) }
        rsiPeriod = rules.rsi.map(\.parameters.period) ?? .max
        oversold = rules.rsi?.parameters.oversold ?? -.infinity
        overbought = rules.rsi?.parameters.overbought ?? .infinity
        whenOversold = rules.rsi?.whenOversold.map(Shift.init)
        whenOverbought = rules.rsi?.whenOverbought.map(Shift.init)
    }

    /// As `AdaptiveRules.regime(vix:front:slope:)`.
    @inline(__always)
    func regime(vix: Double, front: Double, slope: Double) -> Int {
        let level = onFuture ? front : vix
        for k in 0..<levelLower.count
            where level >= levelLower[k] && level < levelUpper[k] && slope >= slopeLower[k] && slope < slopeUpper[k] { return k }
        return levelLower.count - 1
    }

    /// As `AdaptiveRules.groupWeights(regime:base:macd:rsi:)`.
    @inline(__always)
    func weights(regime k: Int, macd m: MACDState, rsi r: RSIState) -> GroupWeights {
        var w = base[k]
        @inline(__always) func shift(_ s: Shift) {
            let moved = w[s.from] * s.fraction
            w[s.from] -= moved
            w[s.to] += moved
        }
        if let s = macd, m.histogram > 0 { shift(s) }
        if r.seen >= rsiPeriod {
            let value = r.value
            if let s = whenOversold, value < oversold { shift(s) }
            if let s = whenOverbought, value > overbought { shift(s) }
        }
        return w
    }
}
