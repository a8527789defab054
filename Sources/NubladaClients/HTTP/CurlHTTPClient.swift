import CCurl
import Foundation
import Synchronization

/// The one HTTP client of nubladash, on libcurl: a timeout on every request (and, for a
/// side's requests, bounds on connecting, on the first byte and on a stalled transfer, within
/// the side's deadline), no signals, TLS verification on unless asked otherwise, credentials
/// never over plain http except to loopback, and errors that say which host and what failed
/// or timed out.
///
/// A client keeps one libcurl handle (and so its connections) and serializes its requests.
public final class CurlHTTPClient: Sendable {
    /// Largest body accepted, to keep memory bounded against a misbehaving server.
    public static let maximumBodyBytes = 1 << 30

    /// The libcurl handle, created on first use; held for the length of a request.
    private let handle = Mutex(CurlHandle())

    /// A libcurl easy handle: C state that one thread at a time may use.
    // Unchecked: only the thread holding the mutex above uses it (a request's C calls mix it with non-Sendable state).
    private struct CurlHandle: @unchecked Sendable {
        var curl: UnsafeMutableRawPointer?
    }

    private static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    public init() {
        _ = CurlHTTPClient.globalInit
    }

    deinit {
        handle.withLock { if let curl = $0.curl { curl_easy_cleanup(curl) } }
    }

    /// Sends a request and returns the response, whatever its status.
    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        try run(request, sink: BodySink(limit: CurlHTTPClient.maximumBodyBytes, request: request))
    }

    /// Sends a request whose answer is a long-lived stream (a Kubernetes watch): every chunk of
    /// the body goes to `onChunk` as it arrives, and `shouldStop` (asked about once a second,
    /// also while the connection is idle, and before each chunk) ends the stream early.
    /// Returns the HTTP status.
    public func stream(_ request: HTTPRequest, shouldStop: @escaping () -> Bool,
                       onChunk: @escaping (UnsafeRawBufferPointer) -> Void) throws -> Int {
        let sink = BodySink(limit: CurlHTTPClient.maximumBodyBytes, request: request)
        sink.onChunk = onChunk
        sink.shouldStop = shouldStop
        do {
            return try run(request, sink: sink).status
        } catch HTTPError.transfer where sink.stopped {
            return sink.status
        }
    }

    private func run(_ request: HTTPRequest, sink: BodySink) throws -> HTTPResponse {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw HTTPError.invalidURL(request.url)
        }
        var hostLabel = url.port.map { "\(host):\($0)" } ?? host
        if let proxy = request.proxy.displayName { hostLabel += " (through proxy \(proxy))" }
        if request.carriesCredentials && scheme == "http" && !isLoopback(host: host) {
            throw HTTPError.insecureCredentials(host: hostLabel)
        }
        return try handle.withLock { handle in
            // The time left is read once the connection is ours (another request may have held it).
            let waits = try Waits(request, host: hostLabel)
            if handle.curl == nil { handle.curl = curl_easy_init() }
            guard let curl = handle.curl else { throw HTTPError.transfer(host: hostLabel, detail: "libcurl did not start") }
            curl_easy_reset(curl)
            return try perform(curl, request, waits, proxy: request.proxy.curlOption(host: host), hostLabel: hostLabel, sink: sink)
        }
    }

    private func perform(_ curl: UnsafeMutableRawPointer, _ request: HTTPRequest, _ waits: Waits, proxy: String?,
                         hostLabel: String, sink: BodySink) throws -> HTTPResponse {
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }
        sink.curl = curl
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        // tls-server-name: libcurl 7.88 cannot set SNI apart from the URL's host, so ask for
        // https://<server name>:<port> and connect to the real host (CURLOPT_CONNECT_TO): SNI and
        // certificate verification use the server name, the connection goes where the URL said.
        let (url, connectTo) = ServerNameOverride.apply(request)
        var connectList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(connectList) }
        if let connectTo { connectList = curl_slist_append(nil, connectTo) }

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            nd_setopt_string(curl, CURLOPT_URL, url)
            if let connectList { nd_setopt_slist(curl, CURLOPT_CONNECT_TO, connectList) }
            nd_setopt_long(curl, CURLOPT_NOSIGNAL, 1)
            nd_setopt_long(curl, CURLOPT_TIMEOUT_MS, max(1, Int(waits.total * 1000)))
            nd_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(min(request.connectTimeout, waits.total) * 1000)))
            nd_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 0)
            nd_setopt_string(curl, CURLOPT_ACCEPT_ENCODING, "")
            // Large reads: a 10,000-node list is 100+ MB in 500-node pages (16 KiB by default).
            nd_setopt_long(curl, CURLOPT_BUFFERSIZE, 256 * 1024)
            nd_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errors.baseAddress)
            nd_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
            nd_setopt_write_function(curl) { data, size, count, context in
                let sink = Unmanaged<BodySink>.fromOpaque(context!).takeUnretainedValue()
                return sink.append(data!, size * count) ? size * count : 0
            }
            nd_setopt_pointer(curl, CURLOPT_WRITEDATA, sinkPointer.toOpaque())
            nd_setopt_header_function(curl, { data, size, count, context in
                let sink = Unmanaged<BodySink>.fromOpaque(context!).takeUnretainedValue()
                sink.headerLine(data!, size * count)
                return size * count
            }, sinkPointer.toOpaque())
            // The first-byte and stall bounds are kept here, by the clock, rather than with
            // libcurl's low-speed limit: the reason a transfer was given up is then known exactly.
            if sink.shouldStop != nil || sink.clock.watchesBytes {
                nd_setopt_xferinfo(curl, { context, _, _, _, _ in
                    let sink = Unmanaged<BodySink>.fromOpaque(context!).takeUnretainedValue()
                    return sink.checkStop() || sink.boundRanOut() ? 1 : 0
                }, sinkPointer.toOpaque())
            }
            if request.method == "HEAD" {
                nd_setopt_long(curl, CURLOPT_NOBODY, 1)
            } else if request.method != "GET" {
                nd_setopt_string(curl, CURLOPT_CUSTOMREQUEST, request.method)
            }
            if let body = request.body {
                nd_setopt_long(curl, CURLOPT_POSTFIELDSIZE_LARGE, body.count)
                nd_setopt_long(curl, CURLOPT_POST, 1)
                body.withUnsafeBytes { bytes in
                    _ = nd_setopt_pointer(curl, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
            }
            for header in request.headers {
                headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
            }
            if !request.headers.contains(where: { $0.name.lowercased() == "accept" }) {
                headerList = curl_slist_append(headerList, "Accept: application/json")
            }
            nd_setopt_slist(curl, CURLOPT_HTTPHEADER, headerList)
            applyTLS(curl, request.tls)
            // Unset (after curl_easy_reset above), libcurl reads the proxy environment variables.
            if let proxy { nd_setopt_string(curl, CURLOPT_PROXY, proxy) }
            sink.clock.start()
            return curl_easy_perform(curl)
        }
        if sink.shouldStop != nil {
            var status = 0
            nd_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
            sink.status = status
        }
        if code != CURLE_OK {
            if sink.overflowed { throw HTTPError.tooLarge(host: hostLabel, limit: CurlHTTPClient.maximumBodyBytes) }
            if !sink.stopped, let ranOut = sink.clock.ranOut {
                throw ranOut == .firstByte ? HTTPError.noFirstByte(host: hostLabel, seconds: sink.clock.firstByteLimit ?? 0)
                    : HTTPError.stalled(host: hostLabel, seconds: sink.clock.idleLimit ?? 0)
            }
            if code == CURLE_OPERATION_TIMEDOUT {
                var pretransfer: curl_off_t = 0
                nd_getinfo_off_t(curl, CURLINFO_PRETRANSFER_TIME_T, &pretransfer)
                throw waits.timeout(connected: pretransfer > 0 || sink.clock.receivedAny, receivedAny: sink.clock.receivedAny)
            }
            let message = errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let detail = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CurlHTTPClient.error(for: code, host: hostLabel,
                                       detail: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail,
                                       timeout: request.timeout)
        }
        var status = 0
        nd_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, body: sink.data, headers: sink.headers)
    }

    private func applyTLS(_ curl: UnsafeMutableRawPointer, _ tls: TLSOptions) {
        nd_setopt_long(curl, CURLOPT_SSL_VERIFYPEER, tls.insecureSkipVerify ? 0 : 1)
        nd_setopt_long(curl, CURLOPT_SSL_VERIFYHOST, tls.insecureSkipVerify ? 0 : 2)
        if let ca = tls.certificateAuthorityPEM {
            ca.withUnsafeBytes { _ = nd_setopt_blob(curl, CURLOPT_CAINFO_BLOB, $0.baseAddress, $0.count) }
        }
        if let cert = tls.clientCertificatePEM, let key = tls.clientKeyPEM {
            nd_setopt_string(curl, CURLOPT_SSLCERTTYPE, "PEM")
            cert.withUnsafeBytes { _ = nd_setopt_blob(curl, CURLOPT_SSLCERT_BLOB, $0.baseAddress, $0.count) }
            nd_setopt_string(curl, CURLOPT_SSLKEYTYPE, "PEM")
            key.withUnsafeBytes { _ = nd_setopt_blob(curl, CURLOPT_SSLKEY_BLOB, $0.baseAddress, $0.count) }
        }
    }

    static func error(for code: CURLcode, host: String, detail: String, timeout: Double) -> HTTPError {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .resolve(host: host, detail: detail)
        case CURLE_COULDNT_CONNECT: return .connect(host: host, detail: detail)
        case CURLE_OPERATION_TIMEDOUT: return .timeout(host: host, seconds: timeout)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return .tls(host: host, detail: detail)
        default: return .transfer(host: host, detail: detail)
        }
    }
}

/// The URL and `CURLOPT_CONNECT_TO` entry that make libcurl verify (and send as SNI) the
/// request's `tls.serverName` while connecting to the URL's own host and port.
enum ServerNameOverride {
    static func apply(_ request: HTTPRequest) -> (url: String, connectTo: String?) {
        guard let name = request.tls.serverName?.trimmingCharacters(in: .whitespaces), !name.isEmpty,
              var components = URLComponents(string: request.url), components.scheme?.lowercased() == "https",
              let host = components.host, !host.isEmpty, host.lowercased() != name.lowercased() else {
            return (request.url, nil)
        }
        let port = components.port ?? 443
        let realHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        components.host = name
        components.port = port
        guard let url = components.string else { return (request.url, nil) }
        return (url, "\(name):\(port):\(realHost):\(port)")
    }
}

/// How long one request may take: its own timeout or, when less, the time its side's
/// deadline leaves; and which of the two a timeout then was.
private struct Waits {
    let host: String
    /// Seconds for the whole request.
    let total: Double
    let connect: Double
    let ownTimeout: Double
    /// The side's deadline set `total` (it was less than the request's own timeout).
    let budget: String?

    /// Throws when the request's deadline has already passed.
    init(_ request: HTTPRequest, host: String) throws {
        self.host = host
        connect = request.connectTimeout
        ownTimeout = request.timeout
        if let deadline = request.deadline {
            let remaining = deadline.remaining
            guard remaining > 0 else {
                throw HTTPError.budgetSpent(host: host, budget: deadline.budgetName, phase: "before the request was sent")
            }
            (total, budget) = remaining < request.timeout ? (remaining, deadline.budgetName) : (request.timeout, nil)
        } else {
            (total, budget) = (request.timeout, nil)
        }
    }

    /// What a libcurl timeout (the connect timeout or the whole request's) was.
    func timeout(connected: Bool, receivedAny: Bool) -> HTTPError {
        if !connected && connect < total { return .connectTimeout(host: host, seconds: connect) }
        guard let budget else { return .timeout(host: host, seconds: ownTimeout) }
        let phase = !connected ? "while connecting" : receivedAny ? "while receiving the answer" : "while waiting for the first byte"
        return .budgetSpent(host: host, budget: budget, phase: phase)
    }
}

/// The first-byte and stall bounds of one transfer, on the monotonic clock: when the last byte
/// came, and whether a bound has run out (asked by the progress callback about once a second).
/// Both count from the moment the request went out: until then the connect timeout applies.
private struct TransferClock {
    enum Bound { case firstByte, stall }

    let firstByteLimit: Double?
    let idleLimit: Double?
    private var started = Deadline.now()
    private var lastByte: UInt64
    private(set) var receivedAny = false
    /// The bound that ended the transfer, if one did.
    private(set) var ranOut: Bound?

    init(firstByte: Double?, idle: Double?) {
        firstByteLimit = firstByte
        idleLimit = idle
        lastByte = started
    }

    /// Whether a bound is kept at all.
    var watchesBytes: Bool { firstByteLimit != nil || idleLimit != nil }

    /// Counts from now (the transfer starts; the connection may have been waited for).
    mutating func start() {
        started = Deadline.now()
        lastByte = started
    }

    mutating func byteArrived() {
        receivedAny = true
        lastByte = Deadline.now()
    }

    /// Whether the first byte is overdue, or the answer has stalled; remembers which.
    /// `sentAfter` is the seconds from the start to the request going out, nil while connecting.
    mutating func hasRunOut(sentAfter: Double?) -> Bool {
        guard let sentAfter else { return false }
        let now = Deadline.now()
        if !receivedAny, let limit = firstByteLimit ?? idleLimit, Double(now - started) / 1e9 - sentAfter > limit {
            ranOut = firstByteLimit != nil ? .firstByte : .stall
        } else if receivedAny, let limit = idleLimit, Double(now - lastByte) / 1e9 > limit {
            ranOut = .stall
        }
        return ranOut != nil
    }
}

/// Collects a response body, up to a limit.
private final class BodySink {
    var data = Data()
    let limit: Int
    var overflowed = false
    /// Streaming: chunks go here instead of `data`.
    var onChunk: ((UnsafeRawBufferPointer) -> Void)?
    var shouldStop: (() -> Bool)?
    /// The stream was ended by `shouldStop`.
    var stopped = false
    var status = 0
    /// The headers of the last response received (a redirect's or a 100's are dropped).
    var headers: [(name: String, value: String)] = []
    /// The request's first-byte and stall bounds.
    var clock: TransferClock
    /// The libcurl handle of the transfer, to ask when the request went out.
    var curl: UnsafeMutableRawPointer?

    init(limit: Int, request: HTTPRequest) {
        self.limit = limit
        clock = TransferClock(firstByte: request.firstByteTimeout, idle: request.idleTimeout)
    }

    func headerLine(_ bytes: UnsafeMutablePointer<CChar>, _ count: Int) {
        clock.byteArrived()
        let line = String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = []
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespacesAndNewlines)
        headers.append((name, value))
        // The body's room at once, not by doubling (megabytes of node list a page).
        if onChunk == nil, name.lowercased() == "content-length", let length = Int(value), length > 0, length <= limit {
            data.reserveCapacity(length)
        }
    }

    /// Whether the first-byte or stall bound has run out (from the progress callback).
    func boundRanOut() -> Bool {
        guard clock.watchesBytes, let curl else { return false }
        var sent: curl_off_t = 0
        nd_getinfo_off_t(curl, CURLINFO_PRETRANSFER_TIME_T, &sent)
        return clock.hasRunOut(sentAfter: sent > 0 ? Double(sent) / 1e6 : nil)
    }

    func checkStop() -> Bool {
        if shouldStop?() == true { stopped = true }
        return stopped
    }

    func append(_ bytes: UnsafeMutablePointer<CChar>, _ count: Int) -> Bool {
        clock.byteArrived()
        if let onChunk {
            if checkStop() { return false }
            onChunk(UnsafeRawBufferPointer(start: bytes, count: count))
            return true
        }
        if data.count + count > limit {
            overflowed = true
            return false
        }
        data.append(UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: count)
        return true
    }
}
