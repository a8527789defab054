import Foundation
import NubladaEngine
import Synchronization

/// A dashboard's refresher that follows the configuration the controller runs: before each
/// refresh, a change of the ConfigMap (seen by its watch) is taken at once: the picture is
/// computed with it, the registry client is built anew only when the image source changed,
/// and the change is announced once. Without a follower (a `--config` file) it is the
/// refresher alone.
public final class FollowingRefresher: Sendable {
    private let current: Mutex<ClusterRefresher>
    private let follower: ConfigurationFollower?
    /// The registry client a new configuration's image source needs.
    private let makeRegistry: @Sendable (ControllerConfiguration) throws -> any RegistrySource
    /// Why the last change could not be taken (its registry client could not be made), until one is.
    private let untaken = Mutex<SideFailure?>(nil)

    public init(_ refresher: ClusterRefresher, follower: ConfigurationFollower? = nil,
                makeRegistry: @escaping @Sendable (ControllerConfiguration) throws -> any RegistrySource = { _ in
                    throw ConfigError("the image source cannot change here")
                }) {
        current = Mutex(refresher)
        self.follower = follower
        self.makeRegistry = makeRegistry
    }

    /// `refresher`, following the ConfigMap its configuration was read from (a configuration
    /// from a file is not followed). A new image source gets a registry client made as at start:
    /// `registryEndpoint`, `dockerConfig`, the cluster's pull secret when `clusterSecrets`.
    public static func following(_ refresher: ClusterRefresher, registryEndpoint: String?, dockerConfig: String?,
                                 clusterSecrets: Bool,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) -> FollowingRefresher {
        guard case .configMap = refresher.configuration.origin else { return FollowingRefresher(refresher) }
        let kubernetes = refresher.kubernetes, namespace = refresher.activitySettings.controllerNamespace.name
        let follower = ConfigurationFollower(client: kubernetes, namespace: namespace, initial: refresher.configuration)
        return FollowingRefresher(refresher, follower: follower) { configuration in
            try ClusterRefresher.makeRegistry(
                configuration, endpoint: registryEndpoint, dockerConfig: dockerConfig,
                clusterSecret: clusterSecrets ? ClusterPullSecret(client: kubernetes, namespace: namespace) : nil,
                environment: environment)
        }
    }

    /// The refresher in use (the last configuration taken).
    public var refresher: ClusterRefresher { current.withLock { $0 } }

    /// One dashboard refresh on the configuration in force, with its notice announcing a
    /// change taken now (`configuration changed: images.numWeeklies 2 → 4`). A ConfigMap that
    /// cannot be used is a failure of the configuration side (said first) beside the data,
    /// which keeps the last good configuration. Throws (a `RefreshFailure`) when neither the
    /// registry nor the nodes answered.
    public func refreshDashboard(now: Double = Date().timeIntervalSince1970, slots: RefreshSlots? = nil) throws
        -> RefreshOutcome {
        var notice: String?, problem: SideFailure?
        switch follower?.check() ?? .unchanged {
        case .unchanged:
            // A change that could not be taken stays said until one can.
            problem = untaken.withLock { $0 }
        case .changed(let configuration, let changes):
            // A new version that changes no setting (an annotation, a resync) costs nothing:
            // the refresher and its node and pod watches stay.
            guard !changes.isEmpty else { problem = untaken.withLock { $0 }; break }
            do {
                try take(configuration)
                untaken.withLock { $0 = nil }
                notice = "configuration changed: " + changes.joined(separator: ", ")
            } catch {
                problem = SideFailure(side: .configuration, cause: FailureCause(of: error),
                                      message: "the new configuration cannot be used: \(error); the last one stays in use")
                untaken.withLock { $0 = problem }
            }
        case .unusable(let reason):
            problem = reason
        }
        var refresh = try refresher.refreshDashboard(now: now, slots: slots)
        if let problem {
            refresh.failure = RefreshFailure(sides: [problem] + (refresh.failure?.sides ?? []),
                                             failedAt: Date().timeIntervalSince1970, partial: true)
        }
        refresh.notice = notice
        return refresh
    }

    /// Puts a refresher for `configuration` in place of the current one (the same Kubernetes
    /// client; the same registry client while the image source is the same).
    private func take(_ configuration: ControllerConfiguration) throws {
        let old = refresher
        let registry = configuration.prepuller.source == old.configuration.prepuller.source
            ? old.registry : try makeRegistry(configuration)
        let next = ClusterRefresher(configuration: configuration, registry: registry, kubernetes: old.kubernetes,
                                    controllerNamespace: old.activitySettings.controllerNamespace)
        current.withLock { $0 = next }
        old.stopWatching()
    }

    /// Ends every watch.
    public func stopWatching() {
        refresher.stopWatching()
        follower?.stop()
    }
}
