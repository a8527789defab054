import Dispatch
import Foundation
import NubladaEngine

/// Runs the blocking refresh closure on a background queue and hands the result back on the
/// main queue. Whether a refresh is in flight is the state's to know (`RefreshStatus.inFlight`):
/// `update` asks for a refresh only when none runs, so the worker keeps no flag of its own.
@MainActor
final class RefreshWorker {
    private let refresh: @Sendable () throws -> RefreshOutcome
    private let resolveDigest: @Sendable (String) throws -> String
    private let queue = DispatchQueue(label: "nubladash.refresh", qos: .utility)

    init(refresh: @escaping @Sendable () throws -> RefreshOutcome,
         resolveDigest: @escaping @Sendable (String) throws -> String) {
        self.refresh = refresh
        self.resolveDigest = resolveDigest
    }

    /// Looks up one tag's digest on the same queue (after a running refresh, never beside it).
    func resolve(_ tag: String, done: @escaping @MainActor (Result<String, RefreshFailure>) -> Void) {
        let resolveDigest = self.resolveDigest
        queue.async {
            let result = Result { try resolveDigest(tag) }.mapError { RefreshFailure($0, failedAt: Date().timeIntervalSince1970) }
            DispatchQueue.main.async {
                MainActor.assumeIsolated { done(result) }
            }
        }
    }

    /// Starts a refresh; `done` runs on the main queue with the result.
    func start(done: @escaping @MainActor (RefreshOutcome) -> Void) {
        let refresh = self.refresh
        queue.async {
            let result: RefreshOutcome
            do {
                result = try refresh()
            } catch let failure as RefreshFailure {
                result = .failure(failure)
            } catch {
                result = .failure(RefreshFailure(error, failedAt: Date().timeIntervalSince1970))
            }
            DispatchQueue.main.async {
                MainActor.assumeIsolated { done(result) }
            }
        }
    }
}

/// The source cannot look up a single tag (an Artifact Registry listing has every digest).
public struct DigestLookupUnavailable: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "this registry source has every digest already" }
}
