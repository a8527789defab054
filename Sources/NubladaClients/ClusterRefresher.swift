import Foundation
import NubladaEngine

/// Everything needed to refresh: the controller configuration, the registry and Kubernetes
/// clients. One refresh lists the nodes, then the registry, and recomputes the image service.
public final class ClusterRefresher: @unchecked Sendable {
    public let configuration: ControllerConfiguration
    public let registry: GARClient
    public let kubernetes: KubernetesClient
    public let service: ImageService
    /// Keeps the node list current between dashboard refreshes (list once, then watch).
    public let nodeInformer: NodeInformer
    private let lock = NSLock()
    /// What the last dashboard refresh was computed from, to skip recomputing unchanged input.
    private var lastListing: [RegistryEntry]?
    private var lastNodeGeneration = -1
    private var lastData: DashboardData?

    public init(configuration: ControllerConfiguration, registry: GARClient, kubernetes: KubernetesClient) {
        self.configuration = configuration
        self.registry = registry
        self.kubernetes = kubernetes
        let source = GARImageSource(source: configuration.prepuller.source, lister: registry,
                                    filterPolicy: configuration.dropdown, aliasTags: configuration.prepuller.aliasTags)
        service = ImageService(options: configuration.prepuller, tolerations: configuration.tolerations, source: source)
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

    /// One refresh: the node list and the registry listing, fetched concurrently, then the
    /// image service recomputed from both.
    public func refresh() throws {
        lock.lock()
        defer { lock.unlock() }
        let (entries, nodes) = try fetch { try kubernetes.listNodes(labelSelector: configuration.labelSelector) }
        try service.refresh(nodeList: nodes, listing: entries)
    }

    /// Lists the registry on another thread while `nodes` runs here.
    private func fetch<T>(nodes: () throws -> T) throws -> ([RegistryEntry], T) {
        let listing = ListingResult()
        let registryDone = DispatchGroup()
        let registry = self.registry, source = configuration.prepuller.source
        DispatchQueue.global().async(group: registryDone) {
            listing.result = Result { try registry.listEntries(source) }
        }
        let nodeResult = Result { try nodes() }
        registryDone.wait()
        return (try listing.result!.get(), try nodeResult.get())
    }

    private final class ListingResult: @unchecked Sendable {
        var result: Result<[RegistryEntry], any Error>?
    }

    /// One dashboard refresh: the registry is listed again, the nodes come from the watched
    /// cache; when neither changed since the last refresh, the last picture is reused (so an
    /// idle dashboard on a large cluster costs almost nothing).
    public func refreshDashboard(now: Double = Date().timeIntervalSince1970) throws -> DashboardData {
        lock.lock()
        defer { lock.unlock() }
        let (entries, (nodes, generation)) = try fetch { try nodeInformer.current() }
        if var data = lastData, generation == lastNodeGeneration, entries == lastListing {
            data.refreshedAt = now
            lastData = data
            return data
        }
        try service.refresh(nodeList: nodes, listing: entries)
        let data = DashboardData(service: service, refreshedAt: now)
        lastListing = entries
        lastNodeGeneration = generation
        lastData = data
        return data
    }

    /// The snapshot document of the last refresh.
    public func snapshotJSON(now: Double = Date().timeIntervalSince1970) -> JSONValue {
        lock.lock()
        defer { lock.unlock() }
        return service.snapshotJSON(now: now)
    }
}
