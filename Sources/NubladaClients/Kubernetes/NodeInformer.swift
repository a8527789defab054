import Foundation
import NubladaEngine

/// Keeps the cluster's nodes current with the Kubernetes list+watch protocol (`ListWatchCache`).
/// An idle dashboard then costs nothing: no node list is fetched or decoded until a node
/// changes.
public final class NodeInformer: Sendable {
    private let cache: ListWatchCache<NodeListPage.Node, ClusterNode>
    /// Seconds a watch request lasts before it is renewed (the server ends it then).
    public let watchTimeout: Int

    /// - Parameter watchIdleTimeout: seconds of silence after which a watch is given up for
    ///   dead (a half-open connection): servers send a bookmark about every minute.
    public init(client: KubernetesClient, labelSelector: String, watchTimeout: Int = 300, watchIdleTimeout: Int = 150) {
        self.watchTimeout = watchTimeout
        cache = ListWatchCache(client: client, .nodes, page: NodeListPage.self, labelSelector: labelSelector,
                               watchTimeout: watchTimeout, watchIdleTimeout: watchIdleTimeout, convert: { $0.clusterNode })
    }

    /// The nodes, by name, and a generation number that changes whenever they do.
    public func current() throws -> (nodes: [ClusterNode], generation: Int) {
        let (nodes, generation) = try cache.current()
        return (nodes, generation)
    }

    /// Ends the watch (within about a second).
    public func stop() { cache.stop() }

    /// Whether a watch keeps the cache current now.
    public var isWatching: Bool { cache.isWatching }
}
