import Foundation

/// TLS settings for one request; verification is on unless `insecureSkipVerify`.
public struct TLSOptions: Sendable, Hashable {
    /// PEM bundle of the certificate authorities to trust (instead of the system's).
    public var certificateAuthorityPEM: Data?
    /// Skip server certificate verification (only when a kubeconfig says so).
    public var insecureSkipVerify = false
    /// Client certificate and key (PEM) for mutual TLS.
    public var clientCertificatePEM: Data?
    public var clientKeyPEM: Data?
    /// Name to verify the server certificate against, instead of the URL's host.
    public var serverName: String?

    public init() {}
}

/// One HTTP request.
public struct HTTPRequest: Sendable {
    public var url: String
    /// `GET`, `POST`, …; `HEAD` reads headers only.
    public var method = "GET"
    /// Extra headers; `Accept: application/json` is added unless one names `Accept`.
    public var headers: [(name: String, value: String)] = []
    public var body: Data?
    /// Whole-request timeout, seconds.
    public var timeout: Double = 30
    public var connectTimeout: Double = 10
    /// Give up when no byte of the answer has come this many seconds after the request started.
    public var firstByteTimeout: Double?
    /// Give up when no byte has arrived for this many seconds: a stalled transfer, or an idle
    /// stream (a watch; before its first byte too when `firstByteTimeout` is nil).
    public var idleTimeout: Double?
    /// The side's deadline the request belongs to: it gets the least of the time left and
    /// `timeout`, and is not sent once the deadline has passed.
    public var deadline: Deadline?
    public var tls = TLSOptions()
    /// Which proxy, if any, carries the request.
    public var proxy = ProxyChoice.environment
    /// The request carries a secret (a bearer token, basic credentials, a client key): refuse
    /// to send it over plain http except to loopback.
    public var carriesCredentials = false

    public init(url: String) {
        self.url = url
    }

    /// Adds `Authorization: Bearer …` and marks the request as carrying credentials.
    public mutating func authorize(bearer token: String) {
        headers.append(("Authorization", "Bearer \(token)"))
        carriesCredentials = true
    }
}

/// Which proxy carries a request.
public enum ProxyChoice: Sendable, Equatable {
    /// As kubectl and gcloud do: `https_proxy`/`HTTPS_PROXY` (`http_proxy` for http) unless
    /// `no_proxy`/`NO_PROXY` names the host; never for a loopback host.
    case environment
    /// No proxy (the metadata server, which is only reachable directly).
    case direct
    /// This proxy (a kubeconfig's `proxy-url`: `http://[user:password@]host:port`, `socks5://…`).
    case url(String)

    /// What libcurl's CURLOPT_PROXY gets for a request to `host`: a URL, "" (no proxy, and
    /// no environment either), or nil (libcurl's default: the environment variables).
    func curlOption(host: String) -> String? {
        switch self {
        case .url(let url): return url
        case .direct: return ""
        case .environment: return isLoopback(host: host) ? "" : nil
        }
    }

    /// The proxy for messages: the URL without its credentials.
    public var displayName: String? {
        guard case .url(let url) = self else { return nil }
        return ProxyChoice.redacted(url)
    }

    /// `scheme://user:password@host:port` → `scheme://host:port`.
    public static func redacted(_ url: String) -> String {
        let authorityStart = url.range(of: "://")?.upperBound ?? url.startIndex
        let authorityEnd = url[authorityStart...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
        guard let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<authorityStart]) + String(url[url.index(after: at)...])
    }
}

/// The answer to a request: status, headers and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: Data
    /// The response's headers in the order received (names as the server spelled them).
    public var headers: [(name: String, value: String)] = []

    /// The first header of this name (compared without case), nil when absent.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every header of this name (compared without case), in the order received.
    public func headers(named name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}

/// Why a request got no HTTP answer.
public enum HTTPError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)
    /// Refused: a secret would have gone over plain http to a host that is not loopback.
    case insecureCredentials(host: String)
    case resolve(host: String, detail: String)
    case connect(host: String, detail: String)
    case tls(host: String, detail: String)
    /// The request's own whole-request timeout ran out.
    case timeout(host: String, seconds: Double)
    /// No connection (TCP, proxy and TLS handshake included) within the connect timeout.
    case connectTimeout(host: String, seconds: Double)
    /// Connected, but no byte of an answer within the first-byte timeout.
    case noFirstByte(host: String, seconds: Double)
    /// The answer began, then no byte came for the idle timeout.
    case stalled(host: String, seconds: Double)
    /// The side's deadline passed (`budget` names it) before the request was sent or while
    /// it was `phase` (connecting, waiting for the first byte, receiving the answer).
    case budgetSpent(host: String, budget: String, phase: String)
    case tooLarge(host: String, limit: Int)
    case transfer(host: String, detail: String)

    public var description: String {
        switch self {
        case .invalidURL(let url): return "malformed URL \"\(url)\""
        case .insecureCredentials(let host):
            return "refusing to send credentials to \(host) over plain http (use https, or a loopback address)"
        case .resolve(let host, let detail): return "cannot resolve \(host): \(detail)"
        case .connect(let host, let detail): return "cannot connect to \(host): \(detail)"
        case .tls(let host, let detail): return "TLS failure with \(host): \(detail)"
        case .timeout(let host, let seconds): return "\(host) did not answer within \(Self.seconds(seconds))"
        case .connectTimeout(let host, let seconds):
            return "cannot connect to \(host): connect timed out after \(Self.seconds(seconds)) (no connection, or no TLS handshake)"
        case .noFirstByte(let host, let seconds):
            return "\(host) accepted the connection but sent no answer within \(Self.seconds(seconds)) (timed out waiting for the first byte)"
        case .stalled(let host, let seconds):
            return "the answer from \(host) stopped: nothing for \(Self.seconds(seconds)) (transfer stalled)"
        case .budgetSpent(let host, let budget, let phase): return "\(host): \(budget) ran out \(phase)"
        case .tooLarge(let host, let limit): return "answer from \(host) exceeds \(limit / 1_048_576) MiB"
        case .transfer(let host, let detail): return "transfer from \(host) failed: \(detail)"
        }
    }

    /// Connection-level failures that a retry may cure.
    public var isTransient: Bool {
        switch self {
        case .connect, .timeout, .connectTimeout, .noFirstByte, .stalled, .transfer, .resolve: return true
        default: return false
        }
    }

    /// "60 s", "1.5 s".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

/// Whether `host` is a loopback address (where plain http may carry credentials).
func isLoopback(host: String) -> Bool {
    let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    if bare == "localhost" || bare == "::1" || bare.hasSuffix(".localhost") { return true }
    let parts = bare.split(separator: ".")
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
}
