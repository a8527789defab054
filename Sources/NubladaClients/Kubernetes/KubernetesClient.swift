import Foundation
import NubladaEngine
import NubladaWork
import Synchronization

/// Why the node list could not be read.
/// Server messages are quoted in it: control characters and line breaks are escaped.
public struct KubernetesError: ClientFailure {
    public var description: String
    /// What kind of failure it is, and where (see `FailureCause(of:)`).
    public var cause: FailureCause
    /// The HTTP status that caused it, when one did (403: a missing permission, never retried).
    public var status: Int? { cause.status }

    public init(line: String, cause: FailureCause) {
        description = line
        self.cause = cause
    }
}

/// Lists Kubernetes nodes and pods (paged, filtered server-side by label selector) over libcurl.
/// The nodes and the pods are two sides, each on a connection of its own and each listing
/// within one deadline of its own (``SideLimits``): a dead API server costs each at most the
/// budget, and the two wait at the same time, not one after the other.
public final class KubernetesClient: Sendable {
    public let connection: KubernetesConnection
    private let http: CurlHTTPClient
    private let podsHTTP = CurlHTTPClient()
    private let limits: SideLimits
    /// Objects asked for per page of a list.
    public let pageSize: Int

    /// - Parameters:
    ///   - limits: each side's deadline and paging bounds.
    ///   - pageSize: objects asked for per page of a list.
    public init(connection: KubernetesConnection, http: CurlHTTPClient = CurlHTTPClient(), limits: SideLimits = .standard,
                pageSize: Int = 500) {
        self.connection = connection
        self.http = http
        self.limits = limits
        self.pageSize = pageSize
    }

    /// A new deadline for the side that reads `resource`.
    func newDeadline(_ resource: KubernetesResource) -> Deadline { Deadline(side: resource.noun, limits: limits) }

    /// Every node matching `labelSelector` (`k=v,...`; empty for all), in the server's order.
    /// A 410 (the list changed while paging) restarts the listing once.
    public func listNodes(labelSelector: String) throws -> [ClusterNode] {
        try listNodesWithVersion(labelSelector: labelSelector).nodes
    }

    /// The nodes and the list's resourceVersion (where a watch of later changes starts).
    public func listNodesWithVersion(labelSelector: String) throws -> (nodes: [ClusterNode], resourceVersion: String?) {
        let (nodes, version) = try list(.nodes, page: NodeListPage.self, labelSelector: labelSelector, convert: \.clusterNode)
        return (nodes, version)
    }

    /// Every object of `resource` matching `labelSelector`, page by page, and the list's
    /// resourceVersion. A 410 (the list changed while paging) restarts the listing once.
    func list<Page: KubernetesListPage>(_ resource: KubernetesResource, page: Page.Type, labelSelector: String) throws
        -> (items: [Page.Item], resourceVersion: String?) {
        try list(resource, page: page, labelSelector: labelSelector, convert: { $0 })
    }

    /// The same, each object converted by `convert` as its page is decoded (on another core,
    /// while the next page downloads).
    func list<Page: KubernetesListPage, Item: Sendable>(_ resource: KubernetesResource, page: Page.Type, labelSelector: String,
                                                        convert: @escaping @Sendable (Page.Item) -> Item) throws
        -> (items: [Item], resourceVersion: String?) {
        let deadline = newDeadline(resource)
        do {
            return try listAllPages(resource, Page.self, labelSelector, convert, deadline)
        } catch is ContinueExpired {
            do { return try listAllPages(resource, Page.self, labelSelector, convert, deadline) } catch is ContinueExpired {
                throw KubernetesError(description: "Kubernetes \(hostLabel): the \(resource.noun.dropLast()) list kept changing while it was read (410 Gone twice)", status: 410, place: hostLabel)
            }
        }
    }

    private struct ContinueExpired: Error {}

    /// Fetches pages one after another, within the side's limits; each page is decoded on
    /// another core while the next one downloads (the continue token is read from the page's
    /// metadata alone, so the pages, not the items, are what the bounds count here).
    private func listAllPages<Page: KubernetesListPage, Item: Sendable>(
        _ resource: KubernetesResource, _: Page.Type, _ selector: String, _ convert: @escaping @Sendable (Page.Item) -> Item,
        _ deadline: Deadline
    ) throws -> (items: [Item], resourceVersion: String?) {
        let decoded = PageResults<[Item]>()
        var resourceVersion: String?
        let decoding = DispatchGroup()
        var pages = PageFollower(listing: "the \(resource.noun.dropLast()) list", noun: resource.noun, countsItems: false,
                                 deadline: deadline)
        var token: String?
        var pageIndex = 0
        repeat {
            var query = ["limit=\(pageSize)"] + resource.query
            if !selector.isEmpty { query.append("labelSelector=\(encode(selector))") }
            if let token { query.append("continue=\(encode(token))") }
            let body = try get(resource.path + "?" + query.joined(separator: "&"), resource, deadline)
            let metadata = TopLevelJSON.member("metadata", in: body)
                .flatMap { try? ListMetadata.decodeFast($0) }
            do {
                token = try pages.next(after: 0, cursor: metadata?.continue.flatMap { $0.isEmpty ? nil : $0 })
            } catch {
                throw KubernetesError(description: "Kubernetes \(hostLabel): \(error)", causedBy: error, place: hostLabel)
            }
            resourceVersion = metadata?.resourceVersion ?? resourceVersion
            let index = pageIndex
            pageIndex += 1
            decoding.enter()
            Executor.decoding.submit {
                defer { decoding.leave() }
                decoded.store(index, Result { try (Page.decodeFast(body).items ?? []).map(convert) })
            }
        } while token != nil
        decoding.wait()
        var items: [Item] = []
        for result in decoded.inOrder() {
            guard case .success(let page) = result else {
                throw KubernetesError(description: "malformed JSON from Kubernetes \(hostLabel) listing \(resource.noun)", .parse, place: hostLabel)
            }
            items += page
        }
        return (items, resourceVersion)
    }

    /// Decoded pages, filled in from several threads.
    private final class PageResults<Page: Sendable>: Sendable {
        private let results = Mutex<[Int: Result<Page, any Error>]>([:])

        func store(_ index: Int, _ result: Result<Page, any Error>) {
            results.withLock { $0[index] = result }
        }

        func inOrder() -> [Result<Page, any Error>] {
            results.withLock { results in results.keys.sorted().map { results[$0]! } }
        }
    }

    /// One small authenticated call, `GET /api/v1/nodes?limit=1`: what `nubladash auth-check`
    /// runs. Returns how many nodes the page held (0 or 1).
    public func checkAccess(labelSelector: String = "") throws -> Int {
        try firstPageCount(.nodes, page: NodeListPage.self, labelSelector: labelSelector)
    }

    /// One page of one object of `resource` (`limit=1`): how many it held (0 or 1).
    func firstPageCount<Page: KubernetesListPage>(_ resource: KubernetesResource, page: Page.Type, labelSelector: String) throws -> Int {
        var query = "limit=1"
        if !labelSelector.isEmpty { query += "&labelSelector=\(encode(labelSelector))" }
        let body: Data
        do { body = try get(resource.path + "?" + query, resource, newDeadline(resource)) } catch is ContinueExpired {
            throw KubernetesError(description: "Kubernetes \(hostLabel): 410 Gone for a first page", status: 410, place: hostLabel)
        }
        guard let page = try? Page.decodeFast(body) else {
            throw KubernetesError(description: "malformed JSON from Kubernetes \(hostLabel) listing \(resource.noun)", .parse, place: hostLabel)
        }
        return page.items?.count ?? 0
    }

    /// A refresh starts: a credential plugin whose last run failed may run again. (Until
    /// then its failure is the answer, so the requests of one refresh wait for it once.)
    public func forgetCredentialFailure() {
        if case .exec(let plugin) = connection.authentication { plugin.forgetFailure() }
    }

    /// GETs `path`; after a 401 a refreshable credential (an exec plugin's, a token file's) is
    /// fetched again and the request sent once more.
    func get(_ path: String, _ resource: KubernetesResource, _ deadline: Deadline) throws -> Data {
        var (response, carried) = try send(path, resource, deadline)
        if response.status == 401 {
            switch connection.authentication {
            case .exec(let plugin):
                plugin.invalidate(refused: carried)
                (response, carried) = try send(path, resource, deadline)
            case .tokenFile:
                // The token may have rotated between reading the file and using it.
                response = try send(path, resource, deadline).response
            default:
                break
            }
        }
        switch response.status {
        case 200: return response.body
        case 410: throw ContinueExpired()
        default: throw statusError(response, resource)
        }
    }

    /// One request of `resource`'s side, on that side's connection, within its deadline; the
    /// answer, and the exec plugin's credential it carried, if any.
    private func send(_ path: String, _ resource: KubernetesResource, _ deadline: Deadline) throws
        -> (response: HTTPResponse, carried: ExecCredential?) {
        var (request, carried) = try authenticated(path)
        deadline.bound(&request)
        let http = resource.path == KubernetesResource.pods.path ? podsHTTP : self.http
        do { return (try http.send(request), carried) } catch let error as HTTPError {
            throw KubernetesError(description: "Kubernetes: \(error)", causedBy: error)
        }
    }

    /// A GET of `path` with the connection's TLS settings, proxy and credentials.
    func authenticatedRequest(_ path: String) throws -> HTTPRequest {
        try authenticated(path).request
    }

    /// `authenticatedRequest`, and the exec plugin's credential it carries (to say which one a
    /// 401 refused).
    private func authenticated(_ path: String) throws -> (request: HTTPRequest, carried: ExecCredential?) {
        let base = connection.server.hasSuffix("/") ? String(connection.server.dropLast()) : connection.server
        var request = HTTPRequest(url: base + path)
        request.tls = connection.tls
        request.proxy = connection.proxy.map(ProxyChoice.url) ?? .environment
        request.timeout = 60
        if connection.tls.clientKeyPEM != nil { request.carriesCredentials = true }
        switch connection.authentication {
        case .none: break
        case .token(let token): request.authorize(bearer: token)
        case .tokenFile(let path):
            // Re-read on every request: projected service-account tokens rotate.
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw KubernetesError(description: "Kubernetes: cannot read token file \(path); check that it exists and is readable (in a pod: the service-account token mount)", .auth, place: path)
            }
            request.authorize(bearer: text.trimmingCharacters(in: .whitespacesAndNewlines))
        case .basic(let user, let password):
            request.headers.append(("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()))
            request.carriesCredentials = true
        case .exec(let plugin):
            let credential = try plugin.credential()
            if let token = credential.token { request.authorize(bearer: token) }
            if let certificate = credential.clientCertificatePEM, let key = credential.clientKeyPEM {
                request.tls.clientCertificatePEM = certificate
                request.tls.clientKeyPEM = key
                request.carriesCredentials = true
            }
            return (request, credential)
        }
        return (request, nil)
    }

    var hostLabel: String { HostLabel.of(connection.server) }

    func statusError(_ response: HTTPResponse, _ resource: KubernetesResource) -> KubernetesError {
        let serverMessage = KubernetesStatus.message(in: response.body)
        let message = serverMessage.map { ": \($0)" } ?? ""
        let what = "\(hostLabel) (\(connection.origin))"
        switch response.status {
        case 401:
            return KubernetesError(description: "Kubernetes: unauthorized (401) at \(what)\(message); check the kubeconfig user's credentials (\(connection.credentialDescription))",
                                   status: 401, place: hostLabel, serverMessage: serverMessage)
        case 403:
            return KubernetesError(description: "Kubernetes: forbidden (403) at \(what)\(message); the user needs permission to \(resource.permission)", status: 403,
                                   place: hostLabel, serverMessage: serverMessage)
        default:
            return KubernetesError(description: "Kubernetes: HTTP \(response.status) \(resource.reading) \(resource.noun) at \(what)\(message)",
                                   status: response.status, place: hostLabel, serverMessage: serverMessage)
        }
    }

    func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
