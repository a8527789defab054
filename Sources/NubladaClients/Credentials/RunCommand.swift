import Foundation
import NubladaProcess

/// Runs a credential helper (an exec plugin, gcloud, a docker-credential-* helper) directly,
/// no shell, and collects its output. Every run has a deadline: a helper waiting for a login
/// that never comes must not hang a snapshot or the dashboard.
enum RunCommand {
    /// The longest any helper may run, in seconds: 60, as kubectl's request timeout bounds its
    /// plugins. `NUBLADASH_HELPER_TIMEOUT` (seconds, at most 60) shortens it, for tests.
    static let timeout: Double = helperTimeout(ProcessInfo.processInfo.environment)

    static func helperTimeout(_ environment: [String: String]) -> Double {
        guard let text = environment["NUBLADASH_HELPER_TIMEOUT"], let seconds = Double(text),
              seconds.isFinite, seconds > 0 else { return 60 }
        return min(seconds, 60)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Errors are `CredentialError`s: the program cannot start, or it did not finish within
    /// `timeout` seconds (its whole process group is killed then).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    input: Data? = nil, timeout: Double = RunCommand.timeout) throws -> Result {
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(executable, arguments, environment: environment, input: input, timeout: timeout)
        } catch {
            throw CredentialError("\(error)")
        }
        if output.timedOut {
            let seconds = timeout == timeout.rounded() ? "\(Int(timeout))" : "\(timeout)"
            throw CredentialError("\(URL(fileURLWithPath: executable).lastPathComponent) did not finish within \(seconds) s and was stopped (with its children); run it by hand to see whether it waits for a login or a prompt")
        }
        return Result(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
    }
}

/// Finds a program on the PATH.
enum ExecutableSearch {
    static func find(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
