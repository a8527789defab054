import Foundation
import Synchronization

/// How requests to one registry repository are authorized: nothing until the registry answers
/// 401, then what its `WWW-Authenticate` asks for (Basic credentials, or a Bearer token from
/// its token service, reused until it expires or is refused). The credential is looked up
/// once, on the first challenge, so a public repository never runs a credential helper.
final class DockerRegistryAuth: Sendable {
    private let registry: String
    /// The registry as messages name it (with where requests go, when elsewhere).
    private let serverName: String
    private let repository: String
    private let lookUp: @Sendable () throws -> DockerCredential
    private let tokenService: DockerTokenService
    private let tokenHTTP = CurlHTTPClient()
    private let tokens: CachedToken
    /// The registry's last challenge.
    private let challenge = Mutex<DockerAuthChallenge?>(nil)
    /// The credential once looked up (a lookup error stands).
    private let found = Mutex<Result<DockerCredential, any Error>?>(nil)

    init(registry: String, serverName: String, repository: String, retry: TransientRetry, now: @escaping @Sendable () -> Double,
         credential lookUp: @escaping @Sendable () throws -> DockerCredential) {
        self.registry = registry
        self.serverName = serverName
        self.repository = repository
        self.lookUp = lookUp
        tokenService = DockerTokenService(registry: registry, repository: repository, retry: retry, now: now)
        tokens = CachedToken(now: now)
    }

    /// The credential for the registry (looked up once; a lookup error stands).
    func credential() throws -> DockerCredential {
        try found.withLock { found in
            if let found { return found }
            let result = Result { try lookUp() }
            found = result
            return result
        }.get()
    }

    /// Adds the `Authorization` the registry asked for; false when it has not asked yet. A
    /// token fetched for it is part of the side: it shares the request's `deadline`.
    func authorize(_ request: inout HTTPRequest, within deadline: Deadline) throws -> Bool {
        guard let challenge = challenge.withLock({ $0 }) else { return false }
        switch challenge.scheme {
        case .basic:
            switch try credential() {
            case .basic(let username, let password, _):
                request.headers.append(("Authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()))
                request.carriesCredentials = true
            case .identityToken(_, let origin):
                throw RegistryError(description: "\(registry) asks for Basic credentials, but the credential for it is an identity token (\(origin)), which only a token service accepts", .auth, place: registry)
            case .anonymous(let reason):
                throw RegistryError(description: "\(registry)/\(repository) needs credentials (401, Basic) and none were found (\(reason)); run docker login \(registry) or use --docker-config", .auth, status: 401, place: registry)
            }
        case .bearer:
            let credential = try credential()
            let token = try tokens.get { try tokenService.fetch(challenge, credential: credential, http: tokenHTTP, within: deadline) }
            request.authorize(bearer: token)
        }
        return true
    }

    /// After a 401: remembers the registry's challenge. `renewing` is true when the refused
    /// request carried a token, which is then forgotten so the next attempt gets a new one.
    /// Throws when the answer has no Basic or Bearer challenge.
    func challenged(by response: HTTPResponse, renewing: Bool) throws {
        guard let parsed = DockerAuthChallenge.parse(response.headers(named: "WWW-Authenticate")) else {
            throw RegistryError(description: "\(serverName) answered 401 for \(repository) without a Basic or Bearer challenge (WWW-Authenticate)", .auth, status: 401, place: serverName)
        }
        challenge.withLock { $0 = parsed }
        if renewing { tokens.invalidate() }
    }

    /// Whether the last challenge was for a Bearer token (one renewal may then help).
    var usesTokens: Bool { challenge.withLock { $0?.scheme == .bearer } }

    /// What `auth-check` shows: the credential, never its secret.
    func describe() -> String {
        do { return try credential().description } catch { return "no usable credential: \(error)" }
    }
}
