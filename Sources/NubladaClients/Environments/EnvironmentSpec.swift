import Foundation
import NubladaEngine

/// One environment of an environments file: a name, its controller configuration (already
/// read, so a broken one is reported when the file is loaded), and how to reach its cluster
/// and registry. Paths are absolute (resolved against the environments file).
public struct EnvironmentSpec: Sendable {
    public var name: String
    public var configuration: ControllerConfiguration
    public var kubeconfig: String?
    public var context: String?
    /// The per-environment `--registry-endpoint`.
    public var registryEndpoint: String?
    /// The entry's own `refresh`, else nil (then the configuration's, else the standard one).
    public var refresh: RefreshInterval?

    public init(name: String, configuration: ControllerConfiguration, kubeconfig: String? = nil, context: String? = nil,
                registryEndpoint: String? = nil, refresh: RefreshInterval? = nil) {
        self.name = name
        self.configuration = configuration
        self.kubeconfig = kubeconfig
        self.context = context
        self.registryEndpoint = registryEndpoint
        self.refresh = refresh
    }

    /// How often this environment refreshes: the entry's `refresh`, else the configuration's
    /// `images.refreshInterval`, else the dashboard's standard interval.
    public var refreshInterval: RefreshInterval { refresh ?? configuration.refreshInterval ?? .standard }

    /// The clients for this environment, with its own credentials (Google or Docker) and
    /// kubeconfig context.
    public func makeRefresher(dockerConfig: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClusterRefresher {
        try ClusterRefresher.make(configuration: configuration, kubeconfig: kubeconfig, context: context,
                                  registryEndpoint: registryEndpoint, dockerConfig: dockerConfig, environment: environment)
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
