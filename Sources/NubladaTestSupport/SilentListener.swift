import Foundation
import NubladaStandIn
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 that accepts every connection and then never answers, or
/// answers only the first bytes of a reply and then goes quiet: the black-holed server (a dead
/// load balancer, a hung API server, a stalled transfer) that a client's deadlines must bound.
public final class SilentListener: Sendable {
    /// What the listener sends on each connection before it goes quiet (nothing by default).
    public let prefix: [UInt8]
    /// The port it listens on.
    public let port: Int
    private let listening: Int32
    private let state = Mutex<(accepted: [Int32], stopped: Bool)>(([], false))
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameter prefix: bytes written on every connection after the request head arrives
    ///   (e.g. a status line and headers, to make a transfer that stalls).
    public init(prefix: [UInt8] = []) throws {
        self.prefix = prefix
        let (socket, port) = try LoopbackSocket.listen(backlog: 64)
        listening = socket
        self.port = port
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "stand-in silent listener"
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// `127.0.0.1:PORT`, as clients name the host in their errors.
    public var hostLabel: String { "127.0.0.1:\(port)" }

    /// Connections accepted so far (each request attempt of a client makes one).
    public var acceptedCount: Int { state.withLock { $0.accepted.count } }

    /// Closes the listener and every connection it holds.
    public func stop() {
        let sockets: [Int32]? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.accepted
        }
        guard let sockets else { return }
        // shutdown wakes the thread blocked in accept, or in sending a prefix nobody reads.
        for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
        shutdown(listening, Int32(SHUT_RDWR))
        finished.wait()
        close(listening)
        for socket in sockets { close(socket) }
    }

    private func acceptLoop() {
        defer { finished.signal() }
        while true {
            let connection = accept(listening, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let keep = state.withLock { state in
                if !state.stopped { state.accepted.append(connection) }
                return !state.stopped
            }
            guard keep else {
                close(connection)
                return
            }
            if !prefix.isEmpty { answerPrefix(on: connection) }
        }
    }

    /// Reads the request head (up to its blank line, at most 64 KiB, waiting 5 s at most),
    /// then writes `prefix`.
    private func answerPrefix(on connection: Int32) {
        var wait = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let blankLine: [UInt8] = [13, 10, 13, 10]
        while received.count < 65536 {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            let searchFrom = max(0, received.count - 3)
            received += buffer[0..<count]
            if received.count >= 4, (searchFrom...(received.count - 4)).contains(where: { received[$0..<($0 + 4)].elementsEqual(blankLine) }) { break }
        }
        _ = prefix.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}

/// A TCP socket listening on 127.0.0.1 on a port of the system's choosing.
public enum LoopbackSocket {
    /// The listening socket and its port.
    public static func listen(backlog: Int32) throws -> (socket: Int32, port: Int) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw StandInError.startFailed("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(socket, backlog) == 0 else {
            close(socket)
            throw StandInError.startFailed("bind/listen on 127.0.0.1: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return (socket, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// A loopback port held bound but never listening: every connection to it is refused, and no
/// other program can take it while this lives (a stopped server's port could be taken again).
public final class RefusingPort: Sendable {
    public let port: Int
    private let socket: Int32

    public init() throws {
        let bound = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard bound >= 0 else { throw StandInError.startFailed("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(bound, $0, length) == 0 && getsockname(bound, $0, &length) == 0 }
        }
        guard named else {
            close(bound)
            throw StandInError.startFailed("bind on 127.0.0.1: errno \(errno)")
        }
        socket = bound
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }
}
