import Foundation
import NubladaProcess

/// Runs a credential helper (an exec plugin, gcloud, a docker-credential-* helper) directly,
/// no shell, and collects its output. Every run has a deadline: a helper waiting for a login
/// that never comes must not hang a snapshot or the dashboard. Every run has a bound on what
/// is read: a credential is a few kilobytes, and a helper gone wrong must not fill memory.
/// What a helper says reaches a message only through `HelperMessage` (see `Result`).
enum RunCommand {
    /// The longest any helper may run, in seconds (``HelperTimeout``); a kubeconfig's exec
    /// plugin is given its own.
    static let timeout: Double = HelperTimeout.longest.seconds

    /// The most a helper may print on standard output, and on standard error: 1 MiB. An
    /// ExecCredential with a client certificate, or a docker helper's answer, is a few
    /// kilobytes; past the bound the helper is stopped with its process group.
    static let outputLimit = 1 << 20

    /// How a helper ended and what it printed. Its standard output is its answer (it holds the
    /// credential: parse it, never quote it); what it said is available only scrubbed.
    struct Result {
        var status: Int32
        var stdout: String
        private var rawStderr: String

        init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            rawStderr = stderr
        }

        /// Its standard error made fit for one error line (`HelperMessage`), or nil when empty.
        var errorMessage: String? { HelperMessage.summary(rawStderr) }

        /// Its standard output made fit for one error line, for helpers whose protocol puts the
        /// error there (docker's), or nil when empty.
        var outputMessage: String? { HelperMessage.summary(stdout) }
    }

    /// Errors are `CredentialError`s: the program cannot start, it did not finish within
    /// `timeout` seconds, or it printed more than `outputLimit` bytes (its whole process
    /// group is killed then).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    input: Data? = nil, timeout: Double = RunCommand.timeout) throws -> Result {
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(executable, arguments, environment: environment, input: input, timeout: timeout,
                                          outputLimit: outputLimit)
        } catch {
            throw CredentialError("\(error)")
        }
        let name = URL(fileURLWithPath: executable).lastPathComponent
        if let stream = output.overflowed {
            throw CredentialError("\(name) printed more than \(outputLimit >> 20) MiB on \(stream.rawValue) and was stopped (with its children); a credential helper prints a few kilobytes, so run it by hand to see what it prints")
        }
        if output.timedOut {
            let seconds = timeout == timeout.rounded() ? "\(Int(timeout))" : "\(timeout)"
            throw CredentialError("\(name) did not finish within \(seconds) s and was stopped (with its children); run it by hand to see whether it waits for a login or a prompt")
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
