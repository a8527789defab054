import Foundation
import NubladaEngine
import NubladaWork
import Synchronization

/// The Kubernetes list+watch protocol for one kind of object, as client-go's informers do it:
/// one list, then a watch stream of changes on its own connection and watch thread, keeping a cache
/// of `Value`s (what `convert` makes of each object). When the watch fails or its version
/// expires (410), the next call lists again; a server that does not speak watch is simply
/// listed on every call. `NodeInformer` and `PodInformer` are its two uses.
final class ListWatchCache<Object: WatchedObject, Value: Sendable>: Sendable {
    typealias Lister = @Sendable () throws -> (items: [Object], resourceVersion: String?)
    typealias Watcher = @Sendable (_ version: String, _ shouldStop: @escaping () -> Bool,
                                   _ onEvent: @escaping (WatchEvent<Object>) -> Bool) -> WatchResult

    private let list: Lister
    private let watch: Watcher
    private let convert: @Sendable (Object) -> Value?
    private let watchTimeout: Int
    private let state = Mutex(State())

    private struct State {
        var values: [String: Value] = [:]
        var resourceVersion: String?
        var generation = 0
        var cacheIsCurrent = false
        var watchRunning = false
        var watchUnsupported = false
        var stopping = false
        /// Why the last watch was given up, reported once by the next `current()`.
        var watchFailure: KubernetesError?

        /// The values sorted by key, and the generation.
        var snapshot: (values: [Value], generation: Int) {
            (values.keys.sorted { compareCodePoints($0, $1) < 0 }.map { values[$0]! }, generation)
        }
    }

    /// `watch` runs one watch request for `watchTimeout` seconds; objects `convert` maps to nil
    /// are left out of the cache.
    init(watchTimeout: Int, list: @escaping Lister, watch: @escaping Watcher,
         convert: @escaping @Sendable (Object) -> Value?) {
        self.watchTimeout = watchTimeout
        self.list = list
        self.watch = watch
        self.convert = convert
    }

    /// The values, sorted by key, and a generation number that changes whenever they do.
    /// After a watch was given up for a reason the admin should see (a refused line), that
    /// reason is thrown once; the call after it lists again.
    func current() throws -> (values: [Value], generation: Int) {
        if let failure = state.withLock({ state in defer { state.watchFailure = nil }; return state.watchFailure }) {
            throw failure
        }
        if let cached = state.withLock({ $0.cacheIsCurrent ? $0.snapshot : nil }) { return cached }
        let (items, version) = try list()
        var fresh: [String: Value] = [:]
        for item in items { fresh[item.cacheKey] = convert(item) }
        let (result, startWatch) = state.withLock { state in
            state.values = fresh
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
            Executor.watches.submit { [weak self] in self?.watchLoop() }
        }
        return result
    }

    /// Ends the watch (within about a second).
    func stop() {
        state.withLock {
            $0.stopping = true
            $0.cacheIsCurrent = false
        }
    }

    /// Whether a watch keeps the cache current now.
    var isWatching: Bool { state.withLock { $0.cacheIsCurrent } }

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
        let result = watch(version, { [weak self] in self?.isStopping ?? true },
                           { [weak self] event in self?.apply(event) ?? false })
        if result.notAWatchStream { state.withLock { $0.watchUnsupported = true } }
        if let failure = result.failure {
            state.withLock {
                $0.watchFailure = failure
                $0.cacheIsCurrent = false
            }
        }
        guard result.status == 200, result.healthy, !result.notAWatchStream else { return false }
        // Renew only a watch that lasted its time: one the server ended early (a restart, a
        // shutdown) is left to the next call's list, so a failing server is never hammered.
        let lastedItsTime = Date().timeIntervalSince(started) >= Double(watchTimeout) - 5
        return lastedItsTime && !isStopping
    }

    /// Applies one event to the cache; false when the watch must end (an error event).
    private func apply(_ event: WatchEvent<Object>) -> Bool {
        let converted: Value?
        switch event {
        case .added(let object), .modified(let object): converted = convert(object)
        default: converted = nil
        }
        return state.withLock { state in
            switch event {
            case .added(let object), .modified(let object):
                state.values[object.cacheKey] = converted
                state.resourceVersion = object.resourceVersion ?? state.resourceVersion
                state.generation += 1
            case .deleted(let object):
                state.values[object.cacheKey] = nil
                state.resourceVersion = object.resourceVersion ?? state.resourceVersion
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

extension ListWatchCache {
    /// A cache of the objects of `resource` that match `labelSelector`, listed in pages of
    /// `Page` and watched through `client`.
    convenience init<Page: KubernetesListPage>(client: KubernetesClient, _ resource: KubernetesResource, page: Page.Type,
                                               labelSelector: String, watchTimeout: Int, watchIdleTimeout: Int,
                                               convert: @escaping @Sendable (Object) -> Value?) where Page.Item == Object {
        self.init(
            watchTimeout: watchTimeout,
            list: { try client.list(resource, page: Page.self, labelSelector: labelSelector) },
            watch: { version, shouldStop, onEvent in
                client.watch(resource, labelSelector: labelSelector, from: version, timeoutSeconds: watchTimeout,
                             idleSeconds: watchIdleTimeout, shouldStop: shouldStop, onEvent: onEvent)
            },
            convert: convert)
    }
}
