import Foundation

/// A ready token from `GOOGLE_OAUTH_ACCESS_TOKEN`.
public struct StaticAccessToken: AccessTokenProvider {
    private let value: String
    public let sourceDescription: String

    public init(_ value: String, source: String) {
        self.value = value
        self.sourceDescription = source
    }

    public func token() throws -> String { value }
    public func invalidate() {}
}

/// Tokens from the GCE/GKE metadata server (`GCE_METADATA_HOST` overrides its address).
public final class MetadataServerTokens: AccessTokenProvider, Sendable {
    private let host: String
    private let http: CurlHTTPClient
    private let cache: CachedToken

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, http: CurlHTTPClient = CurlHTTPClient(),
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        host = environment["GCE_METADATA_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "metadata.google.internal"
        self.http = http
        cache = CachedToken(now: now)
    }

    public var sourceDescription: String { "metadata server \(host)" }

    /// Whether a metadata server answers here (a short probe).
    public func isAvailable() -> Bool {
        var request = HTTPRequest(url: "http://\(host)/computeMetadata/v1/")
        request.headers = [("Metadata-Flavor", "Google")]
        request.proxy = .direct
        request.timeout = 1.5
        request.connectTimeout = 1
        guard let response = try? http.send(request) else { return false }
        return response.status == 200
    }

    public func token() throws -> String {
        try cache.get {
            var request = HTTPRequest(url: "http://\(host)/computeMetadata/v1/instance/service-accounts/default/token")
            request.headers = [("Metadata-Flavor", "Google")]
            request.proxy = .direct
            request.timeout = 5
            request.connectTimeout = 2
            let response: HTTPResponse
            do { response = try http.send(request) } catch {
                throw CredentialError("metadata server \(host): \(error); off GCE/GKE, unset GCE_METADATA_HOST and use another credential")
            }
            guard response.status == 200 else {
                throw CredentialError("metadata server \(host) answered HTTP \(response.status) for the access token; check that the node or pod has a service account (GKE: Workload Identity binding)")
            }
            return try OAuthTokenResponse.parse(response.body, source: "metadata server \(host)")
        }
    }

    public func invalidate() { cache.invalidate() }
}

/// Tokens from `gcloud auth print-access-token`, run directly (no shell).
public final class GcloudTokens: AccessTokenProvider, Sendable {
    private let executable: String
    private let cache = CachedToken()
    public let sourceDescription = "gcloud auth print-access-token"

    public init(executable: String) {
        self.executable = executable
    }

    /// `gcloud` on the PATH, if any.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        ExecutableSearch.find("gcloud", environment: environment)
    }

    public func token() throws -> String {
        try cache.get {
            let result = try RunCommand.run(executable, ["auth", "print-access-token"])
            guard result.status == 0 else {
                let why = result.errorMessage ?? "exit \(result.status)"
                throw CredentialError("gcloud auth print-access-token failed: \(why)")
            }
            let token = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw CredentialError("gcloud auth print-access-token printed no token") }
            // gcloud does not say how long the token lives; its tokens last an hour.
            return (token, 3300)
        }
    }

    public func invalidate() { cache.invalidate() }
}

/// The `{"access_token": …, "expires_in": …}` answer of an OAuth token endpoint.
enum OAuthTokenResponse {
    struct Body: Decodable {
        var access_token: String?
        var expires_in: Double?
    }

    static func parse(_ data: Data, source: String) throws -> (String, Double) {
        guard let body = try? JSONDecoder().decode(Body.self, from: data), let token = body.access_token, !token.isEmpty else {
            throw CredentialError("\(source): the answer holds no access_token")
        }
        return (token, body.expires_in ?? 3600)
    }
}
