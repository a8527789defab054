import Foundation
import NubladaEngine
import NubladaProcess
import NubladaStandIn
import NubladaTestSupport
import NubladaWork
import Testing

/// `nubladash serve` as a child process on a free port: started, its address read from its
/// line `serving on http://HOST:PORT/`, asked over plain sockets, then ended.
final class ServeProcess {
    let child: ChildProcess
    let lines = LineCollector()
    private(set) var port: UInt16 = 0

    init(_ arguments: [String], listen: String = "127.0.0.1:0", environment: [String: String] = [:]) async throws {
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        child = try ChildProcess(Binary.path, ["serve", "--listen", listen] + arguments, environment: env,
                                 standardOutput: .pipe, standardError: .standardOutput)
        let lines = self.lines, child = self.child
        let reader = Thread {
            child.readStandardOutput { lines.append($0) }
            lines.close()
        }
        reader.name = "serve-output"
        reader.start()
        let started = try await Executor.blocking.run { lines.wait(forLineContaining: "serving on http://", timeout: 60) }
        try #require(started, "serve did not start: \(lines.text)")
        let text = lines.text
        let host = listen.hasPrefix("[") ? String(listen.prefix { $0 != "]" }) + "]" : String(listen.prefix { $0 != ":" })
        let address = try #require(text.range(of: "serving on http://\(host):"))
        port = try #require(UInt16(text[address.upperBound...].prefix { $0.isNumber }))
    }

    deinit {
        child.signal(SIGKILL)
        child.waitForExit()
    }

    /// Sends `request` as given and reads the whole answer (the server closes each connection).
    func exchange(_ request: String) async throws -> HTTPAnswer {
        let port = self.port
        return try await Executor.blocking.run { try HTTPAnswer.exchange(port: port, request) }
    }

    func get(_ path: String, method: String = "GET", headers: String = "") async throws -> HTTPAnswer {
        try await exchange("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(headers)\r\n")
    }

    /// Asks `path` until it answers `status` (the first refresh may take a while on a loaded machine).
    func waitFor(_ path: String, status: Int, timeout: Double = 90) async throws -> HTTPAnswer {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let answer = try await get(path)
            if answer.status == status || Date() > deadline { return answer }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// SIGTERM (or `signal`), then its exit (SIGKILL after a generous bound, which the caller sees as a signal).
    func terminate(_ signal: Int32 = SIGTERM) async -> ChildProcess.Termination {
        child.signal(signal)
        let child = self.child
        let watchdog = DispatchWorkItem { child.signal(SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        let ended = (try? await Executor.blocking.run { child.waitForExit() }) ?? ChildProcess.Termination(exitCode: nil, signal: SIGKILL)
        watchdog.cancel()
        return ended
    }
}

/// One HTTP answer read off a socket.
struct HTTPAnswer {
    var status: Int
    var head: String
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        for line in head.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name.lowercased() else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    struct Failed: Error { var what: String }

    static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failed(what: "socket") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failed(what: "connect: \(String(cString: strerror(errno)))")
        }
        return fd
    }

    static func exchange(port: UInt16, _ request: String) throws -> HTTPAnswer {
        let fd = try connect(port: port)
        defer { close(fd) }
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw Failed(what: "send") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 { throw Failed(what: "recv: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        let separator = Array("\r\n\r\n".utf8)
        guard let end = (0...max(0, received.count - 4)).first(where: { Array(received[$0..<min($0 + 4, received.count)]) == separator })
        else { throw Failed(what: "no head in \(String(decoding: received, as: UTF8.self))") }
        let head = String(decoding: received[..<end], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return HTTPAnswer(status: status, head: head, body: Array(received[(end + 4)...]))
    }
}

@Suite("nubladash serve", .serialized)
struct ServeTests {
    func serve(_ cluster: Cluster, extra: [String] = []) async throws -> ServeProcess {
        try await ServeProcess(["--config", cluster.config(), "--kubeconfig", cluster.kubeconfig(),
                                "--gar-endpoint", cluster.server.registryURL] + extra,
                               environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
    }

    @Test("endpoints: status codes, HEAD without a body, 405 with Allow, 404, /snapshot equal to snapshot, no secret")
    func endpoints() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        let serve = try await serve(cluster)
        let ready = try await serve.waitFor("/readyz", status: 200)
        #expect(ready.status == 200, "\(ready.text)")
        #expect(try await serve.get("/healthz").status == 200)
        let metrics = try await serve.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
        // build_info names the version and the commit `--version` gives.
        let version = try await Binary.run(["--version"])
        let commit = try #require(version.stdout.split(separator: "\n").first { $0.hasPrefix("commit: ") }?.dropFirst("commit: ".count))
        #expect(metrics.text.contains("version=\"\(NubladashVersion.current)\",revision=\"\(commit)\"} 1"), "\(metrics.text.prefix(400))")
        let head = try await serve.get("/snapshot", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(Int(head.header("Content-Length") ?? "") ?? 0 > 0)
        for method in ["POST", "PUT", "DELETE"] {
            let refused = try await serve.get("/metrics", method: method)
            #expect(refused.status == 405)
            #expect(refused.header("Allow") == "GET, HEAD")
        }
        #expect(try await serve.get("/nowhere").status == 404)
        #expect(try await serve.get("/snapshot?environment=nosuch").status == 404)
        let index = try await serve.get("/")
        #expect(index.status == 200)
        #expect(index.text.contains("href=\"/metrics\""))
        #expect(index.text.contains("<td>ok</td>"))

        let served = try await serve.get("/snapshot")
        #expect(served.status == 200)
        #expect(served.header("Content-Type") == "application/json")
        let snapshot = try await cluster.snapshot()
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let mine = try #require(try JSONSerialization.jsonObject(with: Data(served.body)) as? [String: Any])
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(snapshot.stdout.utf8)) as? [String: Any])
        for member in ["images", "menu", "prepulls"] {
            let a = try JSONSerialization.data(withJSONObject: try #require(mine[member]), options: [.sortedKeys])
            let b = try JSONSerialization.data(withJSONObject: try #require(theirs[member]), options: [.sortedKeys])
            #expect(a == b, "\(member) differs")
        }
        for answer in [ready, metrics, served, index] {
            for secret in [Cluster.registryToken, Cluster.kubeToken] {
                #expect(!answer.head.contains(secret) && !answer.text.contains(secret))
            }
        }
        #expect(!serve.lines.text.contains(Cluster.registryToken) && !serve.lines.text.contains(Cluster.kubeToken))
        let ended = await serve.terminate()
        #expect(ended.exitCode == 0, "\(ended)")
    }

    @Test("/readyz and /snapshot 503 before the first success, with the reason; then 200")
    func notReadyThenReady() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        // A token the registry refuses: no success yet.
        let serve = try await ServeProcess(["--config", cluster.config(), "--kubeconfig", cluster.kubeconfig(),
                                            "--gar-endpoint", cluster.server.registryURL],
                                           environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "refused-token-0000"])
        let first = try await serve.get("/readyz")
        #expect(first.status == 503)
        #expect(first.text.contains("not ready"))
        // Once the first refresh has failed, the reason is its failure's line.
        let deadline = Date().addingTimeInterval(60)
        var failing = first
        while !failing.text.contains("401"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            failing = try await serve.get("/readyz")
        }
        #expect(failing.status == 503)
        #expect(failing.text.contains("access token refused (401)"), "\(failing.text)")
        #expect(!failing.text.contains("refused-token-0000"))
        let index = try await serve.get("/")
        #expect(index.text.contains("failing: registry (auth)"), "\(index.text)")
        #expect(try await serve.get("/snapshot").status == 503)
        _ = await serve.terminate()

        let good = try await self.serve(cluster)
        #expect(try await good.waitFor("/readyz", status: 200).status == 200)
        _ = await good.terminate()
    }

    @Test("100 idle and 100 slow connections: a scrape is still answered; SIGTERM ends it with exit 0")
    func idleConnections() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        let serve = try await serve(cluster)
        let port = serve.port
        let idle = try await Executor.blocking.run { try (0..<100).map { _ in try HTTPAnswer.connect(port: port) } }
        defer { for fd in idle { close(fd) } }
        let scrape = try await serve.get("/metrics")
        #expect(scrape.status == 200)
        // 100 slow clients: half a request head each, never finished.
        let slow = try await Executor.blocking.run {
            try (0..<100).map { _ in
                let fd = try HTTPAnswer.connect(port: port)
                _ = send(fd, "GET /met", 8, Int32(MSG_NOSIGNAL))
                return fd
            }
        }
        defer { for fd in slow { close(fd) } }
        #expect(try await serve.get("/metrics").status == 200)
        #expect(try await serve.get("/healthz").status == 200)
        let ended = await serve.terminate()
        #expect(ended.exitCode == 0, "\(ended)")
    }

    @Test("a request head larger than the bound is refused")
    func largeRequest() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        let serve = try await serve(cluster)
        let answer = try await serve.exchange("GET /metrics HTTP/1.1\r\nX-Padding: \(String(repeating: "a", count: 20000))\r\n\r\n")
        #expect(answer.status == 431)
    }

    @Test("bad --listen is a usage error (exit 64); [::1]:PORT listens on IPv6; a port in use is one line, exit 1")
    func badListen() async throws {
        for address in ["nowhere", "127.0.0.1:99999", "[::1:9464", "127.0.0.1:port"] {
            let result = try await Binary.run(["serve", "--demo", "--listen", address])
            #expect(result.status == 64, "\(address): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        let ipv6 = try await ServeProcess(["--demo", "--source", "google"], listen: "[::1]:0")
        #expect(ipv6.port > 0)
        #expect(await ipv6.terminate().exitCode == 0)
        let holder = try await ServeProcess(["--demo", "--source", "google"])
        let taken = try await Binary.run(["serve", "--demo", "--source", "google", "--listen", "127.0.0.1:\(holder.port)"])
        #expect(taken.status == 1)
        #expect(taken.stderr.split(separator: "\n").count == 1, "\(taken.stderr)")
        #expect(taken.stderr.contains("cannot listen on 127.0.0.1:\(holder.port)"))
    }

    @Test("--demo: four environments, /snapshot the {ENV: doc} object, ?environment= one of them; SIGINT ends it with exit 0")
    func demo() async throws {
        let serve = try await ServeProcess(["--demo"])
        let ready = try await serve.waitFor("/readyz", status: 200, timeout: 120)
        #expect(ready.status == 200, "\(ready.text)")
        let all = try await serve.get("/snapshot")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(all.body)) as? [String: Any])
        #expect(Set(object.keys) == ["idfdemo", "usdfdemo", "summitdemo", "devdemo"])
        let one = try await serve.get("/snapshot?environment=usdfdemo")
        #expect(one.status == 200)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(one.body)) as? [String: Any])
        #expect(document["prepulls"] != nil)
        let ended = await serve.terminate(SIGINT)
        #expect(ended.exitCode == 0, "\(ended)")
    }
}
