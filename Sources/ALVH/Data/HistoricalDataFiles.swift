import Foundation

/// Where the history's four files are: VIX, VIX3M, SPX (Cboe layout) and the long VIX futures table. By default the
/// shipped files under one data directory (`data/` of the repository), each of which the user may replace.
public struct HistoricalDataFiles: Sendable, Equatable {
    public var vix: String
    public var vix3m: String
    public var spx: String
    public var futures: String

    /// Paths of the shipped files inside the data directory.
    public static let vixPath = "vix/VIX_History.csv"
    public static let vix3mPath = "vix/VIX3M_History.csv"
    public static let spxPath = "spx/SPX_History_yahoo_GSPC.csv"
    public static let futuresPath = "vix_futures/vx_futures_settlements_long.csv"

    public init(vix: String, vix3m: String, spx: String, futures: String) {
        self.vix = vix
        self.vix3m = vix3m
        self.spx = spx
        self.futures = futures
    }

    /// The shipped files under `directory`.
    public init(directory: String) {
        func inside(_ relative: String) -> String { directory.hasSuffix("/") ? directory + relative : directory + "/" + relative }
        self.init(vix: inside(Self.vixPath), vix3m: inside(Self.vix3mPath), spx: inside(Self.spxPath), futures: inside(Self.futuresPath))
    }

    /// The name of the default data directory, relative to the working directory.
    public static let defaultDirectory = "data"
    /// An environment variable that names the data directory when `data/` is not in the working directory.
    public static let environmentVariable = "ALVH_DATA_DIR"

    /// The data directory: `explicit` when given (it must be a folder); otherwise the first folder of `data` in the
    /// working directory, `$ALVH_DATA_DIR`, and `data` beside the executable or up to four folders above it (a
    /// build's `.build/release/alvh` finds the repository's `data/`).
    /// - Throws: `DataError.dataDirectoryNotFound` listing every place it looked (absolute paths).
    public static func locateDirectory(explicit: String?, executable: String = CommandLine.arguments.first ?? "",
                                       environment: [String: String] = ProcessInfo.processInfo.environment) throws(DataError) -> String {
        let fm = FileManager.default
        func isFolder(_ path: String) -> Bool {
            var folder: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
        }
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
        if let explicit {
            if isFolder(explicit) { return explicit }
            throw .dataDirectoryNotFound(lookedAt: [absolute(explicit)])
        }
        var candidates = [defaultDirectory]
        if let env = environment[environmentVariable], !env.isEmpty { candidates.append(env) }
        if !executable.isEmpty {
            var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<5 {
                candidates.append(folder.appendingPathComponent(defaultDirectory).path)
                folder = folder.deletingLastPathComponent()
            }
        }
        for c in candidates where isFolder(c) { return c }
        var seen = Set<String>()
        throw .dataDirectoryNotFound(lookedAt: candidates.map(absolute).filter { seen.insert($0).inserted })
    }
}
