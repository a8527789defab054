import Foundation
import NubladaEngine
import NubladaWork

/// A preview of a configuration change against what the cluster runs now: the settings that
/// differ from the controller's ConfigMap, and what the proposed configuration would change in
/// the prepull set and the spawner menu on the live registry and nodes (`PictureChange`).
public struct ConfigurationPreview: Sendable {
    public var deployed: ControllerConfiguration
    public var proposed: ControllerConfiguration
    public var keys: [ConfigurationKeyChange]
    public var change: PictureChange

    /// The two configurations read from different registries (their images differ by reference).
    public var sourceChanged: Bool { deployed.prepuller.source != proposed.prepuller.source }

    /// The comparison of what was read (pure): each configuration is evaluated on the same
    /// nodes (those its own node selector matches), with its own listing.
    public static func compare(deployed: ControllerConfiguration, proposed: ControllerConfiguration,
                               deployedListing: RegistryListing, proposedListing: RegistryListing,
                               nodes: [ClusterNode], now: Double) -> ConfigurationPreview {
        let before = ImageEngine.evaluate(deployed.labImages, listing: deployedListing,
                                          nodes: selected(nodes, by: deployed.nodeSelector), now: now, parallelism: .ownThread)
        let after = ImageEngine.evaluate(proposed.labImages, listing: proposedListing,
                                         nodes: selected(nodes, by: proposed.nodeSelector), now: now, parallelism: .ownThread)
        return ConfigurationPreview(deployed: deployed, proposed: proposed,
                                    keys: ControllerConfiguration.keyChanges(from: deployed, to: proposed),
                                    change: PictureChange(from: before, to: after))
    }

    /// The nodes whose labels hold every pair of `selector` (what the API server's label
    /// selector would have listed).
    static func selected(_ nodes: [ClusterNode], by selector: [(key: String, value: String)]) -> [ClusterNode] {
        selector.isEmpty ? nodes : nodes.filter { node in selector.allSatisfy { node.labels[$0.key] == $0.value } }
    }

    /// Reads the proposed configuration from `proposedPath`, the deployed one from the
    /// controller's ConfigMap (same errors as a start without `--config`), then the nodes once
    /// and the registry once per distinct source, at the same time, and compares.
    public static func read(proposedPath: String, kubeconfig: String?, context: String?, registryEndpoint: String?,
                            dockerConfig: String? = nil,
                            controllerNamespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace,
                            clusterSecrets: Bool = true,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            helperTimeout: HelperTimeout = .longest,
                            now: Double = Date().timeIntervalSince1970) throws -> ConfigurationPreview {
        let proposed = try ControllerConfiguration.load(path: proposedPath)
        if let registryEndpoint { try RegistryEndpoint.validate(registryEndpoint) }
        let connection: KubernetesConnection
        do {
            connection = try KubeConfigLoader.connection(kubeconfig: kubeconfig, context: context, environment: environment,
                                                         helperTimeout: helperTimeout)
        } catch {
            throw ConfigError("no cluster to read the controller's ConfigMap from: \(error) (give --kubeconfig or --context)")
        }
        let kubernetes = KubernetesClient(connection: connection)
        let deployed = try DeployedConfiguration.read(from: kubernetes, namespace: controllerNamespace.name)
        let secret = clusterSecrets ? ClusterPullSecret(client: kubernetes, namespace: controllerNamespace.name) : nil
        func registry(_ configuration: ControllerConfiguration) throws -> any RegistrySource {
            try ClusterRefresher.makeRegistry(configuration, endpoint: registryEndpoint, dockerConfig: dockerConfig,
                                              clusterSecret: secret, environment: environment)
        }
        let deployedRegistry = try registry(deployed)
        let proposedRegistry = deployed.prepuller.source == proposed.prepuller.source ? nil : try registry(proposed)
        // One node list serves both when their selectors agree; else every node, selected here.
        let selector = deployed.labelSelector == proposed.labelSelector ? deployed.labelSelector : ""
        let (nodes, read) = concurrently({
            try kubernetes.listNodes(labelSelector: selector)
        }, {
            try Self.listings(deployed: deployed.labImages, proposed: proposed.labImages,
                         deployedRegistry: deployedRegistry, proposedRegistry: proposedRegistry)
        })
        let (deployedListing, proposedListing) = try read.get()
        return compare(deployed: deployed, proposed: proposed, deployedListing: deployedListing,
                       proposedListing: proposedListing, nodes: try nodes.get(), now: now)
    }

    /// Each configuration's listing. One source: read once (for a Docker registry, the tags
    /// once and the digests both configurations resolve, each listing keeping only its own, as
    /// its refresh would have fetched). Two sources: both read at the same time.
    static func listings(deployed: LabImageSettings, proposed: LabImageSettings, deployedRegistry: any RegistrySource,
                         proposedRegistry: (any RegistrySource)?) throws -> (RegistryListing, RegistryListing) {
        if let proposedRegistry {
            let (before, after) = concurrently({ try deployedRegistry.fetchListing(deployed) },
                                               { try proposedRegistry.fetchListing(proposed) })
            return (try before.get(), try after.get())
        }
        guard let docker = deployedRegistry as? DockerRegistryClient else {
            let listing = try deployedRegistry.fetchListing(deployed)
            return (listing, listing)
        }
        let deadline = docker.newDeadline()
        let tags = try docker.listTags(within: deadline)
        let wanted = (before: ImageEngine.tagsToResolve(deployed, tags: tags), after: ImageEngine.tagsToResolve(proposed, tags: tags))
        var union = wanted.before
        for tag in wanted.after where !union.contains(tag) { union.append(tag) }
        let digests = try docker.digests(forTags: union, within: deadline)
        func only(_ wanted: [String]) -> RegistryListing {
            let keep = Set(wanted)
            return .docker(tags: tags, digests: digests.filter { keep.contains($0.key) })
        }
        return (only(wanted.before), only(wanted.after))
    }
}
