import Foundation
import NubladaEngine

/// One environment of an environments file (or of `--contexts`): a name, its controller
/// configuration, and how to reach its cluster and registry. A configuration given as a file
/// is read with the environments file, so a broken one is reported when the file is loaded;
/// without one, the cluster's own (the controller's ConfigMap) is read when the environment's
/// clients are built, inside its first refresh. Paths are absolute (resolved against the
/// environments file).
public struct EnvironmentSpec: Sendable {
    public var name: String
    /// The configuration read from the entry's `config`, or nil: read from the cluster.
    public var configuration: ControllerConfiguration?
    public var kubeconfig: String?
    public var context: String?
    /// The per-environment `--registry-endpoint`.
    public var registryEndpoint: String?
    /// The entry's own `refresh`, else nil (then the configuration's, else the standard one).
    public var refresh: RefreshInterval?
    /// Where the controller runs: its prepull pods, and its ConfigMap when there is no `config`.
    public var controllerNamespace: ControllerNamespace
    /// Whether a Docker registry may get the controller's pull secret from the cluster
    /// (`--no-cluster-secrets` says no).
    public var clusterSecrets: Bool
    /// The longest the kubeconfig's exec plugin may run (`--helper-timeout`).
    public var helperTimeout = HelperTimeout.longest

    public init(name: String, configuration: ControllerConfiguration?, kubeconfig: String? = nil, context: String? = nil,
                registryEndpoint: String? = nil, refresh: RefreshInterval? = nil,
                controllerNamespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace, clusterSecrets: Bool = true) {
        self.name = name
        self.configuration = configuration
        self.kubeconfig = kubeconfig
        self.context = context
        self.registryEndpoint = registryEndpoint
        self.refresh = refresh
        self.controllerNamespace = controllerNamespace
        self.clusterSecrets = clusterSecrets
    }

    /// How often this environment refreshes: the entry's `refresh`, else the configuration's
    /// `images.refreshInterval`, else the dashboard's standard interval. For a configuration
    /// still to be read from the cluster, the entry's, else the standard one.
    public var refreshInterval: RefreshInterval { refresh ?? configuration?.refreshInterval ?? .standard }

    /// The clients for this environment, with its own credentials (Google or Docker) and
    /// kubeconfig context. Without a configuration this reads the cluster's ConfigMap (network):
    /// call it where the environment refreshes, never where the screen is drawn.
    public func makeRefresher(dockerConfig: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClusterRefresher {
        guard let configuration else {
            // The kubeconfig's own error, said plainly: `make` words it for a missing --config.
            _ = try connection(environment: environment)
            return try ClusterRefresher.make(configPath: nil, kubeconfig: kubeconfig, context: context,
                                             registryEndpoint: registryEndpoint, dockerConfig: dockerConfig,
                                             controllerNamespace: controllerNamespace, clusterSecrets: clusterSecrets,
                                             environment: environment, helperTimeout: helperTimeout)
        }
        return try ClusterRefresher.make(configuration: configuration, kubeconfig: kubeconfig, context: context,
                                         registryEndpoint: registryEndpoint, dockerConfig: dockerConfig,
                                         controllerNamespace: controllerNamespace, environment: environment,
                                         helperTimeout: helperTimeout)
    }

    /// `makeRefresher`, following the ConfigMap when the configuration is the cluster's.
    public func makeFollowingRefresher(dockerConfig: String? = nil,
                                       environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FollowingRefresher {
        .following(try makeRefresher(dockerConfig: dockerConfig, environment: environment), registryEndpoint: registryEndpoint,
                   dockerConfig: dockerConfig, clusterSecrets: clusterSecrets, environment: environment)
    }

    /// The cluster this environment's kubeconfig and context name (read from local files only).
    public func connection(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KubernetesConnection {
        try KubeConfigLoader.connection(kubeconfig: kubeconfig, context: context, environment: environment,
                                        helperTimeout: helperTimeout)
    }
}

/// A bad entry of an environments file, said in one line that names the entry and the key:
/// `environments.yaml: idfint: refresh: must be a number of seconds from 5 to 86400 (1 day), found '2'`.
/// The other environments still load.
public struct EnvironmentProblem: Sendable, CustomStringConvertible, Equatable {
    /// The file the problem is in (its last path component).
    public var file: String
    /// The entry's name, or its position (`environments[3]`) when it has no usable name.
    public var entry: String
    /// Whether `entry` is an environment name (the snapshot reports the problem under it).
    public var entryIsName: Bool
    /// What is wrong, starting with the key (`config: ...`).
    public var message: String

    public var description: String { MessageText.oneLine("\(file): \(entry): \(message)") }
}
