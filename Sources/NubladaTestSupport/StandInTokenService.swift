import Crypto
import _CryptoExtras
import Foundation
import NubladaStandIn
import Synchronization

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

/// The scopes a service-account assertion may ask for.
let standInAcceptedScopes: Set<String> = [
    "https://www.googleapis.com/auth/cloud-platform.read-only", "https://www.googleapis.com/auth/cloud-platform",
]

extension StandInServer {
    // MARK: Settings

    /// The Google token endpoint and metadata server of a stand-in made with fault switches.
    public var tokenService: StandInTokenService {
        guard let service = filter(StandInTokenService.self) else {
            preconditionFailure("this stand-in has no token service: make it with StandInServer(_:faults:)")
        }
        return service
    }

    /// What the token endpoint accepts and issues; changes apply to the next request.
    public var authSettings: StandInAuthSettings {
        get { tokenService.state.withLock { $0.settings } }
        set { tokenService.state.withLock { $0.settings = newValue } }
    }

    /// `http://127.0.0.1:PORT/token`: the OAuth token endpoint on the registry listener.
    public var tokenURL: String { "\(registryURL)/token" }

    /// `127.0.0.1:PORT`: what `GCE_METADATA_HOST` should hold to use the stand-in's metadata server.
    public var metadataHost: String { String(registryURL.dropFirst("http://".count)) }

    // MARK: Credential files for clients

    /// The test service account's key (RSA 2048, made on first use).
    public func serviceAccountPrivateKey() -> _RSA.Signing.PrivateKey { tokenService.serviceAccountPrivateKey() }

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

    static func jsonText(_ document: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

}

/// The Google OAuth token endpoint and metadata server on a stand-in's registry listener, for
/// the credential tests: a request filter that answers `/token` and `/computeMetadata/…`,
/// takes the access tokens it issued as the registry's own, and keeps what it did.
public final class StandInTokenService: StandInRequestFilter {
    struct State {
        var settings = StandInAuthSettings()
        var key: _RSA.Signing.PrivateKey?
        /// Issued access token → expiry (seconds since the epoch).
        var issued: [String: Double] = [:]
        var grants: [Grant: Int] = [:]
        var rejectedGrants = 0
        var lastRejection: String?
        var lastQuotaProject: String?
    }

    /// How an access token was obtained.
    enum Grant: Hashable {
        case serviceAccount, refreshToken, metadata
    }

    let state = Mutex(State())

    public init() {}

    /// The test service account's key (RSA 2048, made on first use).
    func serviceAccountPrivateKey() -> _RSA.Signing.PrivateKey {
        state.withLock { state in
            if let key = state.key { return key }
            // Generation fails only without entropy; a crash is the honest answer then.
            let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
            state.key = key
            return key
        }
    }

    // MARK: Requests

    /// The token endpoint and metadata server on the registry listener, and the registry's
    /// acceptance of issued tokens: an answer for the token paths; for any other registry
    /// request, the listener's own authorization when it carries a token issued here.
    public func intercept(_ request: StandInIncoming) async -> StandInInterception? {
        guard request.side == .registry else { return nil }
        let path = request.path
        if path == "/token" {
            guard request.method == "POST" else { return .answer(Self.oauthError(405, "invalid_request", "POST only")) }
            let body = await request.body()
            return .answer(tokenGrant(form: StandInServer.parseForm(body), tokenURL: request.baseURL + "/token"))
        }
        if path.hasPrefix("/computeMetadata/") {
            return .answer(metadata(path: path, flavor: request.headers["metadata-flavor"]))
        }
        let quota = request.headers["x-goog-user-project"]
        let now = Date().timeIntervalSince1970
        let bearer = request.headers["authorization"].flatMap { header -> String? in
            let parts = header.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        }
        let valid = state.withLock { state -> Bool in
            state.lastQuotaProject = quota
            guard let bearer, let expiry = state.issued[bearer] else { return false }
            return now < expiry
        }
        return valid ? .authorizeAsListener : nil
    }

    private func metadata(path: String, flavor: String?) -> StandInFilterAnswer {
        guard state.withLock({ $0.settings.metadataServer }) else { return Self.plain(404, "not found") }
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

    private func tokenGrant(form: [String: String], tokenURL: String) -> StandInFilterAnswer {
        switch form["grant_type"] {
        case "urn:ietf:params:oauth:grant-type:jwt-bearer":
            if let reason = verifyAssertion(form["assertion"] ?? "", tokenURL: tokenURL) {
                reject(reason)
                return Self.oauthError(400, "invalid_grant", reason)
            }
            return issue(.serviceAccount)
        case "refresh_token":
            let settings = state.withLock { $0.settings }
            var reason: String?
            var status = 400, code = "invalid_grant"
            if form["client_id"] != settings.clientID || form["client_secret"] != settings.clientSecret {
                (reason, status, code) = ("The OAuth client was not found.", 401, "invalid_client")
            } else if form["refresh_token"] != settings.refreshToken {
                reason = "Token has been expired or revoked."
            }
            if let reason {
                reject(reason)
                return Self.oauthError(status, code, reason)
            }
            return issue(.refreshToken)
        default:
            reject("unsupported grant_type")
            return Self.oauthError(400, "unsupported_grant_type", "Invalid grant_type.")
        }
    }

    /// Checks a service-account JWT as Google's endpoint does; the reason it is refused, or nil.
    func verifyAssertion(_ assertion: String, tokenURL: String) -> String? {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Self.base64URL(parts[0]), let claimsData = Self.base64URL(parts[1]),
              let signature = Self.base64URL(parts[2]),
              let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
              let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any] else {
            return "Invalid JWT: not three base64url JSON parts."
        }
        let settings = state.withLock { $0.settings }
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

    /// Counts a refused grant.
    private func reject(_ reason: String) {
        state.withLock {
            $0.rejectedGrants += 1
            $0.lastRejection = reason
        }
    }

    /// Issues an access token obtained by `grant`.
    private func issue(_ grant: Grant) -> StandInFilterAnswer {
        let token = "ya29.standin-" + UUID().uuidString
        let lifetime = state.withLock { state in
            state.grants[grant, default: 0] += 1
            state.issued[token] = Date().timeIntervalSince1970 + Double(state.settings.tokenLifetime)
            return state.settings.tokenLifetime
        }
        let body = "{\"access_token\":\"\(token)\",\"expires_in\":\(lifetime),\"token_type\":\"Bearer\"}"
        return Self.response(200, body, contentType: "application/json")
    }

    static func base64URL(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    private static func oauthError(_ status: Int, _ code: String, _ description: String) -> StandInFilterAnswer {
        let document = ["error": code, "error_description": description]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        return response(status, String(decoding: data, as: UTF8.self), contentType: "application/json")
    }

    private static func plain(_ status: Int, _ text: String) -> StandInFilterAnswer {
        response(status, text, contentType: "application/text")
    }

    private static func response(_ status: Int, _ body: String, contentType: String) -> StandInFilterAnswer {
        StandInFilterAnswer(status: status, body: Array(body.utf8), contentType: contentType, headers: ["Metadata-Flavor": "Google"])
    }
}
