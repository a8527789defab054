import Foundation
import NubladaEngine
import Synchronization

/// One environment's refresh path, from timer to values: fetch the registry listing and the
/// nodes at the same time (the clients' I/O), evaluate both with `ImageEngine` (pure), and
/// hand back a `ClusterPicture`. Nothing here keeps image state between refreshes except
/// the last inputs and picture, to skip recomputing when nothing changed.
public final class ClusterRefresher: Sendable {
    public let configuration: ControllerConfiguration
    public let registry: any RegistrySource
    public let kubernetes: KubernetesClient
    /// Keeps the node list current between dashboard refreshes (list once, then watch).
    public let nodeInformer: NodeInformer
    /// What the last dashboard refresh was computed from, and what it gave.
    private let last = Mutex<LastEvaluation?>(nil)

    private struct LastEvaluation {
        var listing: RegistryListing
        var nodeGeneration: Int
        var picture: ClusterPicture
    }

    public init(configuration: ControllerConfiguration, registry: any RegistrySource, kubernetes: KubernetesClient) {
        self.configuration = configuration
        self.registry = registry
        self.kubernetes = kubernetes
        nodeInformer = NodeInformer(client: kubernetes, labelSelector: configuration.labelSelector)
    }

    /// Builds the clients from command-line settings (configuration file, kubeconfig, context,
    /// registry endpoint) and the environment's credentials.
    public static func make(configPath: String, kubeconfig: String?, context: String?, garEndpoint: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClusterRefresher {
        let configuration = try ControllerConfiguration.load(path: configPath)
        let endpoint = garEndpoint ?? GARClient.defaultEndpoint
        try GARClient.validate(endpoint: endpoint)
        let connection = try KubeConfigLoader.connection(kubeconfig: kubeconfig, context: context, environment: environment)
        let tokens = try GoogleCredentialChain.provider(environment: environment)
        return ClusterRefresher(configuration: configuration, registry: GARClient(endpoint: endpoint, tokens: tokens),
                                kubernetes: KubernetesClient(connection: connection))
    }

    /// One full refresh (what `snapshot` runs): the registry and a fresh node list, read at
    /// the same time, then evaluated.
    public func snapshot(now: Double = Date().timeIntervalSince1970) throws -> ClusterPicture {
        let (listing, nodes) = try fetch { try kubernetes.listNodes(labelSelector: configuration.labelSelector) }
        return ImageEngine.evaluate(configuration.labImages, listing: listing, nodes: nodes, now: now)
    }

    /// One dashboard refresh: the registry is read again, the nodes come from the watched
    /// cache; when neither changed since the last refresh, the last picture is reused with the
    /// new time (so an idle dashboard on a large cluster costs almost nothing).
    public func refreshDashboard(now: Double = Date().timeIntervalSince1970) throws -> ClusterPicture {
        let (listing, (nodes, generation)) = try fetch { try nodeInformer.current() }
        if var picture = last.withLock({ $0 }).flatMap({ $0.listing == listing && $0.nodeGeneration == generation ? $0.picture : nil }) {
            picture.dashboard.refreshedAt = now
            return picture
        }
        let picture = ImageEngine.evaluate(configuration.labImages, listing: listing, nodes: nodes, now: now)
        last.withLock { $0 = LastEvaluation(listing: listing, nodeGeneration: generation, picture: picture) }
        return picture
    }

    /// Reads the registry on another thread while `nodes` runs here; the registry's error
    /// wins when both fail.
    private func fetch<Nodes: Sendable>(nodes: @Sendable () throws -> Nodes) throws -> (RegistryListing, Nodes) {
        let registry = self.registry, settings = configuration.labImages
        let (listing, nodeList) = concurrently({ try registry.fetchListing(settings) }, nodes)
        return (try listing.get(), try nodeList.get())
    }
}
