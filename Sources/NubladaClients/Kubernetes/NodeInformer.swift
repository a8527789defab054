import Foundation
import NubladaEngine

/// Keeps the cluster's nodes current with the Kubernetes list+watch protocol, as client-go's
/// informers do: one list, then a watch stream of changes on its own connection and thread.
/// An idle dashboard then costs nothing: no node list is fetched or decoded until a node
/// changes. When the watch fails or its version expires (410), the next call lists again; a
/// server that does not speak watch is simply listed on every call.
public final class NodeInformer: @unchecked Sendable {
    private let client: KubernetesClient
    private let selector: String
    private let http = CurlHTTPClient()
    private let lock = NSLock()
    private var nodes: [String: ClusterNode] = [:]
    private var resourceVersion: String?
    private var generation = 0
    private var cacheIsCurrent = false
    private var watchRunning = false
    private var watchUnsupported = false
    private var stopping = false
    /// Seconds a watch request lasts before it is renewed (the server ends it then).
    public var watchTimeout = 300
    /// Seconds of silence after which a watch is given up for dead (a half-open connection):
    /// servers send a bookmark about every minute, so a stream this quiet is not coming back.
    public var watchIdleTimeout = 150

    public init(client: KubernetesClient, labelSelector: String) {
        self.client = client
        self.selector = labelSelector
    }

    /// The nodes, by name, and a generation number that changes whenever they do.
    public func current() throws -> (nodes: [ClusterNode], generation: Int) {
        lock.lock()
        if cacheIsCurrent {
            defer { lock.unlock() }
            return snapshot()
        }
        lock.unlock()
        let (list, version) = try client.listNodesWithVersion(labelSelector: selector)
        lock.lock()
        defer { lock.unlock() }
        nodes = Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        resourceVersion = version
        generation += 1
        if version != nil && !watchUnsupported && !stopping {
            cacheIsCurrent = true
            if !watchRunning {
                watchRunning = true
                let thread = Thread { [weak self] in self?.watchLoop() }
                thread.name = "nubladash node watch"
                thread.start()
            }
        }
        return snapshot()
    }

    /// Ends the watch (within about a second).
    public func stop() {
        lock.lock()
        stopping = true
        cacheIsCurrent = false
        lock.unlock()
    }

    /// Whether a watch keeps the cache current now.
    public var isWatching: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cacheIsCurrent
    }

    private func snapshot() -> (nodes: [ClusterNode], generation: Int) {
        (nodes.values.sorted { compareCodePoints($0.name, $1.name) < 0 }, generation)
    }

    /// Watches until stopped, the stream fails or the version expires; then marks the cache
    /// stale so that the next `current()` lists again (and starts a new watch).
    private func watchLoop() {
        defer {
            lock.lock()
            watchRunning = false
            cacheIsCurrent = false
            lock.unlock()
        }
        while true {
            lock.lock()
            let version = resourceVersion
            let stop = stopping
            lock.unlock()
            guard !stop, let version else { return }
            guard watchOnce(from: version) else { return }
        }
    }

    /// One watch request; true when it ended normally (its timeout) and should be renewed.
    private func watchOnce(from version: String) -> Bool {
        var query = ["watch=1", "allowWatchBookmarks=true", "resourceVersion=\(client.encode(version))",
                     "timeoutSeconds=\(watchTimeout)"]
        if !selector.isEmpty { query.append("labelSelector=\(client.encode(selector))") }
        guard var request = try? client.authenticatedRequest("/api/v1/nodes?" + query.joined(separator: "&")) else {
            return false
        }
        request.timeout = Double(watchTimeout + 60)
        request.idleTimeout = Double(watchIdleTimeout)
        let started = Date()
        var splitter = LineSplitter()
        var healthy = true
        var sawEvent = false
        let status = try? http.stream(request, shouldStop: { [weak self] in self?.isStopping ?? true }) { chunk in
            for line in splitter.append(chunk) where healthy {
                guard let event = WatchEvent.parse(line) else {
                    // Not a watch stream: this server answers watches with something else.
                    healthy = false
                    if !sawEvent { self.markWatchUnsupported() }
                    continue
                }
                sawEvent = true
                healthy = self.apply(event)
            }
        }
        if status != 200 {
            if status == nil || status == 0 { return false }
            if !sawEvent && (status == 404 || status == 405) { markWatchUnsupported() }
            return false
        }
        if !sawEvent {
            // A normal end without a single event or bookmark: a server that answers watches
            // with a plain list (or nothing) does not speak watch; list on every call instead.
            if !splitter.remainder.isEmpty, WatchEvent.parse(splitter.remainder) == nil { markWatchUnsupported() }
            if !healthy || isWatchUnsupported { return false }
        }
        // Renew only a watch that lasted its time: one the server ended early (a restart, a
        // shutdown) is left to the next call's list, so a failing server is never hammered.
        let lastedItsTime = Date().timeIntervalSince(started) >= Double(watchTimeout) - 5
        return healthy && lastedItsTime && !isStopping
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private var isWatchUnsupported: Bool {
        lock.lock()
        defer { lock.unlock() }
        return watchUnsupported
    }

    private func markWatchUnsupported() {
        lock.lock()
        watchUnsupported = true
        lock.unlock()
    }

    /// Applies one event to the cache; false when the watch must end (an error event).
    private func apply(_ event: WatchEvent) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .added(let node), .modified(let node):
            nodes[node.metadata.name] = node.clusterNode
            resourceVersion = node.metadata.resourceVersion ?? resourceVersion
            generation += 1
        case .deleted(let node):
            nodes[node.metadata.name] = nil
            resourceVersion = node.metadata.resourceVersion ?? resourceVersion
            generation += 1
        case .bookmark(let version):
            resourceVersion = version ?? resourceVersion
        case .error:
            return false
        }
        return true
    }
}
