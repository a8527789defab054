import Foundation

/// The real binary in a tmux session: keys in, screen text out.
final class TmuxSession {
    let name = "nubladash-test-\(UUID().uuidString.prefix(8))"
    let exitFile: String

    /// Starts `command` (a shell command line) in a detached session of the given size. When
    /// the command ends, its exit status is written to `exitFile` and the pane stays open.
    init(command: String, cols: Int = 120, rows: Int = 35, scratch: ScratchDirectory) throws {
        exitFile = "\(scratch.path)/exit-\(name)"
        let script = scratch.write("run-\(name).sh", """
            #!/bin/sh
            \(command)
            echo $? > \(exitFile)
            echo "nubladash exited"
            sleep 600
            """)
        try TmuxSession.tmux(["new-session", "-d", "-s", name, "-x", "\(cols)", "-y", "\(rows)", "sh \(script)"])
    }

    deinit { try? TmuxSession.tmux(["kill-session", "-t", name]) }

    func send(_ keys: String...) throws { try TmuxSession.tmux(["send-keys", "-t", name] + keys) }

    /// Types text literally.
    func type(_ text: String) throws { try TmuxSession.tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(cols: Int, rows: Int) throws {
        try TmuxSession.tmux(["resize-window", "-t", name, "-x", "\(cols)", "-y", "\(rows)"])
    }

    func screen() -> String { (try? TmuxSession.tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    /// Waits (up to `timeout`) until the screen satisfies `condition`; returns the last screen.
    @discardableResult
    func waitFor(timeout: Double = 30, _ condition: (String) -> Bool) -> (met: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = screen()
        while Date() < deadline {
            if condition(last) { return (true, last) }
            Thread.sleep(forTimeInterval: 0.2)
            last = screen()
        }
        return (condition(last), last)
    }

    /// The exit status, once the program has ended.
    func exitStatus(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: exitFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return status }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    /// Runs a tmux client. Output goes through a file, not a pipe: the tmux server that the
    /// first call starts would inherit a pipe and hold it open for ever.
    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "nubladash-tmux-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        process.standardOutput = arguments.first == "new-session" ? FileHandle.nullDevice : output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? output.close()
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    static var available: Bool { (try? tmux(["-V"]))?.hasPrefix("tmux") ?? false }
}
