import Foundation
import NubladaEngine

/// Everything needed to refresh: the controller configuration, the registry and Kubernetes
/// clients. One refresh lists the nodes, then the registry, and recomputes the image service.
public final class ClusterRefresher: @unchecked Sendable {
    public let configuration: ControllerConfiguration
    public let registry: GARClient
    public let kubernetes: KubernetesClient
    public let service: ImageService
    private let lock = NSLock()

    public init(configuration: ControllerConfiguration, registry: GARClient, kubernetes: KubernetesClient) {
        self.configuration = configuration
        self.registry = registry
        self.kubernetes = kubernetes
        let source = GARImageSource(source: configuration.prepuller.source, lister: registry,
                                    filterPolicy: configuration.dropdown, aliasTags: configuration.prepuller.aliasTags)
        service = ImageService(options: configuration.prepuller, tolerations: configuration.tolerations, source: source)
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
        let listing = ListingResult()
        let registryDone = DispatchGroup()
        let registry = self.registry, source = configuration.prepuller.source
        DispatchQueue.global().async(group: registryDone) {
            listing.result = Result { try registry.listEntries(source) }
        }
        let nodes = Result { try kubernetes.listNodes(labelSelector: configuration.labelSelector) }
        registryDone.wait()
        let entries = try listing.result!.get()
        try service.refresh(nodeList: try nodes.get(), listing: entries)
    }

    private final class ListingResult: @unchecked Sendable {
        var result: Result<[RegistryEntry], any Error>?
    }

    /// One refresh, and the picture the dashboard draws of it.
    public func refreshDashboard(now: Double = Date().timeIntervalSince1970) throws -> DashboardData {
        try refresh()
        lock.lock()
        defer { lock.unlock() }
        return DashboardData(service: service, refreshedAt: now)
    }

    /// The snapshot document of the last refresh.
    public func snapshotJSON(now: Double = Date().timeIntervalSince1970) -> JSONValue {
        lock.lock()
        defer { lock.unlock() }
        return service.snapshotJSON(now: now)
    }
}
