import Synchronization

/// An environment's clients, built on first use: for an environment whose configuration is the
/// cluster's own, building them reads the controller's ConfigMap, which must not hold up the
/// screen or the other environments. The build runs inside the environment's refresh, so a
/// failure is that refresh's failure (its row in error, retried with its backoff) and the next
/// refresh tries again; once built, the clients are kept.
public final class DeferredRefresher: Sendable {
    private let build: @Sendable () throws -> FollowingRefresher
    private let built: Mutex<FollowingRefresher?>
    /// The host the build waits on (the Kubernetes API server), and whether it is waiting now.
    private let buildHost: String
    private let building = Mutex(false)

    /// Clients to build when first asked for (`build` may read `server`, the cluster's API).
    public init(server: String, _ build: @escaping @Sendable () throws -> FollowingRefresher) {
        self.build = build
        buildHost = HostLabel.of(server)
        built = Mutex(nil)
    }

    /// Clients already built.
    public init(_ refresher: FollowingRefresher) {
        build = { refresher }
        buildHost = ""
        built = Mutex(refresher)
    }

    /// The clients, built now if they are not yet (blocks on the network then: call it from a
    /// refresh, never from the screen's thread). One refresh of an environment runs at a time,
    /// so the build is never run twice at once.
    public func refresher() throws -> FollowingRefresher {
        if let refresher = built.withLock({ $0 }) { return refresher }
        building.withLock { $0 = true }
        defer { building.withLock { $0 = false } }
        let refresher = try build()
        built.withLock { $0 = refresher }
        return refresher
    }

    /// The clients if they are built, else nil (never blocks).
    public var existing: ClusterRefresher? { built.withLock { $0 }?.refresher }

    /// The hosts a refresh is waiting on right now: the clients', or while they are being
    /// built, the cluster's (its ConfigMap is being read). Never blocks.
    public var waitingOn: [String] {
        if let refresher = existing { return refresher.waitingOn }
        return building.withLock { $0 } ? [buildHost] : []
    }
}
