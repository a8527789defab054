import Foundation

/// What the Kubernetes side answers: a document, or a watch stream (KubernetesWatch.swift).
enum KubernetesAnswer: Sendable {
    case reply(StandInReply)
    case watchNodes(NodeWatchRequest)
    case watchPods(NodeWatchRequest)
    case watchConfigMaps(NodeWatchRequest)

    /// The document (tests and callers that never watch).
    var reply: StandInReply? {
        if case .reply(let reply) = self { return reply }
        return nil
    }
}

/// A watch of the nodes (or the pods) as the query asked for it.
struct NodeWatchRequest: Sendable {
    var selector: LabelSelector
    /// The version after which changes are sent; nil (`resourceVersion` omitted or "0") starts
    /// with an ADDED event for every current node.
    var resourceVersion: Int?
    /// End the stream after this many seconds (nil: when the client or the server goes).
    var timeoutSeconds: Int?
    /// Send BOOKMARK events while idle (`allowWatchBookmarks=true`).
    var bookmarks: Bool
}

/// The slice of the Kubernetes API the dashboard and `kubectl get nodes` use: node list,
/// watch and get, the pod list, and discovery.
struct KubernetesAPI: Sendable {
    var token: String
    /// The `host:port` clients reach the listener at (for `/api`).
    var serverAddress: String

    /// Answers `request` under `plan` (the filters' verdict already taken).
    func respond(to request: StandInRequest, plan: RequestPlan) -> KubernetesAnswer {
        let malformed: Bool
        switch plan.action {
        case .fail(let code): return .reply(.json(ErrorBodies.kubernetes(code), status: code))
        case .unauthorized: return .reply(.json(ErrorBodies.kubernetes(401), status: 401))
        case .serve(let flag): malformed = flag
        }
        if request.path == "/version" || request.path == "/version/" {
            // Public information, readable without credentials.
            return .reply(.json(Self.versionDocument))
        }
        guard request.hasBearer(token) || request.verifiedClientCertificate else {
            return .reply(.json(ErrorBodies.kubernetes(401), status: 401))
        }
        var path = request.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path == "/api/v1/pods" {
            return Self.pods(plan, request: request, malformed: malformed)
        }
        if path == plan.controllerObjects.configMapsPath {
            guard request.method == "GET" else { return .reply(Self.methodNotAllowed) }
            if plan.controllerObjects.configMapsForbidden { return .reply(ControllerObjects.forbidden("configmaps", plan.controllerObjects.namespace)) }
            guard Self.isTrue(request.query["watch"]) else { return .reply(plan.controllerObjects.configMapList(query: request.query)) }
            // Only the controller's ConfigMap lives here: a label selector matches it or not alike.
            var query = request.query
            query["labelSelector"] = nil
            let answer = Self.watchRequest(query)
            guard case .watchNodes(let watch) = answer else { return answer }
            return .watchConfigMaps(watch)
        }
        if path == "/api/v1/nodes" && Self.isTrue(request.query["watch"]) {
            guard request.method == "GET" else { return .reply(Self.methodNotAllowed) }
            return Self.watchRequest(request.query)
        }
        let asTable = NodeTable.isRequested(accept: request.accept)
        let reply: StandInReply
        switch path {
        case "/api": reply = .json(apiVersions)
        case "/apis": reply = .json(Self.apiGroupList)
        case "/api/v1": reply = .json(Self.resourceList)
        case "/api/v1/nodes":
            let list = listNodes(plan.nodes, query: request.query, asTable: asTable)
            reply = malformed && list.status == 200 ? list.truncated : list
        default:
            if path.hasPrefix("/api/v1/nodes/") {
                let rawName = String(path.dropFirst("/api/v1/nodes/".count))
                reply = getNode(plan.nodes, name: rawName.removingPercentEncoding ?? rawName, asTable: asTable)
            } else if let object = plan.controllerObjects.answer(path: path) {
                reply = object
            } else {
                reply = .json(ErrorBodies.kubernetes(404), status: 404)
            }
        }
        if request.method != "GET" && reply.status == 200 { return .reply(Self.methodNotAllowed) }
        return .reply(reply)
    }

    /// `GET /api/v1/pods`: a PodList page or a watch, or 403 while pods are forbidden.
    static func pods(_ plan: RequestPlan, request: StandInRequest, malformed: Bool) -> KubernetesAnswer {
        guard !plan.podsForbidden else {
            let message = #"pods is forbidden: User "system:serviceaccount:nublado:nubladash" cannot list resource "pods" in API group "" at the cluster scope"#
            return .reply(.json(ErrorBodies.kubernetes(403, message: message), status: 403))
        }
        guard request.method == "GET" else { return .reply(methodNotAllowed) }
        if isTrue(request.query["watch"]) { return watchRequest(request.query, pods: true) }
        let list = plan.pods.list(request.query, asTable: NodeTable.isRequested(accept: request.accept))
        return .reply(malformed && list.status == 200 ? list.truncated : list)
    }

    static let methodNotAllowed = StandInReply.json(
        ErrorBodies.kubernetes(405, message: "the server does not allow this method on the requested resource"),
        status: 405)

    /// Go's `strconv.ParseBool` true values, as the apiserver reads `watch` and
    /// `allowWatchBookmarks`.
    static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "t", "T", "true", "TRUE", "True"].contains(value)
    }

    /// The watch the query asks for, or the 400 Status of a bad parameter.
    static func watchRequest(_ query: [String: String], pods: Bool = false) -> KubernetesAnswer {
        let selector: LabelSelector
        do {
            selector = try LabelSelector(parsing: query["labelSelector"] ?? "")
        } catch {
            return .reply(.json(ErrorBodies.kubernetes(400, message: error.message), status: 400))
        }
        var resourceVersion: Int? = nil
        if let text = query["resourceVersion"], !text.isEmpty, text != "0" {
            guard let value = Int(text), value > 0 else {
                return .reply(.json(ErrorBodies.kubernetes(400, message: "invalid resource version: \(text)"), status: 400))
            }
            resourceVersion = value
        }
        var timeout: Int? = nil
        if let text = query["timeoutSeconds"], !text.isEmpty {
            guard let value = Int(text), value >= 0 else {
                return .reply(.json(ErrorBodies.kubernetes(400, message: "timeoutSeconds: Invalid value: \"\(text)\""),
                                    status: 400))
            }
            timeout = value > 0 ? value : nil
        }
        let watch = NodeWatchRequest(selector: selector, resourceVersion: resourceVersion, timeoutSeconds: timeout,
                                     bookmarks: isTrue(query["allowWatchBookmarks"]))
        return pods ? .watchPods(watch) : .watchNodes(watch)
    }

    /// One node, or a one-row Table of it (`asTable`).
    func getNode(_ nodes: NodeDataset, name: String, asTable: Bool = false) -> StandInReply {
        guard !name.contains("/") else { return .json(ErrorBodies.kubernetes(404), status: 404) }
        guard let record = nodes.record(named: name) else {
            return .json(ErrorBodies.kubernetes(404, message: "nodes \"\(name)\" not found", details: (name, "nodes")),
                         status: 404)
        }
        if asTable {
            return .json(NodeTable.document([record], resourceVersion: nodes.resourceVersion, continueToken: nil, now: Date()))
        }
        return .json(record.json)
    }

    /// A NodeList page (or a Table of it, `asTable`) for `labelSelector`, `limit` and `continue`.
    func listNodes(_ nodes: NodeDataset, query: [String: String], asTable: Bool = false) -> StandInReply {
        let records = nodes.records
        let page: ListPaging
        switch ListPaging.page(query, resourceVersion: nodes.resourceVersion, count: records.count,
                               key: { records[$0].name }, labels: { records[$0].labels },
                               firstPosition: nodes.firstPosition(atOrAfter:)) {
        case .success(let found): page = found
        case .failure(let error): return error.reply
        }
        let selected = page.positions, continueToken = page.continueToken
        if asTable {
            return .json(NodeTable.document(selected.map { records[$0] }, resourceVersion: nodes.resourceVersion,
                                            continueToken: continueToken, now: Date()))
        }
        let bodySize = selected.reduce(256) { $0 + records[$1].json.count + 1 }
        var writer = JSONWriter(capacity: bodySize)
        writer.raw("{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{")
        writer.field("resourceVersion", String(nodes.resourceVersion), first: true)
        if let continueToken, let last = selected.last {
            writer.field("continue", continueToken)
            if page.selectsEverything {
                // The apiserver only counts the rest of an unfiltered list.
                writer.field("remainingItemCount", records.count - last - 1)
            }
        }
        writer.raw("},\"items\":[")
        for (index, position) in selected.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw(records[position].json)
        }
        writer.raw("]}")
        return .json(writer.bytes)
    }

    static let versionDocument = Array("""
        {"major":"1","minor":"30","gitVersion":"v1.30.5-gke.1014001","gitCommit":"c4a4d7b0e1b2c3d4e5f60718293a4b5c6d7e8f90",\
        "gitTreeState":"clean","buildDate":"2024-09-20T04:18:28Z","goVersion":"go1.22.6 X:boringcrypto",\
        "compiler":"gc","platform":"linux/amd64"}
        """.utf8)

    var apiVersions: [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[{")
        writer.field("clientCIDR", "0.0.0.0/0", first: true)
        writer.field("serverAddress", serverAddress)
        writer.raw("}]}")
        return writer.bytes
    }

    static let apiGroupList = Array(#"{"kind":"APIGroupList","apiVersion":"v1","groups":[]}"#.utf8)

    static let resourceList = Array("""
        {"kind":"APIResourceList","groupVersion":"v1","resources":[\
        {"name":"nodes","singularName":"node","namespaced":false,"kind":"Node",\
        "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],\
        "shortNames":["no"],"storageVersionHash":"XwShjMxG9Fs="},\
        {"name":"nodes/proxy","singularName":"","namespaced":false,"kind":"NodeProxyOptions",\
        "verbs":["create","delete","get","patch","update"]},\
        {"name":"nodes/status","singularName":"","namespaced":false,"kind":"Node","verbs":["get","patch","update"]},\
        {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get","list","watch"],\
        "shortNames":["po"],"categories":["all"]}]}
        """.utf8)
}
