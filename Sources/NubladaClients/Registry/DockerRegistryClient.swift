import Crypto
import Foundation
import NubladaWork
import Synchronization

/// A client of the Docker Registry HTTP API V2 for one repository, as the Nublado
/// controller's Docker image source uses it: the tags (paged with `Link`), and the digest of
/// each tag that matters (one `HEAD` a tag, at most 8 at once). Docker's token protocol,
/// transient-failure retries, the registry side's limits (one deadline for a whole listing,
/// its digests and tokens included; the most pages and tags) and errors an admin can act on
/// are handled here, so the engine sees plain values. Calls block: make them from a thread of
/// your own.
public final class DockerRegistryClient: Sendable {
    /// The manifest media types a `HEAD` accepts: without the index types a registry may answer
    /// a multi-arch tag with one platform's manifest, whose digest nodes never report.
    public static let manifestMediaTypes = [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ]
    /// Requests in flight at most: a dashboard must not hammer a registry.
    public static let maximumConcurrentRequests = 8

    /// The registry as configured (`ghcr.io`): the name in image references and the key for credentials.
    public let registry: String
    /// The repository as configured (`lsst-sqre/sciplat-lab`).
    public let repository: String
    /// The base URL requests go to: `https://REGISTRY` (Docker Hub's API host for `docker.io`)
    /// unless `--registry-endpoint` overrides it.
    public let endpoint: String
    /// The repository in API paths (Docker Hub's official images live under `library/`).
    let apiRepository: String
    /// The registry as messages name it: `ghcr.io`, or `ghcr.io (requests to https://127.0.0.1:5000)`
    /// when requests go elsewhere, so that an error names both the configured registry and
    /// the server that failed.
    public var serverName: String { registry + endpointNote }
    /// `" (requests to ENDPOINT)"` when requests do not go to the registry itself, else "".
    let endpointNote: String
    /// `ghcr.io/lsst-sqre/sciplat-lab`, and where requests go when elsewhere.
    var place: String { "\(registry)/\(repository)\(endpointNote)" }
    private let limits: SideLimits
    private let pageSize: Int
    let concurrency: Int
    private let retry: TransientRetry
    let auth: DockerRegistryAuth
    /// One connection per worker (a CurlHTTPClient serializes its requests).
    let connections: [CurlHTTPClient]
    private let sent = Atomic<Int>(0)
    /// What earlier refreshes learned of each alias (its digest and the tag found with it), so
    /// that a refresh verifies a target with one `HEAD` instead of searching again.
    let rememberedAliases = Mutex<[String: RememberedAlias]>([:])

    /// - Parameters:
    ///   - endpoint: where requests go instead of the registry itself (`--registry-endpoint`).
    ///   - pageSize: the `n` of `tags/list` (registries cap it as they like).
    ///   - concurrency: manifest requests in flight at most (never above 8).
    ///   - limits: the registry side's deadline and paging bounds.
    public convenience init(registry: String, repository: String, endpoint: String? = nil,
                            credentials: DockerCredentialStore = DockerCredentialStore(), retry: RetryPolicy = RetryPolicy(),
                            pageSize: Int = 1000, concurrency: Int = DockerRegistryClient.maximumConcurrentRequests,
                            limits: SideLimits = .standard,
                            now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.init(registry: registry, repository: repository, endpoint: endpoint, retry: retry, pageSize: pageSize,
                  concurrency: concurrency, limits: limits, now: now,
                  credential: { try credentials.credential(forRegistry: registry) })
    }

    init(registry: String, repository: String, endpoint: String?, retry: RetryPolicy, pageSize: Int, concurrency: Int,
         limits: SideLimits = .standard, now: @escaping @Sendable () -> Double,
         credential: @escaping @Sendable () throws -> DockerCredential) {
        self.registry = registry
        self.repository = repository
        let hub = DockerConfigFile.dockerHubHosts.contains(registry.lowercased())
        let base = endpoint ?? "https://\(["docker.io", "index.docker.io"].contains(registry.lowercased()) ? "registry-1.docker.io" : registry)"
        self.endpoint = base.hasSuffix("/") ? String(base.dropLast()) : base
        endpointNote = self.endpoint == "https://\(registry)" ? "" : " (requests to \(self.endpoint))"
        apiRepository = hub && !repository.contains("/") ? "library/\(repository)" : repository
        self.limits = limits
        self.pageSize = max(1, pageSize)
        self.concurrency = min(DockerRegistryClient.maximumConcurrentRequests, max(1, concurrency))
        self.retry = TransientRetry(policy: retry)
        auth = DockerRegistryAuth(registry: registry, serverName: registry + endpointNote, repository: repository, retry: self.retry,
                                  now: now, credential: credential)
        connections = (0..<self.concurrency).map { _ in CurlHTTPClient() }
    }

    /// A new deadline for the registry side: what one listing (tags, digests, tokens) may take.
    public func newDeadline() -> Deadline { Deadline(side: "registry", limits: limits) }

    /// Requests sent so far (every page, retry, HEAD and GET; token requests excluded).
    public var requestCount: Int { sent.load(ordering: .relaxed) }

    // MARK: Tags

    /// Every tag of the repository, in the registry's order, following `Link` pages within
    /// the side's limits (`deadline`, a new one when nil).
    public func listTags(within deadline: Deadline? = nil) throws -> [String] {
        let deadline = deadline ?? newDeadline()
        var url = "\(endpoint)/v2/\(apiRepository)/tags/list?n=\(pageSize)"
        var pages = PageFollower(listing: "tags/list of \(repository)", noun: "tags", first: url, deadline: deadline)
        var tags: [String] = []
        while true {
            let page = try tagsPage(url, deadline)
            tags += page.tags
            do {
                guard let next = try pages.next(after: page.tags.count, cursor: page.next) else { return tags }
                url = next
            } catch {
                throw RegistryError(description: "Docker registry \(serverName): \(error)", causedBy: error, place: serverName)
            }
        }
    }

    /// One small call (`tags/list?n=1`) that proves the credential can read the repository.
    public func checkAccess() throws {
        _ = try tagsPage("\(endpoint)/v2/\(apiRepository)/tags/list?n=1", newDeadline())
    }

    /// Which credential the registry side uses and where requests go, never a secret.
    public func describeCredential() -> String {
        "Docker registry \(place): \(auth.describe())"
    }

    /// The tags of one `tags/list` page (`{"name": …, "tags": [...] | null}`); nil when it is not one.
    static func tags(inPage body: Data) -> [String]? {
        struct Page: Decodable { var tags: [String]? }
        return (try? JSONDecoder().decode(Page.self, from: body)).map { $0.tags ?? [] }
    }

    private func tagsPage(_ url: String, _ deadline: Deadline) throws -> (tags: [String], next: String?) {
        let response = try send(url, accept: "application/json", on: connections[0], within: deadline)
        guard response.status == 200 else { throw statusError(response, tag: nil) }
        guard let tags = DockerRegistryClient.tags(inPage: response.body) else {
            throw RegistryError(description: "malformed tags/list JSON from \(serverName) for \(repository)", .parse, place: serverName)
        }
        do {
            return (tags, try DockerLinkHeader.nextURL(response.headers(named: "Link"), requestURL: url))
        } catch let error as RegistryError {
            throw RegistryError(description: "\(place) tags/list: \(error)", causedBy: error, place: place)
        }
    }

    // MARK: Digests

    /// The digest each tag points at now (tags are mutable: ask every refresh), by tag.
    /// One `HEAD` a tag, at most `concurrency` at once, all within the side's `deadline` (a new
    /// one when nil); the first failure (in `tags` order) is thrown.
    public func digests(forTags tags: [String], within deadline: Deadline? = nil) throws -> [String: String] {
        let deadline = deadline ?? newDeadline()
        var unique: [String] = []
        var seen = Set<String>()
        for tag in tags where seen.insert(tag).inserted { unique.append(tag) }
        var digests: [String: String] = [:]
        for (tag, result) in zip(unique, readDigests(unique, within: deadline, stopAtFailure: true)) {
            if let result { digests[tag] = try result.get() }
        }
        return digests
    }

    /// Each tag's digest or failure, in `tags` order: one `HEAD` a tag, at most `concurrency`
    /// at once, all within `deadline`. With `stopAtFailure` no tag starts after a failure (it
    /// reads as nil); without it a failure is an answer about its tag alone.
    func readDigests(_ tags: [String], within deadline: Deadline, stopAtFailure: Bool) -> [Result<String, any Error>?] {
        let results = Executor(name: "registry", limit: concurrency).map(tags) { [self] worker, tag in
            let read = Result { try digest(forTag: tag, on: connections[worker], within: deadline) }
            if stopAtFailure, case .failure(let error) = read { throw error }
            return read
        }
        return results.map { ran in ran.map { $0.flatMap { $0 } } }
    }

    /// The digest of one tag (the dashboard's "resolve now").
    public func digest(forTag tag: String) throws -> String {
        try digest(forTag: tag, on: connections[0], within: newDeadline())
    }

    func digest(forTag tag: String, on http: CurlHTTPClient, within deadline: Deadline) throws -> String {
        let url = "\(endpoint)/v2/\(apiRepository)/manifests/\(tag)"
        let accept = DockerRegistryClient.manifestMediaTypes.joined(separator: ", ")
        let head = try send(url, method: "HEAD", accept: accept, on: http, within: deadline)
        if head.status == 200, let digest = head.header("Docker-Content-Digest") {
            guard DockerRegistryClient.isDigest(digest) else {
                throw RegistryError(description: "\(registry)/\(repository):\(tag)\(endpointNote): malformed Docker-Content-Digest \"\(digest.prefix(100))\"", .parse, place: serverName)
            }
            return digest
        }
        guard head.status == 200 || head.status == 404 else { throw statusError(head, tag: tag) }
        // No digest header (or a 404, whose HEAD answer has no error body to tell a missing
        // tag from a missing repository): GET the manifest; its digest is the sha256 of its bytes.
        let get = try send(url, accept: accept, on: http, within: deadline)
        guard get.status == 200 else { throw statusError(get, tag: tag) }
        return "sha256:" + SHA256.hash(data: get.body).map { String(format: "%02x", $0) }.joined()
    }

    /// `algorithm:encoded` (the controller takes the header as it comes; only nonsense is refused).
    static func isDigest(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1)
        return parts.count == 2 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || "+._-=".contains($0) }
        }
    }

    // MARK: Requests

    /// Sends one request with the authorization the registry asked for, retrying transient
    /// answers within the side's deadline; a 401 sets up authorization (and renews a refused
    /// token once), never loops.
    private func send(_ url: String, method: String = "GET", accept: String, on http: CurlHTTPClient,
                      within deadline: Deadline) throws -> HTTPResponse {
        var renewed = false
        var challenged = false
        while true {
            var request = HTTPRequest(url: url)
            request.method = method
            deadline.bound(&request)
            request.headers.append(("Accept", accept))
            let response: HTTPResponse
            do {
                let authorized = try auth.authorize(&request, within: deadline)
                response = try retry.send(within: deadline) {
                    sent.add(1, ordering: .relaxed)
                    return try http.send(request)
                }
                guard response.status == 401 else { return response }
                if !authorized && !challenged {
                    try auth.challenged(by: response, renewing: false)
                    challenged = true
                    continue
                }
                if authorized && auth.usesTokens && !renewed {
                    // A token may expire between fetching and using it: one new token, once.
                    try auth.challenged(by: response, renewing: true)
                    renewed = true
                    continue
                }
                throw statusError(response, tag: nil)
            } catch let error as HTTPError {
                throw RegistryError(description: "Docker registry \(serverName): \(error)", causedBy: error)
            }
        }
    }
}
