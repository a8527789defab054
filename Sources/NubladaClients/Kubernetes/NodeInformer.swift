import Foundation
import NubladaEngine
import Synchronization

/// Keeps the cluster's nodes current with the Kubernetes list+watch protocol, as client-go's
/// informers do: one list, then a watch stream of changes on its own connection and thread.
/// An idle dashboard then costs nothing: no node list is fetched or decoded until a node
/// changes. When the watch fails or its version expires (410), the next call lists again; a
/// server that does not speak watch is simply listed on every call.
public final class NodeInformer: Sendable {
    private let client: KubernetesClient
    private let selector: String
    private let state = Mutex(State())
    /// Seconds a watch request lasts before it is renewed (the server ends it then).
    public let watchTimeout: Int
    /// Seconds of silence after which a watch is given up for dead (a half-open connection):
    /// servers send a bookmark about every minute, so a stream this quiet is not coming back.
    public let watchIdleTimeout: Int

    private struct State {
        var nodes: [String: ClusterNode] = [:]
        var resourceVersion: String?
        var generation = 0
        var cacheIsCurrent = false
        var watchRunning = false
        var watchUnsupported = false
        var stopping = false

        /// The nodes sorted by name, and the generation.
        var snapshot: (nodes: [ClusterNode], generation: Int) {
            (nodes.values.sorted { compareCodePoints($0.name, $1.name) < 0 }, generation)
        }
    }

    public init(client: KubernetesClient, labelSelector: String, watchTimeout: Int = 300, watchIdleTimeout: Int = 150) {
        self.client = client
        self.selector = labelSelector
        self.watchTimeout = watchTimeout
        self.watchIdleTimeout = watchIdleTimeout
    }

    /// The nodes, by name, and a generation number that changes whenever they do.
    public func current() throws -> (nodes: [ClusterNode], generation: Int) {
        if let cached = state.withLock({ $0.cacheIsCurrent ? $0.snapshot : nil }) { return cached }
        let (list, version) = try client.listNodesWithVersion(labelSelector: selector)
        let (result, startWatch) = state.withLock { state in
            state.nodes = Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
            state.resourceVersion = version
            state.generation += 1
            var startWatch = false
            if version != nil && !state.watchUnsupported && !state.stopping {
                state.cacheIsCurrent = true
                startWatch = !state.watchRunning
                state.watchRunning = true
            }
            return (state.snapshot, startWatch)
        }
        if startWatch {
            let thread = Thread { [weak self] in self?.watchLoop() }
            thread.name = "nubladash node watch"
            thread.start()
        }
        return result
    }

    /// Ends the watch (within about a second).
    public func stop() {
        state.withLock {
            $0.stopping = true
            $0.cacheIsCurrent = false
        }
    }

    /// Whether a watch keeps the cache current now.
    public var isWatching: Bool { state.withLock { $0.cacheIsCurrent } }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    /// Watches until stopped, the stream fails or the version expires; then marks the cache
    /// stale so that the next `current()` lists again (and starts a new watch).
    private func watchLoop() {
        defer {
            state.withLock {
                $0.watchRunning = false
                $0.cacheIsCurrent = false
            }
        }
        while let version = state.withLock({ $0.stopping ? nil : $0.resourceVersion }), watchOnce(from: version) {}
    }

    /// One watch request; true when it ended normally (its timeout) and should be renewed.
    private func watchOnce(from version: String) -> Bool {
        let started = Date()
        let result = client.watchNodes(
            labelSelector: selector, from: version, timeoutSeconds: watchTimeout, idleSeconds: watchIdleTimeout,
            shouldStop: { [weak self] in self?.isStopping ?? true },
            onEvent: { [weak self] event in self?.apply(event) ?? false })
        if result.notAWatchStream { state.withLock { $0.watchUnsupported = true } }
        guard result.status == 200, result.healthy, !result.notAWatchStream else { return false }
        // Renew only a watch that lasted its time: one the server ended early (a restart, a
        // shutdown) is left to the next call's list, so a failing server is never hammered.
        let lastedItsTime = Date().timeIntervalSince(started) >= Double(watchTimeout) - 5
        return lastedItsTime && !isStopping
    }

    /// Applies one event to the cache; false when the watch must end (an error event).
    private func apply(_ event: WatchEvent) -> Bool {
        state.withLock { state in
            switch event {
            case .added(let node), .modified(let node):
                state.nodes[node.metadata.name] = node.clusterNode
                state.resourceVersion = node.metadata.resourceVersion ?? state.resourceVersion
                state.generation += 1
            case .deleted(let node):
                state.nodes[node.metadata.name] = nil
                state.resourceVersion = node.metadata.resourceVersion ?? state.resourceVersion
                state.generation += 1
            case .bookmark(let version):
                state.resourceVersion = version ?? state.resourceVersion
            case .error:
                return false
            }
            return true
        }
    }
}
