import Foundation
import NubladaProcess

/// The real binary in a tmux session: keys in, screen text out. Every tmux client runs and is
/// waited for on a thread of its own; polling sleeps with `Task.sleep`.
final class TmuxSession {
    let name = "nubladash-test-\(UUID().uuidString.prefix(8))"
    let exitFile: String

    /// Starts `command` (a shell command line) in a detached session of the given size. When
    /// the command ends, its exit status is written to `exitFile` and the pane stays open.
    init(command: String, cols: Int = 120, rows: Int = 35, scratch: ScratchDirectory) async throws {
        exitFile = "\(scratch.path)/exit-\(name)"
        let script = scratch.write("run-\(name).sh", """
            #!/bin/sh
            \(command)
            echo $? > \(exitFile)
            echo "nubladash exited"
            sleep 600
            """)
        try await TmuxSession.tmux(["new-session", "-d", "-s", name, "-x", "\(cols)", "-y", "\(rows)", "sh \(script)"])
    }

    deinit { _ = try? ChildProcess.run(Self.executable, ["tmux", "kill-session", "-t", name], timeout: 30) }

    func send(_ keys: String...) async throws { try await TmuxSession.tmux(["send-keys", "-t", name] + keys) }

    /// Types text literally.
    func type(_ text: String) async throws { try await TmuxSession.tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(cols: Int, rows: Int) async throws {
        try await TmuxSession.tmux(["resize-window", "-t", name, "-x", "\(cols)", "-y", "\(rows)"])
    }

    func screen() async -> String { (try? await TmuxSession.tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    /// Waits (up to `timeout`) until the screen satisfies `condition`; returns the last screen.
    @discardableResult
    func waitFor(timeout: Double = 30, _ condition: (String) -> Bool) async -> (met: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = await screen()
        while Date() < deadline {
            if condition(last) { return (true, last) }
            try? await Task.sleep(nanoseconds: 200_000_000)
            last = await screen()
        }
        return (condition(last), last)
    }

    /// The exit status, once the program has ended.
    func exitStatus(timeout: Double = 10) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: exitFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return status }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        return nil
    }

    static let executable = "/usr/bin/env"

    /// Runs a tmux client; its standard output, or an error with what it said when it fails.
    @discardableResult
    static func tmux(_ arguments: [String]) async throws -> String {
        let output = try await ChildProcess.runDetached(executable, ["tmux"] + arguments, timeout: 30)
        guard output.status == 0, !output.timedOut else { throw TmuxError(arguments: arguments, output: output) }
        return output.stdoutText
    }

    static var available: Bool {
        (try? ChildProcess.run(executable, ["tmux", "-V"], timeout: 30))?.stdoutText.hasPrefix("tmux") ?? false
    }

    struct TmuxError: Error, CustomStringConvertible {
        var arguments: [String]
        var output: ChildProcess.Output
        var description: String {
            "tmux \(arguments.joined(separator: " ")): \(output.timedOut ? "timed out" : "exit \(output.status)") \(output.stderrText)"
        }
    }
}
