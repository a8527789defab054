import Foundation

/// The metadata of a Kubernetes list page: the token of the next page, and the version from
/// which a watch of later changes starts.
struct ListMetadata: Decodable, Equatable {
    var `continue`: String?
    var resourceVersion: String?
}

/// One page of a Kubernetes list (NodeList, PodList), decoded by the shared paging code.
protocol KubernetesListPage: Decodable, ByteDecodable, Equatable, Sendable {
    associatedtype Item: WatchedObject
    var items: [Item]? { get }
    init(metadata: ListMetadata?, items: [Item]?)
}

/// An object that list and watch answers carry: its resourceVersion is where a watch resumes.
protocol WatchedObject: Decodable, ByteDecodable, Equatable, Sendable {
    var resourceVersion: String? { get }
    /// What identifies it in the cache (`name`, or `namespace/name`).
    var cacheKey: String { get }
}

/// What a list or watch reads: its API path and the words its errors use.
struct KubernetesResource: Sendable {
    var path: String
    /// `nodes`, `pods`.
    var noun: String
    /// What the user needs when the answer is 403.
    var permission: String
    /// What a request for it does, in messages (`listing nodes`, `reading the ConfigMap …`).
    var reading = "listing"
    /// Query items every list and watch of it carries (a field selector).
    var query: [String] = []

    static let nodes = KubernetesResource(path: "/api/v1/nodes", noun: "nodes", permission: "list nodes")
    static let pods = KubernetesResource(path: "/api/v1/pods", noun: "pods", permission: "list pods in all namespaces")
}
