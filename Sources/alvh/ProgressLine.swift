import Foundation
import Synchronization

/// A one-line progress indicator on standard error, only when standard error is a terminal.
final class ProgressLine: Sendable {
    private let label: String
    private let lastPercent = Mutex<Int>(-1)

    /// `nil` when standard error is not a terminal (pipes, CI, tests): nothing is printed then.
    init?(label: String) {
        guard isatty(2) == 1 else { return nil }
        self.label = label
    }

    /// Thread-safe; prints at most once per percent.
    func update(_ fraction: Double) {
        let percent = Int(fraction * 100)
        lastPercent.withLock { last in
            guard percent > last else { return }
            last = percent
            FileHandle.standardError.write(Data("\r\(label): \(percent) %".utf8))
        }
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
