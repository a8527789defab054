import Foundation

/// Gets pull tokens from a registry's token service (Docker's token protocol): `GET
/// realm?service=…&scope=repository:REPO:pull`, with Basic credentials when there are some
/// and anonymously otherwise; an identity token goes in an OAuth2 refresh-token grant (POST),
/// as docker does.
struct DockerTokenService: Sendable {
    /// Token lifetime when the answer names none, and the least docker accepts, seconds.
    static let minimumLifetime: Double = 60

    var registry: String
    var repository: String
    var retry: TransientRetry
    var now: @Sendable () -> Double

    /// A token and the seconds it stays valid, within the registry side's `deadline`.
    func fetch(_ challenge: DockerAuthChallenge, credential: DockerCredential, http: CurlHTTPClient,
               within deadline: Deadline) throws -> (String, Double) {
        guard let realm = challenge.realm, !realm.isEmpty, let realmURL = URL(string: realm), realmURL.host != nil else {
            throw RegistryError(description: "\(registry) asks for a Bearer token without a usable realm in WWW-Authenticate", .parse, place: registry)
        }
        let scope = "repository:\(repository):pull"
        var request: HTTPRequest
        switch credential {
        case .identityToken(let token, _):
            request = HTTPRequest(url: realm)
            request.method = "POST"
            request.body = OAuthTokenEndpoint.form([("grant_type", "refresh_token"), ("client_id", "nubladash"),
                                                    ("service", challenge.service ?? ""), ("scope", scope),
                                                    ("refresh_token", token)])
            request.headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            request.carriesCredentials = true
        case .basic(let username, let password, _):
            request = HTTPRequest(url: tokenURL(realm, service: challenge.service, scope: scope))
            request.headers.append(("Authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()))
            request.carriesCredentials = true
        case .anonymous:
            request = HTTPRequest(url: tokenURL(realm, service: challenge.service, scope: scope))
        }
        let realmHost = realmURL.port.map { "\(realmURL.host!):\($0)" } ?? realmURL.host!
        deadline.bound(&request)
        let response: HTTPResponse
        do {
            response = try retry.send(within: deadline) { try http.send(request) }
        } catch let error as HTTPError {
            throw RegistryError(description: "token service of \(registry): \(error)", causedBy: error)
        }
        switch response.status {
        case 200:
            return try parse(response.body, realmHost: realmHost)
        case 401, 403:
            if case .anonymous(let reason) = credential {
                throw RegistryError(description: "\(registry)/\(repository) needs credentials: the token service at \(realmHost) refused an anonymous pull token (\(response.status)); no credential was found (\(reason)); run docker login \(registry) or use --docker-config", .auth, status: response.status, place: realmHost)
            }
            throw RegistryError(description: "credentials refused (\(response.status)) by the token service at \(realmHost) for \(registry)/\(repository): \(credential); check them with docker login \(registry)", .auth, status: response.status, place: realmHost)
        default:
            throw RegistryError(description: "token service at \(realmHost) answered HTTP \(response.status) for \(registry)/\(repository)", .auth, status: response.status, place: realmHost)
        }
    }

    private func tokenURL(_ realm: String, service: String?, scope: String) -> String {
        let query = OAuthTokenEndpoint.form((service.map { [("service", $0)] } ?? []) + [("scope", scope)])
        return realm + (realm.contains("?") ? "&" : "?") + String(decoding: query, as: UTF8.self)
    }

    /// `{token | access_token, expires_in?, issued_at?}` → the token and how long it lives from now.
    func parse(_ body: Data, realmHost: String) throws -> (String, Double) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let token = (object["token"] as? String).flatMap({ $0.isEmpty ? nil : $0 })
                ?? (object["access_token"] as? String).flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw RegistryError(description: "malformed answer from the token service at \(realmHost) for \(registry) (no token)", .parse, place: realmHost)
        }
        let stated = (object["expires_in"] as? NSNumber)?.doubleValue ?? DockerTokenService.minimumLifetime
        let lifetime = max(DockerTokenService.minimumLifetime, stated)
        // Count from issued_at when the clocks plausibly agree; a stale or future issued_at
        // (clock skew) would make a good token look expired, so count from now then.
        if let issued = (object["issued_at"] as? String).flatMap(DockerTokenService.date) {
            let age = now() - issued
            if age >= 0 && age < lifetime { return (token, lifetime - age) }
        }
        return (token, lifetime)
    }

    static func date(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
