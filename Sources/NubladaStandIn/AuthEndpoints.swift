import Crypto
import _CryptoExtras
import Foundation
import Hummingbird
import NIOCore

/// What the stand-in's Google token endpoint and metadata server accept and issue.
public struct StandInAuthSettings: Sendable {
    /// The test service account (its key is made by the stand-in, see `serviceAccountKeyJSON`).
    public var clientEmail = "nubladash-reader@standin-project.iam.gserviceaccount.com"
    public var keyID = "standin-key-0001"
    /// The `authorized_user` credentials the refresh-token grant accepts.
    public var clientID = "standin-client.apps.googleusercontent.com"
    public var clientSecret = "standin-client-secret"
    public var refreshToken = "standin-refresh-token"
    /// Seconds an issued access token lives (`expires_in`); the registry refuses it afterwards.
    public var tokenLifetime = 3600
    /// Whether the metadata-server paths answer (404 otherwise).
    public var metadataServer = true

    public init() {}
}

/// The token side's state: settings and issued tokens.
package struct StandInAuthState: Sendable {
    var settings = StandInAuthSettings()
    var key: _RSA.Signing.PrivateKey?
    /// Issued access token → expiry (seconds since the epoch).
    package var issued: [String: Double] = [:]
}

/// The scopes a service-account assertion may ask for.
let standInAcceptedScopes: Set<String> = [
    "https://www.googleapis.com/auth/cloud-platform.read-only", "https://www.googleapis.com/auth/cloud-platform",
]

extension StandInServer {
    // MARK: Settings

    /// What the token endpoint accepts and issues; changes apply to the next request.
    public var authSettings: StandInAuthSettings {
        get { auth.withLock { $0.settings } }
        set { auth.withLock { $0.settings = newValue } }
    }

    /// `http://127.0.0.1:PORT/token`: the OAuth token endpoint on the registry listener.
    public var tokenURL: String { "\(registryURL)/token" }

    /// `127.0.0.1:PORT`: what `GCE_METADATA_HOST` should hold to use the stand-in's metadata server.
    public var metadataHost: String { String(registryURL.dropFirst("http://".count)) }

    // MARK: Credential files for clients

    /// The test service account's key (RSA 2048, made on first use).
    public func serviceAccountPrivateKey() -> _RSA.Signing.PrivateKey {
        auth.withLock { state in
            if let key = state.key { return key }
            // Generation fails only without entropy; a crash is the honest answer then.
            let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
            state.key = key
            return key
        }
    }

    /// A `service_account` key file for the test service account, pointing at this token
    /// endpoint; the key as PKCS#8 (as Google issues them) or PKCS#1.
    public func serviceAccountKeyJSON(pkcs1: Bool = false, tokenURI: String? = nil, quotaProject: String? = nil,
                                      key: _RSA.Signing.PrivateKey? = nil) -> String {
        let key = key ?? serviceAccountPrivateKey()
        let settings = authSettings
        var document: [String: String] = [
            "type": "service_account", "project_id": "standin-project", "private_key_id": settings.keyID,
            "private_key": pkcs1 ? key.pemRepresentation : key.pkcs8PEMRepresentation,
            "client_email": settings.clientEmail, "client_id": "1234567890",
            "token_uri": tokenURI ?? tokenURL,
        ]
        if let quotaProject { document["quota_project_id"] = quotaProject }
        return Self.jsonText(document)
    }

    /// An `authorized_user` file (as `gcloud auth application-default login` writes) for the
    /// refresh-token grant; `tokenURI` nil leaves token_uri out (Google's endpoint is then used).
    public func authorizedUserJSON(tokenURI: String?, quotaProject: String? = nil, refreshToken: String? = nil) -> String {
        let settings = authSettings
        var document: [String: String] = [
            "type": "authorized_user", "client_id": settings.clientID, "client_secret": settings.clientSecret,
            "refresh_token": refreshToken ?? settings.refreshToken,
        ]
        if let tokenURI { document["token_uri"] = tokenURI }
        if let quotaProject { document["quota_project_id"] = quotaProject }
        return Self.jsonText(document)
    }

    private static func jsonText(_ document: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Requests

    /// The token endpoint and metadata server on the registry listener, and the registry's
    /// acceptance of issued tokens. Returns a response for the auth paths, nil otherwise (after
    /// mapping an issued token to the registry's own token on `standInRequest`).
    func authRespond(to request: Request, _ standInRequest: inout StandInRequest) async -> Response? {
        let path = standInRequest.path
        if path == "/token" {
            guard request.method == .post else { return Self.oauthError(405, "invalid_request", "POST only") }
            let body = (try? await request.body.collect(upTo: 1 << 20)).map { String(buffer: $0) } ?? ""
            return tokenGrant(form: Self.parseForm(body))
        }
        if path.hasPrefix("/computeMetadata/") {
            return metadata(path: path, flavor: request.headers[.init("Metadata-Flavor")!])
        }
        let quota = request.headers[.init("x-goog-user-project")!]
        let now = Date().timeIntervalSince1970
        let bearer = standInRequest.authorization.flatMap { header -> String? in
            let parts = header.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        }
        tell(.quotaProject(quota))
        let valid = auth.withLock { state -> Bool in
            guard let bearer, let expiry = state.issued[bearer] else { return false }
            return now < expiry
        }
        if valid { standInRequest.authorization = "Bearer \(configuration.registryToken)" }
        return nil
    }

    private func metadata(path: String, flavor: String?) -> Response {
        guard authSettings.metadataServer else { return Self.plain(404, "not found") }
        guard flavor == "Google" else { return Self.plain(403, "Missing Metadata-Flavor: Google header.") }
        switch path {
        case "/computeMetadata/v1", "/computeMetadata/v1/":
            return Self.plain(200, "instance/\nproject/\n")
        case "/computeMetadata/v1/instance/service-accounts/default/token":
            return issue(.metadata)
        default:
            return Self.plain(404, "not found")
        }
    }

    private func tokenGrant(form: [String: String]) -> Response {
        switch form["grant_type"] {
        case "urn:ietf:params:oauth:grant-type:jwt-bearer":
            if let reason = verifyAssertion(form["assertion"] ?? "") {
                tell(.grantRejected(reason))
                return Self.oauthError(400, "invalid_grant", reason)
            }
            return issue(.serviceAccount)
        case "refresh_token":
            let settings = authSettings
            var reason: String?
            var status = 400, code = "invalid_grant"
            if form["client_id"] != settings.clientID || form["client_secret"] != settings.clientSecret {
                (reason, status, code) = ("The OAuth client was not found.", 401, "invalid_client")
            } else if form["refresh_token"] != settings.refreshToken {
                reason = "Token has been expired or revoked."
            }
            if let reason {
                tell(.grantRejected(reason))
                return Self.oauthError(status, code, reason)
            }
            return issue(.refreshToken)
        default:
            tell(.grantRejected("unsupported grant_type"))
            return Self.oauthError(400, "unsupported_grant_type", "Invalid grant_type.")
        }
    }

    /// Checks a service-account JWT as Google's endpoint does; the reason it is refused, or nil.
    func verifyAssertion(_ assertion: String) -> String? {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Self.base64URL(parts[0]), let claimsData = Self.base64URL(parts[1]),
              let signature = Self.base64URL(parts[2]),
              let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
              let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any] else {
            return "Invalid JWT: not three base64url JSON parts."
        }
        let settings = authSettings
        guard header["alg"] as? String == "RS256" else { return "Invalid JWT: alg must be RS256." }
        if let kid = header["kid"] as? String, kid != settings.keyID { return "Invalid JWT: unknown kid." }
        let publicKey = serviceAccountPrivateKey().publicKey
        let signingInput = Data((parts[0] + "." + parts[1]).utf8)
        guard publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature),
                                         for: SHA256.hash(data: signingInput), padding: .insecurePKCS1v1_5) else {
            return "Invalid JWT Signature."
        }
        guard claims["iss"] as? String == settings.clientEmail else { return "Invalid JWT: iss is not the service account." }
        guard claims["aud"] as? String == tokenURL else { return "Invalid JWT: aud is not the token URI." }
        guard let scope = claims["scope"] as? String,
              !Set(scope.split(separator: " ").map(String.init)).isDisjoint(with: standInAcceptedScopes) else {
            return "Invalid JWT: scope missing or not cloud-platform."
        }
        guard let iat = (claims["iat"] as? NSNumber)?.doubleValue, let exp = (claims["exp"] as? NSNumber)?.doubleValue else {
            return "Invalid JWT: iat and exp must be numbers."
        }
        let now = Date().timeIntervalSince1970
        guard exp > iat, exp - iat <= 3600 else { return "Invalid JWT: exp must be at most an hour after iat." }
        guard iat <= now + 300 else { return "Invalid JWT: iat is in the future (check the clock)." }
        guard exp > now else { return "Invalid JWT: the assertion has expired (check the clock)." }
        return nil
    }

    /// Issues an access token obtained by `grant`.
    private func issue(_ grant: StandInGrant) -> Response {
        let token = "ya29.standin-" + UUID().uuidString
        let lifetime = authSettings.tokenLifetime
        auth.withLock { $0.issued[token] = Date().timeIntervalSince1970 + Double(lifetime) }
        tell(.accessTokenIssued(grant))
        let body = "{\"access_token\":\"\(token)\",\"expires_in\":\(lifetime),\"token_type\":\"Bearer\"}"
        return Self.response(200, body, contentType: "application/json")
    }

    static func parseForm(_ body: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let name = halves.first, result[name] == nil { result[name] = halves.count > 1 ? halves[1] : "" }
        }
        return result
    }

    static func base64URL(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    private static func oauthError(_ status: Int, _ code: String, _ description: String) -> Response {
        let document = ["error": code, "error_description": description]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        return response(status, String(decoding: data, as: UTF8.self), contentType: "application/json")
    }

    private static func plain(_ status: Int, _ text: String) -> Response {
        response(status, text, contentType: "application/text")
    }

    private static func response(_ status: Int, _ body: String, contentType: String) -> Response {
        var buffer = ByteBufferAllocator().buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        return Response(
            status: HTTPResponse.Status(code: status, reasonPhrase: StandInReply.reasonPhrase(status)),
            headers: [.contentType: contentType, .init("Metadata-Flavor")!: "Google"],
            body: ResponseBody(byteBuffer: buffer))
    }
}
