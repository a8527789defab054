import Foundation

/// `nubladash demo-server` as a child process: started, its banner read, then killed
/// (SIGKILL: children inherit a blocked SIGTERM) and its files removed.
final class DemoServerProcess {
    let process = Process()
    private let output = Pipe()
    private let lines = LineCollector()
    /// From the banner.
    private(set) var kubeconfig = "", registry = "", token = "", config = ""

    init(arguments: [String] = ["--quiet"]) throws {
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["demo-server"] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        let lines = self.lines
        DispatchQueue.global().async {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                lines.append(data)
            }
            lines.close()
        }
        guard lines.wait(forLineContaining: "kubectl --kubeconfig", timeout: 60) else {
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
            if let path = value("Configuration") { config = path }
        }
    }

    deinit { stop() }

    var text: String { lines.text }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
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

    /// Waits until the output holds `needle` followed by a newline (false at the deadline or
    /// when the output ends without it).
    func wait(forLineContaining needle: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let text = String(decoding: data, as: UTF8.self)
            if let range = text.range(of: needle), text[range.upperBound...].contains("\n") { return true }
            if closed || !condition.wait(until: deadline) { return false }
        }
    }
}
