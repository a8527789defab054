import Foundation
import NubladaProcess
import NubladaWork
import Testing

/// `nubladash demo-server` as a child process: started, its banner read, told what to do on
/// its standard input (`command`), then killed (SIGKILL: children inherit a blocked SIGTERM)
/// and its files removed.
final class DemoServerProcess {
    let child: ChildProcess
    private let lines = LineCollector()
    /// From the banner.
    private(set) var kubeconfig = "", registry = "", token = ""

    init(arguments: [String] = ["--quiet"]) async throws {
        child = try ChildProcess(Binary.path, ["demo-server"] + arguments,
                                 environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()],
                                 standardInput: .pipe, standardOutput: .pipe, standardError: .standardOutput)
        let lines = self.lines
        lines.collect(from: child, threadName: "demo-server-output")
        let bannered = try await Executor.blocking.run { lines.wait(forLineContaining: "kubectl --kubeconfig", timeout: 60) }
        guard bannered else {
            stop()
            throw DemoServerError(output: lines.text)
        }
        for line in lines.text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            func value(_ label: String) -> String? {
                line.hasPrefix(label) ? line.dropFirst(label.count).trimmingCharacters(in: .whitespaces) : nil
            }
            if let path = value("kubeconfig") { kubeconfig = path }
            if let url = value("Registry ") , url.hasPrefix("http") { registry = url }
            if let export = value("Registry token"), let equals = export.firstIndex(of: "=") {
                token = String(export[export.index(after: equals)...])
            }
        }
    }

    deinit { stop() }

    var text: String { lines.text }

    /// The child's output as it arrives (to wait on from another thread).
    var output: LineCollector { lines }

    /// Sends `line` (`outage`, `recover`) to the server's standard input and waits for its
    /// acknowledgement, a line starting `acknowledgement`.
    func command(_ line: String, acknowledgement: String) async throws {
        let before = lines.text.components(separatedBy: acknowledgement).count
        let bytes = Array((line + "\n").utf8)
        let fd = try #require(child.standardInput)
        #expect(write(fd, bytes, bytes.count) == bytes.count)
        let lines = self.lines
        let acknowledged = try await Executor.blocking.run {
            lines.wait(forLineContaining: acknowledgement, occurrence: before, timeout: 30)
        }
        #expect(acknowledged, "demo-server did not acknowledge \(line): \(lines.text)")
    }

    func stop() {
        child.signal(SIGKILL)
        child.waitForExit()
        if !kubeconfig.isEmpty {
            try? FileManager.default.removeItem(atPath: (kubeconfig as NSString).deletingLastPathComponent)
        }
    }

    struct DemoServerError: Error, CustomStringConvertible {
        var output: String
        var description: String { "demo-server did not print its banner:\n\(output)" }
    }
}

/// Output collected from a pipe, with a wait for a line.
final class LineCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var closed = false

    /// Collects `child`'s standard output on a thread of its own (named `threadName`) until
    /// it ends, then closes.
    func collect(from child: ChildProcess, threadName: String) {
        let reader = Thread { [self] in
            child.readStandardOutput { append($0) }
            close()
        }
        reader.name = threadName
        reader.start()
    }

    func append(_ chunk: Data) {
        condition.lock()
        data.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits until the writer's end of the pipe is closed and everything is read.
    func waitForClose(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !closed {
            if !condition.wait(until: deadline) { return closed }
        }
        return true
    }

    /// Waits until the output holds `needle` (its `occurrence`-th time, counting from 1)
    /// followed by a newline (false at the deadline or when the output ends without it).
    func wait(forLineContaining needle: String, occurrence: Int = 1, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let text = String(decoding: data, as: UTF8.self)
            let parts = text.components(separatedBy: needle)
            if parts.count > occurrence, parts[occurrence].contains("\n") { return true }
            if closed || !condition.wait(until: deadline) { return false }
        }
    }
}
