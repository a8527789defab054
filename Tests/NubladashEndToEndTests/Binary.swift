import Foundation
import NubladaProcess

/// The built `nubladash` executable (`NUBLADASH_BIN`, else `.build/debug/nubladash`), run as a
/// child process with its output captured.
enum Binary {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["NUBLADASH_BIN"], !explicit.isEmpty { return explicit }
        return repository.appendingPathComponent(".build/debug/nubladash").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with only `PATH`, `HOME` and `environment` in its environment; kills it
    /// after `timeout`. Waits on a thread of its own, never on the concurrency pool.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 90) async throws -> Result {
        try await run(executable: path, arguments, environment: environment, timeout: timeout)
    }

    /// Runs any program the same way (kubectl against the demo server).
    static func run(executable: String, _ arguments: [String], environment: [String: String] = [:],
                    timeout: Double = 90) async throws -> Result {
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        let output = try await ChildProcess.runDetached(executable, arguments, environment: env, timeout: timeout)
        return Result(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
    }
}

/// A scratch folder removed when the value goes away.
final class ScratchDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "nubladash-e2e-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = "\(path)/\(name)"
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }
}
