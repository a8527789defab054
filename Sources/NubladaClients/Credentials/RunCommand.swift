import Foundation
import NubladaProcess

/// Runs a credential helper (an exec plugin, gcloud) directly, no shell, and collects its output.
enum RunCommand {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Errors are `CredentialError`s: the program cannot start, or it did not finish within
    /// `timeout` seconds (it and its children are killed then).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    input: Data? = nil, timeout: Double) throws -> Result {
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(executable, arguments, environment: environment, input: input, timeout: timeout)
        } catch {
            throw CredentialError("\(error)")
        }
        if output.timedOut {
            throw CredentialError("\(URL(fileURLWithPath: executable).lastPathComponent) did not finish within \(Int(timeout)) s")
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
