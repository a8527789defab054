import Foundation
import NubladaEngine
import Synchronization

/// Keeps the controller's prepull and lab pods current across all namespaces with the
/// list+watch protocol (`ListWatchCache`), for the cluster's activity.
///
/// Pods are optional to the dashboard: a user without permission to list them (403) is told
/// once what is missing, and the informer stays idle from then on: a 403 is never retried.
/// Other failures are retried, but not before a backoff (5 s, doubling, at most 5 minutes)
/// has passed since the last one, so a failing server is never hammered.
public final class PodInformer: Sendable {
    /// What the informer knows.
    public enum Reading: Hashable, Sendable {
        /// The pods, sorted by namespace and name, and a generation that changes with them.
        case pods([LabPod], generation: Int)
        /// Listing pods is forbidden: the message says which permission is missing.
        case forbidden(String)
    }

    /// The message of a 403, once.
    public static let forbiddenMessage = "forbidden: the user needs permission to \(KubernetesResource.pods.permission)"

    private let cache: ListWatchCache<PodListPage.Pod, LabPod>
    private let clock: @Sendable () -> Double
    private let failures = Mutex(Failures())

    private struct Failures {
        var forbidden = false
        var lastError: KubernetesError?
        var retryAt = 0.0
        var delay = 0.0
    }

    /// `clock` gives seconds (the backoff's time); tests may pass their own.
    public init(client: KubernetesClient, watchTimeout: Int = 300, watchIdleTimeout: Int = 150,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.clock = clock
        cache = ListWatchCache(client: client, .pods, page: PodListPage.self, labelSelector: PodListPage.labelSelector,
                               watchTimeout: watchTimeout, watchIdleTimeout: watchIdleTimeout, convert: { $0.labPod })
    }

    /// The pods, or that listing them is forbidden. Throws the last error (without a request)
    /// while backing off after a failure.
    public func current() throws -> Reading {
        let now = clock()
        let (forbidden, pendingError) = failures.withLock { failures in
            (failures.forbidden, now < failures.retryAt ? failures.lastError : nil)
        }
        if forbidden { return .forbidden(Self.forbiddenMessage) }
        if let pendingError { throw pendingError }
        do {
            let (pods, generation) = try cache.current()
            failures.withLock { $0 = Failures() }
            return .pods(pods, generation: generation)
        } catch let error as KubernetesError where error.status == 403 {
            failures.withLock { $0.forbidden = true }
            cache.stop()
            return .forbidden(Self.forbiddenMessage)
        } catch {
            let failure = error as? KubernetesError ?? KubernetesError(description: "Kubernetes: \(error)", causedBy: error)
            failures.withLock { failures in
                failures.delay = min(max(failures.delay * 2, 5), 300)
                failures.retryAt = now + failures.delay
                failures.lastError = failure
            }
            throw failure
        }
    }

    /// Ends the watch (within about a second).
    public func stop() { cache.stop() }

    /// Whether a watch keeps the pods current now.
    public var isWatching: Bool { cache.isWatching }
}
