import Foundation
import NubladaEngine
import NubladaWork
import Synchronization

/// One environment's refresh path, from timer to values: fetch the registry listing and the
/// nodes (and, for the dashboard, the controller's pods) at the same time (the clients' I/O),
/// evaluate them with `ImageEngine` and `ClusterActivity` (pure), and hand back a
/// `ClusterPicture` and its activity. Nothing here keeps image state between refreshes except
/// the last inputs and picture, to skip recomputing when nothing changed.
public final class ClusterRefresher: Sendable {
    public let configuration: ControllerConfiguration
    public let registry: any RegistrySource
    public let kubernetes: KubernetesClient
    /// Keeps the node list current between dashboard refreshes (list once, then watch).
    public let nodeInformer: NodeInformer
    /// Keeps the controller's prepull and lab pods current between dashboard refreshes.
    public let podInformer: PodInformer
    /// The controller's `prepullTimeout` and namespace, for reading its pods.
    public let activitySettings: ActivitySettings
    /// What the last dashboard refresh was computed from, and what it gave.
    private let last = Mutex<LastEvaluation?>(nil)
    /// The pods of the last dashboard refresh that could read them (used while they cannot).
    private let lastPods = Mutex<[LabPod]?>(nil)
    /// When each side last answered a dashboard refresh (its data is shown until it answers again).
    private let answered = Mutex<RefreshSides>(RefreshSides())
    /// The sides a refresh is waiting on right now.
    private let pending = Mutex<Set<Side>>([])

    /// The two sides a refresh reads at the same time.
    enum Side: CaseIterable {
        case registry
        case cluster
    }

    private struct LastEvaluation {
        var listing: RegistryListing
        var nodes: [ClusterNode]
        var nodeGeneration: Int
        var picture: ClusterPicture
    }

    /// - Parameter controllerNamespace: where the controller runs, so where its prepull pods are.
    public init(configuration: ControllerConfiguration, registry: any RegistrySource, kubernetes: KubernetesClient,
                controllerNamespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace) {
        self.configuration = configuration
        self.registry = registry
        self.kubernetes = kubernetes
        nodeInformer = NodeInformer(client: kubernetes, labelSelector: configuration.labelSelector)
        podInformer = PodInformer(client: kubernetes)
        activitySettings = ActivitySettings(prepullTimeout: configuration.prepullTimeout,
                                            controllerNamespace: controllerNamespace)
    }

    /// Builds the clients from command-line settings (configuration file, kubeconfig, context,
    /// registry endpoint, Docker config file, controller namespace) and the environment's credentials.
    /// Without a configuration file, the configuration is the controller's deployed one, read
    /// from its ConfigMap in the cluster. With `clusterSecrets`, a Docker registry that asks for
    /// credentials none of the local files has gets the controller's pull secret, as the
    /// controller itself pulls.
    public static func make(configPath: String?, kubeconfig: String?, context: String?, registryEndpoint: String?,
                            dockerConfig: String? = nil,
                            controllerNamespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace,
                            clusterSecrets: Bool = true,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            helperTimeout: HelperTimeout = .longest) throws -> ClusterRefresher {
        let file = try configPath.map(ControllerConfiguration.load(path:))
        if let registryEndpoint { try RegistryEndpoint.validate(registryEndpoint) }
        let connection: KubernetesConnection
        do {
            connection = try KubeConfigLoader.connection(kubeconfig: kubeconfig, context: context, environment: environment,
                                                         helperTimeout: helperTimeout)
        } catch where file == nil {
            throw ConfigError("no --config, and no cluster to read the controller's ConfigMap from: \(error) (give --config FILE, --kubeconfig or --context, or try --demo)")
        }
        let kubernetes = KubernetesClient(connection: connection)
        let configuration = try file ?? DeployedConfiguration.read(from: kubernetes, namespace: controllerNamespace.name)
        let secret = clusterSecrets ? ClusterPullSecret(client: kubernetes, namespace: controllerNamespace.name) : nil
        let registry = try makeRegistry(configuration, endpoint: registryEndpoint, dockerConfig: dockerConfig,
                                        clusterSecret: secret, environment: environment)
        return ClusterRefresher(configuration: configuration, registry: registry, kubernetes: kubernetes,
                                controllerNamespace: controllerNamespace)
    }

    /// Builds the clients for a configuration already read (an environment of an environments file).
    public static func make(configuration: ControllerConfiguration, kubeconfig: String?, context: String?,
                            registryEndpoint: String?, dockerConfig: String? = nil,
                            controllerNamespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            helperTimeout: HelperTimeout = .longest) throws -> ClusterRefresher {
        if let registryEndpoint { try RegistryEndpoint.validate(registryEndpoint) }
        let registry = try makeRegistry(configuration, endpoint: registryEndpoint, dockerConfig: dockerConfig, environment: environment)
        let connection = try KubeConfigLoader.connection(kubeconfig: kubeconfig, context: context, environment: environment,
                                                         helperTimeout: helperTimeout)
        return ClusterRefresher(configuration: configuration, registry: registry, kubernetes: KubernetesClient(connection: connection),
                                controllerNamespace: controllerNamespace)
    }

    /// The registry client the configuration's source needs: Artifact Registry with Google
    /// credentials, or a Docker registry with Docker credentials.
    public static func makeRegistry(_ configuration: ControllerConfiguration, endpoint: String?, dockerConfig: String?,
                                    clusterSecret: ClusterPullSecret? = nil,
                                    environment: [String: String]) throws -> any RegistrySource {
        switch configuration.prepuller.source {
        case .google:
            let tokens = try GoogleCredentialChain.provider(environment: environment)
            return GARClient(endpoint: endpoint ?? GARClient.defaultEndpoint, tokens: tokens)
        case .docker(let source):
            let store = DockerCredentialStore(dockerConfig: dockerConfig, pullSecretPath: configuration.dockerCredentialsPath,
                                              clusterSecret: clusterSecret, environment: environment)
            return DockerRegistryClient(registry: source.registry, repository: source.repository, endpoint: endpoint,
                                        credentials: store)
        }
    }

    /// One full refresh (what `snapshot` runs): the registry and a fresh node list, read at
    /// the same time, then evaluated (in one of `slots` when refreshes share them).
    public func snapshot(now: Double = Date().timeIntervalSince1970, slots: RefreshSlots? = nil) throws -> ClusterPicture {
        kubernetes.forgetCredentialFailure()
        let (listing, nodeList) = fetchForSnapshot()
        return try slots.hold { try evaluate(listing, nodeList, now: now) }
    }

    /// A snapshot's registry listing and node list, read at the same time.
    func fetchForSnapshot() -> (listing: Result<RegistryListing, any Error>, nodes: Result<[ClusterNode], any Error>) {
        let kubernetes = self.kubernetes, selector = configuration.labelSelector
        return fetch { try kubernetes.listNodes(labelSelector: selector) }
    }

    /// The picture of what a snapshot read; a `RefreshFailure` of the sides that failed, said
    /// as the registry's when it failed (its message says most).
    func evaluate(_ listing: Result<RegistryListing, any Error>, _ nodes: Result<[ClusterNode], any Error>,
                  now: Double) throws(RefreshFailure) -> ClusterPicture {
        switch (listing, nodes) {
        case (.success(let entries), .success(let nodes)):
            return ImageEngine.evaluate(configuration.labImages, listing: entries, nodes: nodes, now: now, parallelism: .ownThread)
        default:
            var failures: [SideFailure] = []
            if case .failure(let error) = listing { failures.append(SideFailure(.registry, error)) }
            if case .failure(let error) = nodes { failures.append(SideFailure(.nodes, error)) }
            throw RefreshFailure(sides: failures, failedAt: Date().timeIntervalSince1970, partial: false)
        }
    }

    /// One dashboard refresh: the registry is read again, the nodes and pods come from the
    /// watched caches; when neither the listing nor the nodes changed since the last refresh,
    /// the last picture is reused with the new time (so an idle dashboard on a large cluster
    /// costs almost nothing). The activity is computed again every time (pulls age).
    ///
    /// When one side fails, the other is still shown: the failed side's last good input is
    /// used (none on a first refresh: no images, or no nodes) and the failed sides are returned
    /// with the data (a partial failure). Only when registry and nodes both fail does it throw
    /// (a `RefreshFailure` of both, said as the registry's, whose message says most). Pods are
    /// optional: without permission to list them the activity says so and no failure is reported.
    ///
    /// The evaluation runs in one of `slots` when refreshes share them; the wait for the
    /// answers takes none.
    public func refreshDashboard(now: Double = Date().timeIntervalSince1970, slots: RefreshSlots? = nil) throws
        -> RefreshOutcome {
        let informer = nodeInformer, pods = podInformer
        kubernetes.forgetCredentialFailure()
        let (listingResult, cluster) = fetch {
            (nodes: Result { try informer.current() }, pods: Result { try pods.current() })
        }
        let (nodesResult, podsResult) = (cluster.flatMap(\.nodes), cluster.flatMap(\.pods))
        let sides = answered.withLock { answered in
            if case .success = listingResult { answered.registry = now }
            if case .success = nodesResult { answered.cluster = now }
            return answered
        }
        return try slots.hold {
            try evaluateDashboard(listingResult, nodesResult, podsResult, sides: sides, now: now)
        }
    }

    /// The data and activity of what a dashboard refresh read, with the sides that failed.
    private func evaluateDashboard(_ listingResult: Result<RegistryListing, any Error>,
                                   _ nodesResult: Result<(nodes: [ClusterNode], generation: Int), any Error>,
                                   _ podsResult: Result<PodInformer.Reading, any Error>,
                                   sides: RefreshSides, now: Double) throws -> RefreshOutcome {
        let settings = configuration.labImages
        let previous = last.withLock { $0 }
        var failures: [SideFailure] = []
        let listing: RegistryListing, nodes: [ClusterNode], generation: Int
        switch listingResult {
        case .success(let fetched): listing = fetched
        case .failure(let error):
            failures.append(SideFailure(.registry, error))
            listing = previous?.listing ?? RegistryListing.empty(for: settings.prepuller.source)
        }
        switch nodesResult {
        case .success(let fetched): (nodes, generation) = fetched
        case .failure(let error):
            failures.append(SideFailure(.nodes, error))
            if failures.first?.side == .registry {
                throw RefreshFailure(sides: failures, failedAt: Date().timeIntervalSince1970, partial: false)
            }
            (nodes, generation) = (previous?.nodes ?? [], previous?.nodeGeneration ?? -1)
        }
        let (podsRead, podsFailure) = readPods(podsResult)
        if let podsFailure { failures.append(podsFailure) }
        let failure = failures.isEmpty ? nil
            : RefreshFailure(sides: failures, failedAt: Date().timeIntervalSince1970, partial: true)
        var picture: ClusterPicture
        if let reused = previous.flatMap({ $0.listing == listing && $0.nodeGeneration == generation ? $0.picture : nil }) {
            picture = reused
            picture.dashboard.refreshedAt = now
        } else {
            picture = ImageEngine.evaluate(settings, listing: listing, nodes: nodes, now: now, parallelism: .ownThread)
            last.withLock { $0 = LastEvaluation(listing: listing, nodes: nodes, nodeGeneration: generation, picture: picture) }
        }
        let activity: ActivityReading = switch podsRead {
        case .success(let pods): .activity(ClusterActivity(picture: picture, pods: pods, now: now, settings: activitySettings))
        case .failure(let unreadable): unreadable.reading
        }
        return RefreshOutcome(data: picture.dashboard, activity: activity, failure: failure, sides: sides,
                              configurationSource: configuration.origin.description, picture: picture)
    }

    /// The pods to compute the activity from: the informer's, else (while it fails) the last
    /// ones read, with the failure to report; none when listing them is forbidden, which is no
    /// failure of the refresh (the activity says which permission is missing).
    private func readPods(_ result: Result<PodInformer.Reading, any Error>)
        -> (pods: Result<[LabPod], PodsUnreadable>, failure: SideFailure?) {
        switch result {
        case .success(.pods(let pods, _)):
            lastPods.withLock { $0 = pods }
            return (.success(pods), nil)
        case .success(.forbidden(let message)):
            return (.failure(PodsUnreadable(reading: .error(message))), nil)
        case .failure(let error):
            let kept = lastPods.withLock { $0 }
            return (kept.map { .success($0) } ?? .failure(PodsUnreadable(reading: .unreadable(error))), SideFailure(.pods, error))
        }
    }

    /// No pods to compute the activity from, and what to show instead.
    private struct PodsUnreadable: Error {
        var reading: ActivityReading
    }

    /// Ends the node and pod watches (within about a second).
    public func stopWatching() {
        nodeInformer.stop()
        podInformer.stop()
    }

    /// The digest `tag` points at now, for a tag whose digest a Docker source did not fetch
    /// (one `HEAD`); an Artifact Registry listing already has every digest.
    public func resolveDigest(tag: String) throws -> String {
        try registry.digest(forTag: tag)
    }

    /// The hosts a refresh is waiting on right now (registry first): the registry endpoint's
    /// and the Kubernetes API server's, as configured. Empty between refreshes.
    public var waitingOn: [String] {
        let sides = pending.withLock { $0 }
        var hosts: [String] = []
        for side in Side.allCases where sides.contains(side) {
            let host = switch side {
            case .registry: HostLabel.of(registry.endpoint)
            case .cluster: kubernetes.hostLabel
            }
            if !hosts.contains(host) { hosts.append(host) }
        }
        return hosts
    }

    /// Reads the registry and `nodes` at the same time, the one place a refresh's requests go
    /// out; each side is pending (`waitingOn`) until it returns.
    private func fetch<Nodes: Sendable>(nodes: @Sendable () throws -> Nodes)
        -> (listing: Result<RegistryListing, any Error>, nodes: Result<Nodes, any Error>)
    {
        let registry = self.registry, settings = configuration.labImages
        pending.withLock { $0 = Set(Side.allCases) }
        let (nodesRead, listing) = concurrently({
            defer { self.returned(.cluster) }
            return try nodes()
        }, {
            defer { self.returned(.registry) }
            return try registry.fetchListing(settings)
        })
        return (listing, nodesRead)
    }

    /// One side's requests are over, answered or failed.
    private func returned(_ side: Side) {
        pending.withLock { _ = $0.remove(side) }
    }
}

extension RegistryListing {
    /// A listing with nothing in it, for a source whose registry has not answered yet.
    static func empty(for source: ImageSourceOptions) -> RegistryListing {
        switch source {
        case .google: return .artifactRegistry([])
        case .docker: return .docker(tags: [], digests: [:])
        }
    }
}
