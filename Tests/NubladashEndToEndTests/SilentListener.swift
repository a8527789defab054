import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A server on 127.0.0.1 that accepts every connection and never answers: the black-holed
/// environment. Connections are held open (never read, never written) until `stop`.
final class SilentListener: Sendable {
    let port: Int
    private let listener: Int32
    private let held = Mutex<[Int32]>([])
    private let stopped = Mutex(false)

    init() throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw SilentListenerError(message: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let fd = listener
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            close(listener)
            throw SilentListenerError(message: "bind/listen: \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT`
    var url: String { "http://127.0.0.1:\(port)" }
    /// `127.0.0.1:PORT`, as messages name it.
    var host: String { "127.0.0.1:\(port)" }

    /// How many connections it has accepted.
    var accepted: Int { held.withLock { $0.count } }

    /// Stops accepting and closes what it holds (the clients then see the connection end).
    func stop() {
        guard !stopped.withLock({ let was = $0; $0 = true; return was }) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in held.withLock({ $0 }) { close(fd) }
    }

    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            held.withLock { $0.append(client) }
        }
        close(listener)
    }
}

struct SilentListenerError: Error {
    var message: String
}
