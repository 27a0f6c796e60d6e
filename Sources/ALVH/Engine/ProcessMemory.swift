import Foundation

/// This process's peak resident memory (`VmHWM` in `/proc/self/status`, Linux), reported in the JSON outputs so that
/// memory per path can be checked against `MemoryEstimate`; `nil` where the file cannot be read.
public enum ProcessMemory {
    public static var peakResidentBytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kb = Int(fields[1]) { return kb * 1024 }
        }
        return nil
    }
}
