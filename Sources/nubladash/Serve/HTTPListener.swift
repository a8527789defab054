import Foundation
import Synchronization

/// A small HTTP/1 server on one thread (the caller's), for `serve`: one `poll` over the
/// listener and every open connection, each answered once and closed. Nothing a client does
/// can hold the loop: sockets never block, a request's head must arrive within `readTimeout`
/// and be at most `maxRequestBytes`, a response must make progress within `writeTimeout`, and
/// at most `maxConnections` are open (a new one pushes out the oldest still silent, so idle
/// connections cannot keep a scrape out). The handler answers from values already made: it
/// must never wait.
final class HTTPListener: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var query: String?
        var accept: String?
    }

    struct Response: Sendable {
        var status: Int
        var contentType: String
        var headers: [(String, String)] = []
        var body: [UInt8]

        init(status: Int, contentType: String = "text/plain; charset=utf-8", headers: [(String, String)] = [], body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.headers = headers
            self.body = body
        }

        init(status: Int, text: String, headers: [(String, String)] = []) {
            self.init(status: status, headers: headers, body: Array(text.utf8))
        }
    }

    /// The listener could not be opened, as one line.
    struct ListenError: Error, CustomStringConvertible {
        var description: String
    }

    let maxConnections: Int
    let maxRequestBytes: Int
    let readTimeout: Double
    let writeTimeout: Double
    private let listener: Int32
    /// Written to by `stop` to wake the loop.
    private let wake: (read: Int32, write: Int32)
    /// The address bound (with the port the kernel chose for port 0).
    let boundAddress: String

    /// Binds and listens (no thread started); the port in use, or any other failure, is a `ListenError`.
    init(_ address: ListenAddress, maxConnections: Int = 64, maxRequestBytes: Int = 8192,
         readTimeout: Double = 10, writeTimeout: Double = 10) throws(ListenError) {
        self.maxConnections = maxConnections
        self.maxRequestBytes = maxRequestBytes
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(address.host, String(address.port), &hints, &found)
        guard resolved == 0, let first = found else {
            throw ListenError(description: "cannot listen on \(address): \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(first) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ListenError(description: "cannot listen on \(address): \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ListenError(description: "cannot listen on \(address): \(reason)")
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            close(fd)
            throw ListenError(description: "cannot listen on \(address): \(String(cString: strerror(errno)))")
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        listener = fd
        wake = (pipeEnds[0], pipeEnds[1])
        boundAddress = ListenAddress(host: address.host, port: Self.localPort(fd) ?? address.port).description
    }

    private static func localPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let got = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard got == 0 else { return nil }
        return withUnsafePointer(to: &storage) { pointer -> Int? in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET: pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            case AF_INET6: pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            default: nil
            }
        }
    }

    /// Ends `serve` (from any thread, a signal handler's queue included): the loop closes the
    /// listener and every connection and returns.
    func stop() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// One open connection: its request as it arrives, then its response as it leaves.
    private struct Connection {
        var fd: Int32
        var opened: Double
        var lastProgress: Double
        var received: [UInt8] = []
        /// The response, once the request is read.
        var outgoing: [UInt8]?
        var sent = 0
        /// The response is out and our side shut: what the client still sends is read and
        /// dropped until it closes, so that closing never resets a connection with its request
        /// unread (the client would lose the answer).
        var draining = false
    }

    /// Serves until `stop`, on the calling thread; then closes everything.
    func serve(_ handler: (Request) -> Response) {
        var connections: [Connection] = []
        defer {
            for connection in connections { close(connection.fd) }
            // The wake pipe stays open: a second signal may still write to it.
            close(listener)
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        // Out of descriptors, the listener stays readable: it is left out of the poll for a
        // while instead of waking it again at once (no busy loop).
        var acceptResumes = 0.0
        while true {
            let accepting = Self.monotonicNow() >= acceptResumes
            var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: listener, events: accepting ? Int16(POLLIN) : 0, revents: 0)]
            for connection in connections {
                let writing = connection.outgoing != nil && !connection.draining
                fds.append(pollfd(fd: connection.fd, events: Int16(writing ? POLLOUT : POLLIN), revents: 0))
            }
            // A second at most: the timeouts are checked even when nothing happens.
            let ready = poll(&fds, nfds_t(fds.count), 1000)
            if ready < 0 && errno != EINTR { return }
            if fds[0].revents != 0 { return }
            let now = Self.monotonicNow()
            var closed: Set<Int32> = []
            for (index, pollFD) in fds.enumerated().dropFirst(2) where pollFD.revents != 0 {
                let position = index - 2
                if connections[position].draining {
                    if !drain(connections[position].fd, buffer: &buffer) { closed.insert(pollFD.fd) }
                    continue
                }
                if connections[position].outgoing == nil {
                    if !read(&connections[position], buffer: &buffer, now: now, handler: handler) { closed.insert(pollFD.fd) }
                }
                if connections[position].outgoing != nil, !closed.contains(pollFD.fd) {
                    if !send(&connections[position], now: now) { closed.insert(pollFD.fd) }
                }
            }
            for connection in connections where !closed.contains(connection.fd) {
                let limit = connection.outgoing == nil ? connection.opened + readTimeout
                    : connection.lastProgress + (connection.draining ? Self.drainTimeout : writeTimeout)
                if now > limit { closed.insert(connection.fd) }
            }
            if !closed.isEmpty {
                for fd in closed { close(fd) }
                connections.removeAll { closed.contains($0.fd) }
            }
            if fds[1].revents != 0, !accept(into: &connections, now: now) { acceptResumes = now + 0.5 }
        }
    }

    /// Takes the waiting connections; at the bound, each new one pushes out the oldest connection
    /// still silent, else the oldest still sending its request, else the oldest already answered
    /// (when every one is being answered, the new one is closed).
    /// False when the process is out of descriptors.
    private func accept(into connections: inout [Connection], now: Double) -> Bool {
        for _ in 0..<maxConnections {
            let fd = Glibc.accept(listener, nil, nil)
            guard fd >= 0 else { return errno != EMFILE && errno != ENFILE }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            if connections.count >= maxConnections {
                // Silent first, then those still sending their request (a slow client), then
                // those already answered; one being answered is never cut.
                let reading = connections.indices.filter { connections[$0].outgoing == nil }
                let silent = reading.filter { connections[$0].received.isEmpty }
                let candidates = !silent.isEmpty ? silent : !reading.isEmpty ? reading
                    : connections.indices.filter { connections[$0].draining }
                guard let oldest = candidates.min(by: { connections[$0].opened < connections[$1].opened }) else {
                    close(fd)
                    continue
                }
                close(connections[oldest].fd)
                connections.remove(at: oldest)
            }
            connections.append(Connection(fd: fd, opened: now, lastProgress: now))
        }
        return true
    }

    /// Reads what arrived; once the head is complete, makes the response. False: close it.
    private func read(_ connection: inout Connection, buffer: inout [UInt8], now: Double,
                      handler: (Request) -> Response) -> Bool {
        let count = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { return errno == EAGAIN || errno == EINTR }
        if count == 0 { return false }
        connection.received.append(contentsOf: buffer[0..<count])
        connection.lastProgress = now
        if let end = Self.headEnd(connection.received) {
            let response = Self.request(connection.received[..<end]).map(handler)
                ?? Response(status: 400, text: "bad request\n")
            connection.outgoing = Self.encode(response, head: Self.isHead(connection.received))
        } else if connection.received.count > maxRequestBytes {
            connection.outgoing = Self.encode(Response(status: 431, text: "request header too large\n"), head: false)
        }
        return true
    }

    /// Writes what the socket takes; once all is out, shuts our side. False: failed (close it).
    private func send(_ connection: inout Connection, now: Double) -> Bool {
        guard let outgoing = connection.outgoing else { return true }
        let count = outgoing.withUnsafeBytes { bytes in
            Glibc.send(connection.fd, bytes.baseAddress! + connection.sent, bytes.count - connection.sent, Int32(MSG_NOSIGNAL))
        }
        if count < 0 { return errno == EAGAIN || errno == EINTR }
        connection.sent += count
        connection.lastProgress = now
        if connection.sent == outgoing.count {
            shutdown(connection.fd, Int32(SHUT_WR))
            connection.draining = true
        }
        return true
    }

    /// How long a connection whose response is out may keep sending before it is closed.
    private static let drainTimeout = 2.0

    /// Reads and drops what a client sends after its answer. False: it closed (or failed).
    private func drain(_ fd: Int32, buffer: inout [UInt8]) -> Bool {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 || (count < 0 && (errno == EAGAIN || errno == EINTR))
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    private static func isHead(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("HEAD ".utf8)) }

    /// The request line and the `Accept` header; nil when malformed.
    static func request(_ head: ArraySlice<UInt8>) -> Request? {
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = lines.first?.split(separator: " ", omittingEmptySubsequences: false) ?? []
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[0].isEmpty, parts[1].hasPrefix("/") else { return nil }
        let target = parts[1]
        let question = target.firstIndex(of: "?")
        var accept: String?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].lowercased() == "accept" {
                accept = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return Request(method: String(parts[0]), path: String(target[..<(question ?? target.endIndex)]),
                       query: question.map { String(target[target.index(after: $0)...]) }, accept: accept)
    }

    static func encode(_ response: Response, head: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        text += "Content-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\nConnection: close\r\n"
        for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + (head ? [] : response.body)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    private static func monotonicNow() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
