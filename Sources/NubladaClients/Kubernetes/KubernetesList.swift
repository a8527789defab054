import Foundation

/// The metadata of a Kubernetes list page: the token of the next page, and the version from
/// which a watch of later changes starts.
struct ListMetadata: WireObject, Equatable {
    var `continue`: String?
    var resourceVersion: String?

    static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
        try reader.optional("continue", &value.continue)
        try reader.optional("resourceVersion", &value.resourceVersion)
    }
}

/// One page of a Kubernetes list (NodeList, PodList), decoded by the shared paging code.
protocol KubernetesListPage: WireObject, Equatable, Sendable {
    associatedtype Item: WatchedObject
    var metadata: ListMetadata? { get set }
    var items: [Item]? { get set }
}

extension KubernetesListPage {
    static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
        try reader.optional("metadata", &value.metadata)
        try reader.optional("items", &value.items)
    }
}

/// A Kubernetes object as the clients read it: its `metadata` (required), `spec` and `status`,
/// each of a type of its own. Nodes and pods.
protocol KubernetesObject: WireObject {
    associatedtype Metadata: WireObject
    associatedtype Spec: WireObject
    associatedtype Status: WireObject
    var metadata: Metadata { get set }
    var spec: Spec? { get set }
    var status: Status? { get set }
}

extension KubernetesObject {
    static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
        try reader.required("metadata", &value.metadata)
        try reader.optional("spec", &value.spec)
        try reader.optional("status", &value.status)
    }
}

/// An object that list and watch answers carry: its resourceVersion is where a watch resumes.
protocol WatchedObject: WireObject, Equatable, Sendable {
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
