import Foundation
import Synchronization

/// A one-line progress indicator on standard error, only when standard error is a terminal: the command, the phase
/// (tables, paths, statistics, writing), and during the paths the share done, the rate and the time left.
final class ProgressLine: Sendable {
    private let label: String
    private let state = Mutex<(percent: Int, phase: String, start: Double)>((-1, "", 0))
    private let pathSteps: Double

    /// `nil` when standard error is not a terminal (pipes, CI, tests): nothing is printed then. `pathSteps` is the
    /// run's paths x steps, for the rate.
    init?(label: String, pathSteps: Int = 0) {
        guard isatty(2) == 1 else { return nil }
        self.label = label
        self.pathSteps = Double(pathSteps)
    }

    static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Starts a phase (`tables`, `paths`, `statistics`, `writing`).
    func phase(_ name: String) {
        state.withLock { s in
            s = (-1, name, ProgressLine.now)
            FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(name)...".utf8))
        }
    }

    /// Thread-safe; prints at most once per percent of the current phase.
    func update(_ fraction: Double) {
        let percent = Int(fraction * 100)
        state.withLock { s in
            guard percent > s.percent else { return }
            s.percent = percent
            let elapsed = ProgressLine.now - s.start
            var line = "\r\u{1B}[K\(label): \(s.phase) \(percent) %"
            if fraction > 0.01 && elapsed > 0 {
                let left = elapsed * (1 - fraction) / fraction
                if pathSteps > 0 { line += String(format: ", %.1f M path-steps/s", fraction * pathSteps / elapsed / 1e6) }
                line += String(format: ", %.0f s left", left.rounded(.up))
            }
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
