import Foundation

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

    /// Runs the binary; kills it (SIGKILL: children inherit a blocked SIGTERM) after `timeout`.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 90) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let killer = DispatchWorkItem { kill(process.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        nonisolated(unsafe) var stdoutData = Data()
        let reader = DispatchGroup()
        reader.enter()
        DispatchQueue.global().async { stdoutData = out.fileHandleForReading.readDataToEndOfFile(); reader.leave() }
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        reader.wait()
        process.waitUntilExit()
        killer.cancel()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
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
        FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }
}
