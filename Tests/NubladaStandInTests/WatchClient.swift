import Foundation
import NubladaProcess
@testable import NubladaStandIn

/// One watch event as a client reads it.
struct WatchEvent: CustomStringConvertible {
    var type: String
    var object: [String: Any]

    var metadata: [String: Any] { (object["metadata"] as? [String: Any]) ?? [:] }
    var name: String? { metadata["name"] as? String }
    var resourceVersion: String? { metadata["resourceVersion"] as? String }
    var labels: [String: String] { (metadata["labels"] as? [String: String]) ?? [:] }

    /// `TYPE name@rv`, what most assertions compare.
    var summary: String { "\(type) \(name ?? "-")@\(resourceVersion ?? "-")" }
    var description: String { summary }
}

/// A streaming `curl -N` on a watch URL: the body line by line as it arrives, and the response
/// head once it has ended. curl's `--max-time` is the deadline of every wait (3 minutes unless
/// told: a full parallel run on 2 cores has kept a test from running for over a minute, and a
/// deadline of 60 s then ended streams before the test had looked at them); the process is
/// killed when the client is dropped. A thread of its own reads the output and reaps curl.
final class WatchClient: @unchecked Sendable {
    private let child: ChildProcess
    private let lock = NSLock()
    private var pending = Data()
    private var lines: [String] = []
    private var ended = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var exit: Int32?
    private var exitWaiter: CheckedContinuation<Int32, Never>?

    /// Where curl dumps the response head (curl flushes it to stdout only with body data, so
    /// it is read from here once the stream has ended).
    private let headFile = FileManager.default.temporaryDirectory
        .appendingPathComponent("standin-watch-head-\(UUID().uuidString).txt")

    init(_ url: String, token: String?, caFile: URL?, maxTime: Int = 180) throws {
        var arguments = ["-s", "-S", "-N", "-D", headFile.path, "--max-time", String(maxTime)]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let caFile { arguments += ["--cacert", caFile.path] }
        arguments.append(url)
        child = try ChildProcess("/usr/bin/curl", arguments, standardOutput: .pipe, standardError: .null)
        let child = self.child
        let reader = Thread { [weak self] in
            child.readStandardOutput { self?.feed($0) }
            self?.feed(Data())
            let status = child.waitForExit().status
            self?.finished(status)
        }
        reader.name = "watch-client"
        reader.start()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: headFile)
    }

    /// Stops curl at once.
    func kill() { child.signal(SIGKILL) }

    private func feed(_ data: Data) {
        lock.lock()
        if data.isEmpty {
            ended = true
        } else {
            pending.append(data)
            while let newline = pending.firstIndex(of: 0x0A) {
                var line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                if line.hasSuffix("\r") { line.removeLast() }
                pending.removeSubrange(pending.startIndex...newline)
                lines.append(line)
            }
        }
        let resumed = waiter
        waiter = nil
        lock.unlock()
        resumed?.resume()
    }

    private func finished(_ code: Int32) {
        lock.lock()
        exit = code
        let resumed = exitWaiter
        exitWaiter = nil
        lock.unlock()
        resumed?.resume(returning: code)
    }

    /// A line (.some), the end (.some(nil)), or nothing yet (nil).
    private func takeLine() -> String?? {
        lock.lock()
        defer { lock.unlock() }
        return !lines.isEmpty ? .some(lines.removeFirst()) : (ended ? .some(nil) : nil)
    }

    /// The next line; nil once the stream has ended.
    private func nextLine() async -> String? {
        while true {
            let line = takeLine()
            if let line { return line }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if lines.isEmpty && !ended {
                    waiter = continuation
                    lock.unlock()
                } else {
                    lock.unlock()
                    continuation.resume()
                }
            }
        }
    }

    /// The status and headers (lowercased names) of the response, once curl has ended.
    func head() -> (status: Int, headers: [String: String]) {
        let text = (try? String(contentsOf: headFile, encoding: .utf8)) ?? ""
        var status = 0
        var headers: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("HTTP/") {
                status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            } else if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return (status, headers)
    }

    /// The next event; nil when the stream ended (or curl's deadline passed) first.
    func next() async -> WatchEvent? {
        while let line = await nextLine() {
            if line.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                let type = object["type"] as? String, let body = object["object"] as? [String: Any]
            else { return WatchEvent(type: "UNPARSABLE: \(line)", object: [:]) }
            return WatchEvent(type: type, object: body)
        }
        return nil
    }

    /// The next `count` events (fewer when the stream ends first).
    func next(_ count: Int) async -> [WatchEvent] {
        var events: [WatchEvent] = []
        while events.count < count, let event = await next() { events.append(event) }
        return events
    }

    /// The rest of the body as events, once the stream ends.
    func rest() async -> [WatchEvent] {
        var events: [WatchEvent] = []
        while let event = await next() { events.append(event) }
        return events
    }

    /// curl's exit code once it ends (0: the stream ended cleanly; 28: curl's deadline).
    func exitCode() async -> Int32 {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let exit {
                lock.unlock()
                continuation.resume(returning: exit)
            } else {
                exitWaiter = continuation
                lock.unlock()
            }
        }
    }
}

extension RunningStandIn {
    /// Opens a watch on the Kubernetes listener (`query` without the leading `?`; `watch=1` is
    /// added unless it has a `watch=`).
    func watch(_ query: String = "", path: String = "/api/v1/nodes", token: String?? = .none, maxTime: Int = 180) throws -> WatchClient {
        var parameters = query.isEmpty ? [] : [query]
        if !query.contains("watch=") { parameters.insert("watch=1", at: 0) }
        return try WatchClient(server.kubernetesURL + path + "?" + parameters.joined(separator: "&"),
                               token: token ?? kubeToken, caFile: caFile, maxTime: maxTime)
    }
}
