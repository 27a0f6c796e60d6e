import Foundation

/// MACD (Appel 1979) on a daily series: `macd_t = EMA_fast(x)_t - EMA_slow(x)_t`, `signal_t = EMA_signal(macd)_t`,
/// `histogram = macd - signal`. An EMA of period `n` has weight `alpha = 2 / (n + 1)`,
/// `ema_t = alpha x_t + (1 - alpha) ema_{t-1}`, seeded with the first value (`ema_0 = x_0`, so every line starts at
/// the series and the histogram at 0). A *crossing up* on day t is `histogram_{t-1} <= 0 < histogram_t`.
/// Units: those of the series (VIX points for MACD on the VIX).
public struct MACDParameters: Sendable, Equatable {
    public var fast: Int
    public var slow: Int
    public var signal: Int

    public init(fast: Int = 12, slow: Int = 26, signal: Int = 9) {
        self.fast = fast
        self.slow = slow
        self.signal = signal
    }

    static func weight(_ period: Int) -> Double { 2 / Double(period + 1) }

    /// Days of history the indicator needs before its first use: the slow EMA's and the signal's memory.
    public var warmUpDays: Int { slow + signal }

    /// The reference: MACD and signal lines over a whole series (for tests and reports; the book runs `MACDState`).
    public func lines(_ x: [Double]) -> (macd: [Double], signal: [Double]) {
        guard let first = x.first else { return ([], []) }
        var state = MACDState(first: first)
        var macd: [Double] = [state.macd], signal: [Double] = [state.signal]
        for value in x.dropFirst() {
            state.update(value, self)
            macd.append(state.macd)
            signal.append(state.signal)
        }
        return (macd, signal)
    }
}

/// The running state of one path's MACD (three numbers).
public struct MACDState: Sendable, Equatable {
    public var fastEMA: Double
    public var slowEMA: Double
    public var signal: Double

    public init(first x: Double) {
        fastEMA = x
        slowEMA = x
        signal = 0
    }

    public var macd: Double { fastEMA - slowEMA }
    public var histogram: Double { macd - signal }

    @inline(__always)
    public mutating func update(_ x: Double, _ p: MACDParameters) {
        let af = MACDParameters.weight(p.fast), asl = MACDParameters.weight(p.slow), asg = MACDParameters.weight(p.signal)
        fastEMA += af * (x - fastEMA)
        slowEMA += asl * (x - slowEMA)
        signal += asg * (macd - signal)
    }
}

/// RSI (Wilder 1978) on a daily series, period `n`: with daily changes `d_t = x_t - x_{t-1}`, gains `max(d, 0)`
/// and losses `max(-d, 0)`, Wilder's smoothing `avg_t = ((n - 1) avg_{t-1} + value_t) / n` seeded with the simple mean
/// of the first `n` changes, and `RSI = 100 - 100 / (1 + avgGain / avgLoss)` (100 when there is no loss, 50 when
/// neither). Values in [0, 100]; below `oversold` (e.g. 30) the market has fallen hard, above `overbought` risen.
public struct RSIParameters: Sendable, Equatable {
    public var period: Int
    public var oversold: Double
    public var overbought: Double

    public init(period: Int = 14, oversold: Double = 30, overbought: Double = 70) {
        self.period = period
        self.oversold = oversold
        self.overbought = overbought
    }

    public var warmUpDays: Int { period + 1 }

    /// The reference over a whole series: `nil` until `period` changes have been seen.
    public func values(_ x: [Double]) -> [Double?] {
        guard let first = x.first else { return [] }
        var state = RSIState(first: first)
        var out: [Double?] = [nil]
        for value in x.dropFirst() {
            state.update(value, self)
            out.append(state.seen >= period ? state.value : nil)
        }
        return out
    }
}

/// The running state of one path's RSI.
public struct RSIState: Sendable, Equatable {
    public var previous: Double
    public var averageGain = 0.0
    public var averageLoss = 0.0
    /// Changes seen so far (the average is a simple mean until `period`).
    public var seen = 0

    public init(first x: Double) { previous = x }

    public var value: Double {
        if averageLoss == 0 { return averageGain == 0 ? 50 : 100 }
        return 100 - 100 / (1 + averageGain / averageLoss)
    }

    @inline(__always)
    public mutating func update(_ x: Double, _ p: RSIParameters) {
        let d = x - previous
        previous = x
        let gain = max(d, 0), loss = max(-d, 0)
        seen += 1
        let n = Double(min(seen, p.period))
        // A running mean for the first `period` changes, Wilder's smoothing after: one formula for both.
        averageGain += (gain - averageGain) / n
        averageLoss += (loss - averageLoss) / n
    }
}
