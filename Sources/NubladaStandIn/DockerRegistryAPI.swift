import Foundation

/// An answer of the stand-in Docker registry: status, headers and body.
struct DockerReply: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    static func json(_ text: String, status: Int = 200) -> DockerReply {
        DockerReply(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    /// `{"errors":[{"code":…,"message":…}]}`, as distribution answers errors.
    static func error(_ status: Int, _ code: String, _ message: String) -> DockerReply {
        var writer = JSONWriter()
        writer.raw("{\"errors\":[{")
        writer.field("code", code, first: true)
        writer.field("message", message)
        writer.raw("}]}")
        return DockerReply(status: status, headers: [("Content-Type", "application/json")], body: writer.bytes)
    }
}

/// The Docker Registry HTTP API V2 surface of the stand-in, after distribution 2.8: the
/// `/v2/` probe, `tags/list` paged with `n`, `last` and `Link`, `HEAD`/`GET` manifests with
/// `Docker-Content-Digest`, and Docker's token protocol (a token service at `/docker/token`).
struct DockerRegistryAPI {
    static let tokenPath = "/docker/token"
    /// The media types a client must accept to be given an index or a manifest list.
    static let indexTypes: Set<String> = ["application/vnd.oci.image.index.v1+json",
                                          "application/vnd.docker.distribution.manifest.list.v2+json"]

    /// `http://HOST:PORT` of the registry listener, for the token realm.
    var baseURL: String
    var now: Double

    // MARK: Token service

    /// `GET /docker/token?service=…&scope=…` (Basic credentials or anonymous), or `POST` a
    /// refresh-token grant with the identity token.
    func token(method: String, authorization: String?, form: [String: String], _ state: inout DockerRegistryState) -> DockerReply {
        let settings = state.settings
        let accepted: Bool
        if method == "POST" {
            accepted = form["grant_type"] == "refresh_token" && form["refresh_token"] == settings.identityToken
        } else if let basic = DockerRegistryAPI.basicPair(authorization) {
            accepted = basic == (settings.username, settings.password)
        } else {
            accepted = authorization == nil && settings.allowAnonymous
        }
        guard accepted else { return .error(401, "UNAUTHORIZED", "authentication required") }
        let token = "dkr-\(UUID().uuidString.prefix(13))"
        state.tokens[token] = now + Double(settings.tokenLifetime)
        let issued = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: now))
        return .json("{\"token\":\"\(token)\",\"access_token\":\"\(token)\",\"expires_in\":\(settings.tokenLifetime),\"issued_at\":\"\(issued)\"}")
    }

    // MARK: Registry

    /// Answers a `/v2/…` request (the filters' verdict already taken as `action`).
    func respond(to request: StandInRequest, action: RequestPlan.Action, _ state: inout DockerRegistryState) -> DockerReply {
        let malformed: Bool
        switch action {
        case .fail(let code): return .error(code, code == 429 ? "TOOMANYREQUESTS" : "UNAVAILABLE", "injected failure")
        case .unauthorized: return challenge(for: request.path, state)
        case .serve(let flag): malformed = flag
        }
        guard authorized(request.authorization, state) else { return challenge(for: request.path, state) }
        let path = request.path
        if path == "/v2/" || path == "/v2" { return .json("{}") }
        let inner = String(path.dropFirst("/v2/".count))
        if inner.hasSuffix("/tags/list") {
            let name = String(inner.dropLast("/tags/list".count))
            guard name == state.repository else { return DockerRegistryAPI.nameUnknown }
            guard request.method == "GET" else { return .error(405, "UNSUPPORTED", "method not allowed") }
            let reply = tags(query: request.query, state)
            return malformed && reply.status == 200 ? DockerReply(status: 200, headers: reply.headers, body: Array(reply.body.prefix(reply.body.count / 2))) : reply
        }
        if let range = inner.range(of: "/manifests/", options: .backwards) {
            guard String(inner[..<range.lowerBound]) == state.repository else { return DockerRegistryAPI.nameUnknown }
            guard request.method == "GET" || request.method == "HEAD" else { return .error(405, "UNSUPPORTED", "method not allowed") }
            return manifest(String(inner[range.upperBound...]), accept: request.accept, head: request.method == "HEAD", state)
        }
        return DockerRegistryAPI.nameUnknown
    }

    static let nameUnknown = DockerReply.error(404, "NAME_UNKNOWN", "repository name not known to registry")

    private func tags(query: [String: String], _ state: DockerRegistryState) -> DockerReply {
        if state.settings.endlessTags { return endlessTags(query: query, state) }
        var seen = Set<String>()
        let all = state.manifests.map(\.tag).filter { seen.insert($0).inserted }
        var size = state.settings.pageSizeCap
        // Like distribution, an `n` that is not a positive number is ignored, never refused.
        if let requested = query["n"].flatMap(Int.init), requested > 0 { size = min(requested, size) }
        size = max(1, size)
        let start = query["last"].flatMap { last in all.firstIndex(of: last).map { $0 + 1 } } ?? 0
        let page = Array(all[min(start, all.count)..<min(all.count, start + size)])
        var writer = JSONWriter()
        writer.raw("{")
        writer.field("name", state.repository, first: true)
        writer.key("tags")
        writer.strings(page)
        writer.raw("}")
        var reply = DockerReply(status: 200, headers: [("Content-Type", "application/json")], body: writer.bytes)
        if let override = state.settings.linkOverride {
            reply.headers.append(("Link", override))
        } else if start + size < all.count, let last = page.last {
            reply.headers.append(("Link", "</v2/\(state.repository)/tags/list?last=\(last)&n=\(size)>; rel=\"next\""))
        }
        return reply
    }

    /// Page `p` (from `last=endless_p`) of a listing that never ends: `pageSizeCap` tags of its
    /// own and a `Link` to page p + 1.
    private func endlessTags(query: [String: String], _ state: DockerRegistryState) -> DockerReply {
        let page = query["last"].flatMap { $0.hasPrefix("endless_") ? Int($0.dropFirst("endless_".count)) : nil } ?? 0
        let size = max(1, state.settings.pageSizeCap)
        var writer = JSONWriter()
        writer.raw("{")
        writer.field("name", state.repository, first: true)
        writer.key("tags")
        writer.strings((0..<size).map { "w_\(page)_\($0)" })
        writer.raw("}")
        var reply = DockerReply(status: 200, headers: [("Content-Type", "application/json")], body: writer.bytes)
        reply.headers.append(("Link", "</v2/\(state.repository)/tags/list?last=endless_\(page + 1)&n=\(size)>; rel=\"next\""))
        return reply
    }

    private func manifest(_ reference: String, accept: String?, head: Bool, _ state: DockerRegistryState) -> DockerReply {
        guard let manifest = state.manifest(for: reference) else {
            return head ? DockerReply(status: 404) : .error(404, "MANIFEST_UNKNOWN", "manifest unknown")
        }
        // Like distribution: an index is served only to clients that accept its media type.
        let accepted = Set((accept ?? "").split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        })
        if DockerRegistryAPI.indexTypes.contains(manifest.mediaType) && !accepted.contains(manifest.mediaType) {
            return head ? DockerReply(status: 404) : .error(404, "MANIFEST_UNKNOWN", "OCI index found, but accept header does not support OCI indexes")
        }
        var headers = [("Content-Type", manifest.mediaType)]
        if state.settings.sendsDigestHeader { headers.append(("Docker-Content-Digest", manifest.digest)) }
        return DockerReply(status: 200, headers: headers, body: head ? [] : manifest.body)
    }

    // MARK: Authentication

    private func authorized(_ authorization: String?, _ state: DockerRegistryState) -> Bool {
        switch state.settings.auth {
        case .none:
            return true
        case .basic:
            return DockerRegistryAPI.basicPair(authorization).map { $0 == (state.settings.username, state.settings.password) } ?? false
        case .bearer:
            guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return false }
            let token = String(authorization.dropFirst("bearer ".count))
            return state.tokens[token].map { now < $0 } ?? false
        }
    }

    private func challenge(for path: String, _ state: DockerRegistryState) -> DockerReply {
        var reply = DockerReply.error(401, "UNAUTHORIZED", "authentication required")
        switch state.settings.auth {
        case .basic, .none:
            reply.headers.append(("WWW-Authenticate", "Basic realm=\"Registry Realm\""))
        case .bearer:
            let realm = state.settings.realmOverride ?? baseURL + DockerRegistryAPI.tokenPath
            var value = "Bearer realm=\"\(realm)\",service=\"stand-in-registry\""
            if path != "/v2/" && path != "/v2" { value += ",scope=\"repository:\(state.repository):pull\"" }
            reply.headers.append(("WWW-Authenticate", value))
        }
        return reply
    }

    /// `Basic base64(user:password)` → (user, password).
    static func basicPair(_ authorization: String?) -> (String, String)? {
        guard let authorization, authorization.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(authorization.dropFirst(6))),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// How a request was authorized, for the records (never the secret).
    static func kind(_ authorization: String?) -> String {
        guard let scheme = authorization?.split(separator: " ").first?.lowercased() else { return "none" }
        return scheme
    }
}
