import Crypto
import _CryptoExtras
import Foundation

/// Tokens for a service-account key: an RS256-signed JWT exchanged at the key's `token_uri`
/// (the OAuth 2.0 JWT bearer grant, RFC 7523), cached until shortly before they expire.
public final class ServiceAccountTokens: AccessTokenProvider, Sendable {
    /// The scope asked for: reading the registry is all nubladash does.
    public static let scope = "https://www.googleapis.com/auth/cloud-platform.read-only"
    static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    /// How long the assertion is valid, seconds (Google's maximum).
    static let assertionLifetime = 3600

    public let clientEmail: String
    public let tokenURI: String
    public let quotaProject: String?
    public let sourceDescription: String
    private let keyID: String?
    private let key: _RSA.Signing.PrivateKey
    private let http: CurlHTTPClient
    private let now: @Sendable () -> Double
    private let cache: CachedToken

    init(file: GoogleADCFile, http: CurlHTTPClient, now: @escaping @Sendable () -> Double) throws {
        clientEmail = try file.required(file.contents.client_email, "client_email")
        let pem = try file.required(file.contents.private_key, "private_key")
        tokenURI = file.contents.token_uri.flatMap { $0.isEmpty ? nil : $0 } ?? OAuthTokenEndpoint.googleTokenURI
        try OAuthTokenEndpoint.validate(tokenURI, origin: file.origin)
        keyID = file.contents.private_key_id.flatMap { $0.isEmpty ? nil : $0 }
        quotaProject = file.contents.quota_project_id.flatMap { $0.isEmpty ? nil : $0 }
        guard let key = Self.privateKey(pem: pem) else {
            throw CredentialError("\(file.origin): private_key is not an RSA private key in PEM (PKCS#8 or PKCS#1); download a new key for \(clientEmail)")
        }
        self.key = key
        self.http = http
        self.now = now
        cache = CachedToken(now: now)
        sourceDescription = "service account \(clientEmail) from \(file.origin)"
    }

    /// Reads PKCS#8 (`BEGIN PRIVATE KEY`) and PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM keys.
    static func privateKey(pem: String) -> _RSA.Signing.PrivateKey? {
        if let key = try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem) { return key }
        // Some tools write the PEM without line breaks or with \r\n: read the base64 body directly.
        let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body, options: .ignoreUnknownCharacters) else { return nil }
        return try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: der)
    }

    /// The signed assertion: `base64url(header).base64url(claims).base64url(signature)`.
    func assertion(issuedAt: Int) throws -> String {
        var header: [String: Any] = ["alg": "RS256", "typ": "JWT"]
        if let keyID { header["kid"] = keyID }
        let claims: [String: Any] = [
            "iss": clientEmail, "scope": Self.scope, "aud": tokenURI,
            "iat": issuedAt, "exp": issuedAt + Self.assertionLifetime,
        ]
        let signingInput = try Base64URL.encode(JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
            + "." + Base64URL.encode(JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys, .withoutEscapingSlashes]))
        let signature: _RSA.Signing.RSASignature
        do {
            signature = try key.signature(for: SHA256.hash(data: Data(signingInput.utf8)), padding: .insecurePKCS1v1_5)
        } catch {
            throw CredentialError("service account \(clientEmail): cannot sign the token request with its key; download a new key")
        }
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    public func token() throws -> String {
        try cache.get {
            let assertion = try self.assertion(issuedAt: Int(now()))
            return try OAuthTokenEndpoint.exchange(
                [("grant_type", Self.grantType), ("assertion", assertion)], at: tokenURI,
                what: "service account \(clientEmail)",
                fix: "check that the key is not deleted or disabled (gcloud iam service-accounts keys list --iam-account \(clientEmail)) and that the clock is right",
                secrets: [assertion], http: http)
        }
    }

    public func invalidate() { cache.invalidate() }
}

/// Tokens from a refresh token (`authorized_user`, what `gcloud auth application-default login`
/// writes): the OAuth 2.0 refresh-token grant.
public final class AuthorizedUserTokens: AccessTokenProvider, Sendable {
    public let tokenURI: String
    public let quotaProject: String?
    public let sourceDescription: String
    private let clientID: String
    private let clientSecret: String
    private let refreshToken: String
    private let http: CurlHTTPClient
    private let cache: CachedToken

    init(file: GoogleADCFile, http: CurlHTTPClient, now: @escaping @Sendable () -> Double) throws {
        clientID = try file.required(file.contents.client_id, "client_id")
        clientSecret = try file.required(file.contents.client_secret, "client_secret")
        refreshToken = try file.required(file.contents.refresh_token, "refresh_token")
        tokenURI = file.contents.token_uri.flatMap { $0.isEmpty ? nil : $0 } ?? OAuthTokenEndpoint.googleTokenURI
        try OAuthTokenEndpoint.validate(tokenURI, origin: file.origin)
        quotaProject = file.contents.quota_project_id.flatMap { $0.isEmpty ? nil : $0 }
        self.http = http
        cache = CachedToken(now: now)
        sourceDescription = "user credentials (refresh token) from \(file.origin)"
            + (quotaProject.map { ", quota project \($0)" } ?? "")
    }

    public func token() throws -> String {
        try cache.get {
            try OAuthTokenEndpoint.exchange(
                [("grant_type", "refresh_token"), ("client_id", clientID), ("client_secret", clientSecret),
                 ("refresh_token", refreshToken)],
                at: tokenURI, what: "user credentials",
                fix: "the refresh token may be revoked or expired: run 'gcloud auth application-default login' again",
                secrets: [clientSecret, refreshToken], http: http)
        }
    }

    public func invalidate() { cache.invalidate() }
}

/// Unpadded base64url (RFC 4648 §5), as JWTs use.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
