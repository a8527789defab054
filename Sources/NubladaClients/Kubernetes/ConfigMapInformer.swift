import Foundation

/// One ConfigMap as list and watch answers carry it.
struct ConfigMapObject: WatchedObject {
    struct Metadata: WireObject, Equatable, Sendable {
        var name: String?
        var namespace: String?
        var resourceVersion: String?

        static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
            try reader.optional("name", &value.name)
            try reader.optional("namespace", &value.namespace)
            try reader.optional("resourceVersion", &value.resourceVersion)
        }
    }

    var metadata: Metadata?
    var data: [String: String]?

    var resourceVersion: String? { metadata?.resourceVersion }
    var cacheKey: String { metadata?.name ?? "" }

    static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
        try reader.optional("metadata", &value.metadata)
        try reader.optional("data", &value.data)
    }
}

/// A page of a ConfigMapList.
struct ConfigMapListPage: KubernetesListPage {
    var metadata: ListMetadata?
    var items: [ConfigMapObject]?
}

/// Keeps one ConfigMap current with list+watch (a field selector on its name), as nodes and
/// pods are kept: a change (an Argo CD sync) is in the cache as soon as the watch brings it,
/// and an unchanged ConfigMap costs no request at all between refreshes.
public final class ConfigMapInformer: Sendable {
    public let object: KubernetesObjectName
    private let cache: ListWatchCache<ConfigMapObject, KubernetesConfigMap>

    public init(client: KubernetesClient, object: KubernetesObjectName, watchTimeout: Int = 300, watchIdleTimeout: Int = 150) {
        self.object = object
        let resource = KubernetesResource(
            path: "/api/v1/namespaces/\(client.encode(object.namespace))/configmaps", noun: "configmaps",
            permission: "list and watch configmaps in namespace \(object.namespace)",
            query: ["fieldSelector=\(client.encode("metadata.name=\(object.name)"))"])
        cache = ListWatchCache(client: client, resource, page: ConfigMapListPage.self, labelSelector: "",
                               watchTimeout: watchTimeout, watchIdleTimeout: watchIdleTimeout) { item in
            KubernetesConfigMap(object: object, resourceVersion: item.resourceVersion, data: item.data ?? [:])
        }
    }

    /// The ConfigMap as the cache holds it (nil: there is none), listing it first when no watch
    /// keeps the cache current.
    public func current() throws -> KubernetesConfigMap? {
        try cache.current().values.first
    }

    /// Ends the watch (within about a second).
    public func stop() { cache.stop() }

    /// Whether a watch keeps the cache current now.
    public var isWatching: Bool { cache.isWatching }
}
