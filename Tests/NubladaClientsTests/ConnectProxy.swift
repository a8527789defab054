import Foundation
import NubladaStandIn
import NubladaTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP CONNECT proxy on 127.0.0.1 for tests: answers `CONNECT host:port`, then
/// tunnels bytes both ways. Records each target and the `Proxy-Authorization` it was given;
/// with `credentials` ("user:password") anything else gets 407.
final class ConnectProxy: @unchecked Sendable {
    private(set) var port = 0
    private let listener: Int32
    private let credentials: String?
    private let lock = NSLock()
    private var connectLines: [String] = []

    init(credentials: String? = nil) throws {
        self.credentials = credentials
        do {
            (listener, port) = try LoopbackSocket.listen(backlog: 16)
        } catch {
            throw ProxyError("\(error)")
        }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The request lines received (`CONNECT 127.0.0.1:6443 HTTP/1.1`).
    var requests: [String] {
        lock.lock()
        defer { lock.unlock() }
        return connectLines
    }

    /// Stops accepting (tunnels already open run to their end).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            Thread { [self] in serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        var head = Data()
        var byte = [UInt8](repeating: 0, count: 1)
        while !head.ends(with: "\r\n\r\n") && head.count < 16_384 {
            guard read(client, &byte, 1) == 1 else { close(client); return }
            head.append(byte[0])
        }
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first ?? ""
        lock.lock()
        connectLines.append(requestLine)
        lock.unlock()
        let authorization = lines.first { $0.lowercased().hasPrefix("proxy-authorization:") }
            .map { $0.dropFirst("proxy-authorization:".count).trimmingCharacters(in: .whitespaces) }
        if let credentials, authorization != "Basic " + Data(credentials.utf8).base64EncodedString() {
            send(client, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
            close(client)
            return
        }
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[0] == "CONNECT", let colon = parts[1].lastIndex(of: ":"),
              let targetPort = UInt16(parts[1][parts[1].index(after: colon)...]) else {
            send(client, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            close(client)
            return
        }
        let target = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")  // tests only tunnel to loopback
        address.sin_port = targetPort.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(target, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            send(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            close(client)
            close(target)
            return
        }
        send(client, "HTTP/1.1 200 Connection established\r\n\r\n")
        let done = DispatchGroup()
        for (from, to) in [(client, target), (target, client)] {
            done.enter()
            Thread {
                var buffer = [UInt8](repeating: 0, count: 32 * 1024)
                while true {
                    let count = read(from, &buffer, buffer.count)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { break }
                    var offset = 0
                    while offset < count {
                        let written = buffer[offset..<count].withUnsafeBytes { Glibc.send(to, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                        if written <= 0 { break }
                        offset += written
                    }
                    if offset < count { break }
                }
                shutdown(to, Int32(SHUT_WR))
                done.leave()
            }.start()
        }
        done.wait()
        close(client)
        close(target)
    }

    private func send(_ socket: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    struct ProxyError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

private extension Data {
    func ends(with text: String) -> Bool { count >= text.utf8.count && suffix(text.utf8.count).elementsEqual(text.utf8) }
}
