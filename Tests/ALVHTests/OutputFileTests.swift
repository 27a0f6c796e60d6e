import Foundation
import Testing
@testable import ALVH

@Suite("Output files: all or nothing")
struct OutputFileTests {
    @Test("a staged temporary file is registered, and the signal-time cleanup removes it")
    func signalCleanup() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alvh-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.json").path
        let temporary = try OutputFile.stage("{}\n", for: target)
        #expect(FileManager.default.fileExists(atPath: temporary) && temporary.contains(".alvh-tmp-"))
        TemporaryFiles.shared.removeAllForSignal()
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(!FileManager.default.fileExists(atPath: target))
        TemporaryFiles.shared.remove(temporary)
    }

    @Test("a batch whose second output fails leaves the first target untouched and no temporary file")
    func batchFailure() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alvh-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a.json").path
        try "old".write(toFile: first, atomically: true, encoding: .utf8)
        var batch = OutputFile.Batch()
        batch.add(flag: "--json", path: first) { "new" }
        batch.add(flag: "--csv", path: folder.appendingPathComponent("missing/b.csv").path) { "x" }
        #expect(throws: OutputFile.WriteError.self) { try batch.commit() }
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".alvh-tmp") }.isEmpty)
    }
}
