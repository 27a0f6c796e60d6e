import Foundation

/// Writing results without ever leaving a half-written file: the text goes to a temporary file in the same folder,
/// which is then renamed over the target (atomic on POSIX file systems).
public enum OutputFile {
    public enum WriteError: Error, CustomStringConvertible {
        case cannotWrite(path: String, reason: String)
        public var description: String { "\(pathText): cannot write (\(reasonText))." }
        private var pathText: String { if case let .cannotWrite(p, _) = self { return p }; return "" }
        private var reasonText: String { if case let .cannotWrite(_, r) = self { return r }; return "" }
    }

    /// Writes `text` to `path` atomically; `-` means standard output.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let folder = (path as NSString).deletingLastPathComponent
            let reason = FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder)
                ? "permission denied or not a file path" : "folder \(folder) does not exist"
            throw .cannotWrite(path: path, reason: reason)
        }
    }
}
