import Foundation

/// The "scheme" of a replay: instead of drawing the next state, each path reads it from the history. Path `p` is the
/// window that starts on history day `starts[p]`, so after global step `t` (one step per day) it holds day
/// `starts[p] + t + 1`. Warm-up steps (from `PathEngine.warmUpStepBase` on) read the `warmUpDays` days before the
/// start, so indicators warm up on the real history and the last warm-up day is the start itself.
///
/// The books and observers run unchanged on these states; nothing is random. The windows' days must all have a
/// state (`ReplayHistory.hasState`), which `ReplayRun` checks before a window is run.
struct ReplayStepper: PathStepper {
    let logSpot: [Double]
    let variance: [Double]
    let secondVariance: [Double]
    let starts: [Int]
    let warmUpDays: Int
    /// The same windows' real settlements, for the daily books that run on these paths.
    let calendar: ReplayCalendar

    init(history: ReplayHistory, starts: [Int], warmUpDays: Int) {
        calendar = ReplayCalendar(history: history, starts: starts)
        logSpot = history.spot.map { Foundation.log($0) }
        variance = history.variance
        secondVariance = history.secondVariance
        self.starts = starts
        self.warmUpDays = warmUpDays
    }

    /// The block needs driver columns only as scratch it never fills.
    var driverCount: Int { 1 }

    /// The history day of path `p` after global step `step`.
    func day(path p: Int, step: Int) -> Int {
        let offset = step >= PathEngine.warmUpStepBase ? step - PathEngine.warmUpStepBase + 1 - warmUpDays : step + 1
        return starts[p] + offset
    }

    func advance(_ block: PathBlock, step: Int) {
        for i in 0..<block.count {
            let k = day(path: block.firstPath + i, step: step)
            block.logSpot[i] = logSpot[k]
            block.variance[i] = variance[k]
            block.secondVariance[i] = secondVariance[k]
        }
    }

    /// Each window's start state, for `PathEngine`'s `start`.
    func startStates() throws(SettingsError) -> PathStartStates {
        try PathStartStates(logSpots: starts.map { logSpot[$0] }, variances: starts.map { variance[$0] },
                            secondVariances: starts.map { secondVariance[$0] })
    }
}
