import Foundation
import NubladaEngine
import Synchronization

/// Why the node list could not be read.
/// Server messages are quoted in it: control characters and line breaks are escaped.
public struct KubernetesError: Error, CustomStringConvertible {
    public var description: String
    /// The HTTP status that caused it, when one did (403: a missing permission, never retried).
    public var status: Int?

    public init(description: String, status: Int? = nil) {
        self.description = MessageText.oneLine(description)
        self.status = status
    }
}

/// Lists Kubernetes nodes and pods (paged, filtered server-side by label selector) over libcurl.
public final class KubernetesClient: @unchecked Sendable {
    public let connection: KubernetesConnection
    private let http: CurlHTTPClient
    /// Nodes per page.
    public var pageSize = 500

    public init(connection: KubernetesConnection, http: CurlHTTPClient = CurlHTTPClient()) {
        self.connection = connection
        self.http = http
    }

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
        do {
            return try listAllPages(resource, Page.self, labelSelector, convert)
        } catch is ContinueExpired {
            do { return try listAllPages(resource, Page.self, labelSelector, convert) } catch is ContinueExpired {
                throw KubernetesError(description: "Kubernetes \(hostLabel): the \(resource.noun.dropLast()) list kept changing while it was read (410 Gone twice)")
            }
        }
    }

    private struct ContinueExpired: Error {}

    /// Fetches pages one after another; each page is decoded on another core while the next
    /// one downloads (the continue token is read from the page's metadata alone).
    private func listAllPages<Page: KubernetesListPage, Item: Sendable>(
        _ resource: KubernetesResource, _: Page.Type, _ selector: String, _ convert: @escaping @Sendable (Page.Item) -> Item
    ) throws -> (items: [Item], resourceVersion: String?) {
        let decoded = PageResults<[Item]>()
        var resourceVersion: String?
        let decoding = DispatchGroup()
        var token: String?
        var pageIndex = 0
        repeat {
            var query = ["limit=\(pageSize)"]
            if !selector.isEmpty { query.append("labelSelector=\(encode(selector))") }
            if let token { query.append("continue=\(encode(token))") }
            let body = try get(resource.path + "?" + query.joined(separator: "&"), resource)
            let metadata = TopLevelJSON.member("metadata", in: body)
                .flatMap { try? ListMetadata.decodeFast($0) }
            token = metadata?.continue.flatMap { $0.isEmpty ? nil : $0 }
            resourceVersion = metadata?.resourceVersion ?? resourceVersion
            let index = pageIndex
            pageIndex += 1
            DispatchQueue.global().async(group: decoding) {
                decoded.store(index, Result { try (Page.decodeFast(body).items ?? []).map(convert) })
            }
        } while token != nil
        decoding.wait()
        var items: [Item] = []
        for result in decoded.inOrder() {
            guard case .success(let page) = result else {
                throw KubernetesError(description: "malformed JSON from Kubernetes \(hostLabel) listing \(resource.noun)")
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
        do { body = try get(resource.path + "?" + query, resource) } catch is ContinueExpired {
            throw KubernetesError(description: "Kubernetes \(hostLabel): 410 Gone for a first page")
        }
        guard let page = try? Page.decodeFast(body) else {
            throw KubernetesError(description: "malformed JSON from Kubernetes \(hostLabel) listing \(resource.noun)")
        }
        return page.items?.count ?? 0
    }

    /// GETs `path`; after a 401 a refreshable credential (an exec plugin's, a token file's) is
    /// fetched again and the request sent once more.
    func get(_ path: String, _ resource: KubernetesResource) throws -> Data {
        var response = try send(path)
        if response.status == 401 {
            switch connection.authentication {
            case .exec(let plugin):
                plugin.invalidate()
                response = try send(path)
            case .tokenFile:
                // The token may have rotated between reading the file and using it.
                response = try send(path)
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

    private func send(_ path: String) throws -> HTTPResponse {
        let request = try authenticatedRequest(path)
        do { return try http.send(request) } catch let error as HTTPError {
            throw KubernetesError(description: "Kubernetes: \(error)")
        }
    }

    /// A GET of `path` with the connection's TLS settings, proxy and credentials.
    func authenticatedRequest(_ path: String) throws -> HTTPRequest {
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
                throw KubernetesError(description: "Kubernetes: cannot read token file \(path); check that it exists and is readable (in a pod: the service-account token mount)")
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
        }
        return request
    }

    var hostLabel: String {
        guard let url = URL(string: connection.server), let host = url.host else { return connection.server }
        return url.port.map { "\(host):\($0)" } ?? host
    }

    func statusError(_ response: HTTPResponse, _ resource: KubernetesResource) -> KubernetesError {
        let message = KubernetesStatus.message(in: response.body).map { ": \($0)" } ?? ""
        let what = "\(hostLabel) (\(connection.origin))"
        switch response.status {
        case 401:
            return KubernetesError(description: "Kubernetes: unauthorized (401) at \(what)\(message); check the kubeconfig user's credentials (\(connection.credentialDescription))")
        case 403:
            return KubernetesError(description: "Kubernetes: forbidden (403) at \(what)\(message); the user needs permission to \(resource.permission)", status: 403)
        default:
            return KubernetesError(description: "Kubernetes: HTTP \(response.status) \(resource.reading) \(resource.noun) at \(what)\(message)",
                                   status: response.status)
        }
    }

    func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
