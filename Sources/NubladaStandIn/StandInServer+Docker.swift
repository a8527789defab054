import Foundation
import Hummingbird
import NIOCore

/// The stand-in Docker registry on the registry listener (`/v2/…` and `/docker/token`): the
/// repository and its settings; its filters are told each request and token. The filters' verdicts for the registry side
/// apply to it as to the registry listing.
extension StandInServer {
    /// Serves `repository` with these manifests (tags in this order; a repeated tag's last one wins).
    public func setDockerRepository(_ repository: String, manifests: [StandInDockerManifest]) {
        docker.withLock {
            $0.repository = repository
            $0.manifests = manifests
        }
    }

    /// Serves `repository` with a synthetic OCI manifest for each tag; returns tag → digest.
    @discardableResult
    public func setDockerRepository(_ repository: String, tags: [String]) -> [String: String] {
        let manifests = tags.map { StandInDockerManifest.synthetic(tag: $0) }
        setDockerRepository(repository, manifests: manifests)
        return Dictionary(manifests.map { ($0.tag, $0.digest) }, uniquingKeysWith: { _, last in last })
    }

    /// How the Docker side authenticates and answers; changes apply to the next request.
    public var dockerSettings: StandInDockerSettings {
        get { docker.withLock { $0.settings } }
        set { docker.withLock { $0.settings = newValue } }
    }

    /// `http://HOST:PORT/docker/token`: the Docker token service's realm.
    public var dockerTokenURL: String { registryURL + DockerRegistryAPI.tokenPath }

    // MARK: Requests

    /// The answer to a Docker request, nil for any other path.
    func dockerRespond(to request: Request, _ standInRequest: StandInRequest) async -> Response? {
        let path = standInRequest.path
        let isToken = path == DockerRegistryAPI.tokenPath
        guard isToken || path == "/v2" || path.hasPrefix("/v2/") else { return nil }
        let target = request.uri.description
        let isManifest = path.contains("/manifests/")
        tell(.dockerRequest(StandInDockerRequest(method: standInRequest.method, target: target,
                                                 authorization: DockerRegistryAPI.kind(standInRequest.authorization),
                                                 accept: standInRequest.accept)))
        if isManifest { tell(.dockerManifestBegan) }
        defer { if isManifest { tell(.dockerManifestEnded) } }
        let api = DockerRegistryAPI(baseURL: registryURL, now: Date().timeIntervalSince1970)
        if isToken {
            var form: [String: String] = [:]
            if request.method == .post {
                let body = (try? await request.body.collect(upTo: 1 << 20)).map { String(buffer: $0) } ?? ""
                form = Self.parseForm(body)
            }
            let reply = docker.withLock { api.token(method: standInRequest.method, authorization: standInRequest.authorization,
                                                    form: form, &$0) }
            if reply.status == 200 { tell(.dockerTokenIssued) }
            return reply.response
        }
        let plan = self.plan(for: .registry)
        if plan.delay > 0 { try? await Task.sleep(nanoseconds: UInt64(plan.delay * 1_000_000_000)) }
        return docker.withLock { api.respond(to: standInRequest, action: plan.action, &$0) }.response
    }
}

extension StandInServer {
    /// An `application/x-www-form-urlencoded` body's fields (the first of a repeated name wins).
    package static func parseForm(_ body: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let name = halves.first, result[name] == nil { result[name] = halves.count > 1 ? halves[1] : "" }
        }
        return result
    }
}

extension DockerReply {
    /// As a Hummingbird response (its own headers; no Content-Type unless it names one).
    var response: Response {
        var buffer = ByteBufferAllocator().buffer(capacity: body.count)
        buffer.writeBytes(body)
        var fields = HTTPFields()
        for (name, value) in headers {
            fields[.init(name)!] = value
        }
        return Response(status: HTTPResponse.Status(code: status, reasonPhrase: StandInReply.reasonPhrase(status)),
                        headers: fields, body: ResponseBody(byteBuffer: buffer))
    }
}
