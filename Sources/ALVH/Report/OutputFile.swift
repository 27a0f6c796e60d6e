import Foundation
import Synchronization

/// Writing results all or nothing, never leaving a half-written file.
///
/// A run's outputs form one `OutputFile.Batch`. Its targets are checked before the run starts (two flags naming the
/// same file, a folder that does not exist, a target that is a folder, a read-only target: input errors, exit 2),
/// and at the end every output is first written to a temporary file beside its target (`.alvh-tmp-...`), and only when
/// all of them are written are they renamed over their targets. If any write fails, the temporary files are removed
/// and no target is touched. A symbolic link as target is written through: the file it points to is replaced and the
/// link stays. On SIGINT or SIGTERM the temporary files of the run are removed before alvh exits.
public enum OutputFile {
    public enum WriteError: Error, CustomStringConvertible, Equatable {
        /// A target that cannot be written: bad input (exit 2).
        case cannotWrite(path: String, reason: String)
        /// Two outputs aimed at the same file (exit 2).
        case sameTarget(path: String, flags: [String])
        /// The write itself failed while running (a full disk, a closed pipe): exit 1.
        case writeFailed(path: String, reason: String)

        public var description: String {
            switch self {
            case let .cannotWrite(path, reason): return "\(path): cannot write (\(reason))."
            case let .sameTarget(path, flags):
                return "\(flags.joined(separator: " and ")) name the same file \(path); give each output its own file."
            case let .writeFailed(path, reason):
                return path == "standard output" ? "standard output: writing failed (\(reason))."
                    : "\(path): writing failed (\(reason)); no output file was written."
            }
        }

        /// 2 for bad targets, 1 for failures during the write.
        public var exitCode: Int32 {
            if case .writeFailed = self { return 1 }
            return 2
        }
    }

    /// One output: the flag that asked for it, its target (`-` is standard output) and what writes its content
    /// (streamed through a buffered `TextSink`, so a large output is never built as one string).
    struct Item {
        let flag: String
        let path: String
        let write: (TextSink) -> Void
    }

    /// The outputs of one run, written together at the end.
    public struct Batch {
        var items: [Item] = []
        /// Report folders: (flag, folder, files in it).
        var folders: [(flag: String, path: String, files: [(name: String, content: () -> String)])] = []

        public init() {}

        /// A file output (`-`: standard output).
        public mutating func add(flag: String, path: String, content: @escaping () -> String) {
            items.append(Item(flag: flag, path: path, write: { $0.write(content()) }))
        }

        /// A file output written piece by piece (`-`: standard output).
        public mutating func addStream(flag: String, path: String, write: @escaping (TextSink) -> Void) {
            items.append(Item(flag: flag, path: path, write: write))
        }

        /// A folder of files (created if missing; its files replaced).
        public mutating func addFolder(flag: String, path: String, files: [(name: String, content: () -> String)]) {
            folders.append((flag, path, files))
        }

        /// Every target a file will be renamed over, with the flag that asked for it.
        var targets: [(flag: String, path: String)] {
            items.filter { $0.path != "-" }.map { ($0.flag, $0.path) }
                + folders.flatMap { f in f.files.map { (f.flag, (f.path as NSString).appendingPathComponent($0.name)) } }
        }

        /// Checks every target before the run: distinct, in an existing folder, not a folder, not read-only.
        public func check() throws(WriteError) {
            var seen: [String: String] = [:]
            for (flag, path) in targets {
                let key = OutputFile.canonical(path)
                if let other = seen[key] { throw .sameTarget(path: path, flags: [other, flag]) }
                seen[key] = flag
            }
            for f in folders {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: f.path, isDirectory: &isFolder), !isFolder.boolValue {
                    throw .cannotWrite(path: f.path, reason: "\(f.flag) needs a folder and this is a file")
                }
                try OutputFile.checkFolder(of: (f.path as NSString).appendingPathComponent("x"), creatable: true)
                if isFolder.boolValue {
                    for file in f.files { try OutputFile.checkTarget((f.path as NSString).appendingPathComponent(file.name)) }
                }
            }
            for item in items where item.path != "-" { try OutputFile.checkTarget(item.path) }
        }

        /// Writes everything: standard output first, then every file to a temporary file, then all renames.
        public func commit() throws(WriteError) {
            try check()
            for item in items where item.path == "-" {
                let sink = TextSink(descriptor: 1)
                item.write(sink)
                sink.flush()
                if let failure = sink.failure {
                    throw .writeFailed(path: "standard output", reason: failure == EPIPE ? "the reading end of the pipe is closed" : String(cString: strerror(failure)))
                }
            }
            var staged: [(temporary: String, target: String)] = []
            var createdFolders: [String] = []
            func abandon() {
                for s in staged { OutputFile.discard(s.temporary) }
                for folder in createdFolders.reversed() { rmdir(folder); TemporaryFiles.shared.remove(folder) }
            }
            do {
                for item in items where item.path != "-" {
                    staged.append((try OutputFile.stage(item.write, for: item.path), OutputFile.resolvedTarget(item.path)))
                }
                for f in folders {
                    if !FileManager.default.fileExists(atPath: f.path) {
                        guard mkdir(f.path, 0o755) == 0 else {
                            throw WriteError.cannotWrite(path: f.path, reason: "cannot create the folder: \(String(cString: strerror(errno)))")
                        }
                        TemporaryFiles.shared.add(f.path)
                        createdFolders.append(f.path)
                    }
                    for file in f.files {
                        let path = (f.path as NSString).appendingPathComponent(file.name)
                        staged.append((try OutputFile.stage(file.content(), for: path), OutputFile.resolvedTarget(path)))
                    }
                }
            } catch let error as WriteError {
                abandon()
                throw error
            } catch {
                abandon()
                throw .writeFailed(path: "output", reason: "\(error)")
            }
            for s in staged {
                if rename(s.temporary, s.target) != 0 {
                    let reason = String(cString: strerror(errno))
                    abandon()
                    throw .writeFailed(path: s.target, reason: reason)
                }
                TemporaryFiles.shared.remove(s.temporary)
            }
            for folder in createdFolders { TemporaryFiles.shared.remove(folder) }
        }
    }

    /// Writes `text` to `path` on its own (all or nothing); `-` means standard output.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        var batch = Batch()
        batch.add(flag: "output", path: path) { text }
        try batch.commit()
    }

    /// Writes to standard output, reporting a failed write (a full device, a closed pipe) as an error.
    public static func writeStandardOutput(_ text: String) throws(WriteError) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            throw .writeFailed(path: "standard output", reason: errno == EPIPE ? "the reading end of the pipe is closed" : OutputFile.reason(error))
        }
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }

    /// The path a rename must replace: a symbolic link is written through (its target replaced, the link kept).
    static func resolvedTarget(_ path: String) -> String {
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return path }
        if destination.hasPrefix("/") { return destination }
        return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: resolvedTarget(path)).standardizedFileURL.path
    }

    static func checkFolder(of path: String, creatable: Bool = false) throws(WriteError) {
        let folder = (resolvedTarget(path) as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw .cannotWrite(path: path, reason: "\(dir) is not a folder") }
            guard access(dir, W_OK) == 0 else { throw .cannotWrite(path: path, reason: "no permission to write in \(dir)") }
        } else if creatable {
            try checkFolder(of: dir)
        } else {
            throw .cannotWrite(path: path, reason: "folder \(dir) does not exist")
        }
    }

    static func checkTarget(_ path: String) throws(WriteError) {
        if path.isEmpty { throw .cannotWrite(path: "''", reason: "an empty path") }
        let target = resolvedTarget(path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) {
            if isFolder.boolValue { throw .cannotWrite(path: path, reason: "it is a folder; give a file name") }
            // By its permission bits, not access(2): root may write anything, but a file marked read-only stays as it is.
            var info = stat()
            if stat(target, &info) == 0, info.st_mode & 0o222 == 0 || access(target, W_OK) != 0 {
                throw .cannotWrite(path: path, reason: "the file is read-only; alvh does not replace read-only files")
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: target)
            if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
                throw .cannotWrite(path: path, reason: "it is not a regular file")
            }
        }
        try checkFolder(of: path)
    }

    /// Writes `text` to a new temporary file beside `path` and returns its name.
    static func stage(_ text: String, for path: String) throws(WriteError) -> String {
        try stage({ $0.write(text) }, for: path)
    }

    /// Streams an output into a new temporary file beside `path` and returns its name.
    static func stage(_ write: (TextSink) -> Void, for path: String) throws(WriteError) -> String {
        let target = resolvedTarget(path)
        let folder = (target as NSString).deletingLastPathComponent
        let name = ".alvh-tmp-\(getpid())-\(TemporaryFiles.shared.nextSerial())-" + (target as NSString).lastPathComponent
        let temporary = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
        TemporaryFiles.shared.add(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            TemporaryFiles.shared.remove(temporary)
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        let sink = TextSink(descriptor: fd)
        write(sink)
        sink.flush()
        var failure = sink.failure ?? 0
        if failure == 0 && fsync(fd) != 0 && errno != EINVAL { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            discard(temporary)
            throw .writeFailed(path: path, reason: String(cString: strerror(failure)))
        }
        return temporary
    }

    static func discard(_ temporary: String) {
        unlink(temporary)
        TemporaryFiles.shared.remove(temporary)
    }

    /// Removes this process's temporary files when it is interrupted (SIGINT, SIGTERM), then exits as the signal
    /// would; and ignores SIGPIPE, so that a closed pipe is a write error alvh reports instead of a silent death.
    public static func installSignalHandlers() {
        signal(SIGPIPE, SIG_IGN)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { received in
                TemporaryFiles.shared.removeAllForSignal()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}

/// The temporary files (and folders) alive right now, as C strings in a fixed table, so that a signal handler can
/// remove them without allocating.
final class TemporaryFiles: @unchecked Sendable {   // the table is guarded by `lock`; the signal handler only reads it
    static let shared = TemporaryFiles()
    static let capacity = 256
    private let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let lock = Mutex<Int>(0)   // the serial of temporary names

    private init() {
        table = .allocate(capacity: TemporaryFiles.capacity)
        table.initialize(repeating: nil, count: TemporaryFiles.capacity)
    }

    func nextSerial() -> Int { lock.withLock { $0 += 1; return $0 } }

    func add(_ path: String) {
        lock.withLock { _ in
            for i in 0..<TemporaryFiles.capacity where table[i] == nil {
                table[i] = strdup(path)
                return
            }
        }
    }

    func remove(_ path: String) {
        lock.withLock { _ in
            for i in 0..<TemporaryFiles.capacity {
                if let p = table[i], String(cString: p) == path {
                    table[i] = nil
                    free(p)
                    return
                }
            }
        }
    }

    /// Async-signal-safe enough: unlink and rmdir only, over the fixed table (files first, folders after).
    func removeAllForSignal() {
        for i in 0..<TemporaryFiles.capacity { if let p = table[i] { unlink(p) } }
        for i in 0..<TemporaryFiles.capacity { if let p = table[i] { rmdir(p) } }
    }
}

/// A buffered writer onto a file descriptor (64 KB at a time): outputs are streamed through it instead of being built
/// as one string. The first write error is kept (`failure`, an errno) and later writes are dropped.
public final class TextSink {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var failure: Int32?
    static let capacity = 1 << 16

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(TextSink.capacity)
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= TextSink.capacity { flush() }
    }

    func flush() {
        guard failure == nil else { buffer.removeAll(keepingCapacity: true); return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
