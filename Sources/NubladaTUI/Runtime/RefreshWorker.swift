import Dispatch
import Foundation
import NubladaEngine

/// Runs the blocking refresh closure on a background queue and hands the result back on the
/// main queue. Whether a refresh is in flight is the state's to know (`RefreshStatus.inFlight`):
/// `update` asks for a refresh only when none runs, so the worker keeps no flag of its own.
@MainActor
final class RefreshWorker {
    private let refresh: @Sendable () throws -> DashboardData
    private let queue = DispatchQueue(label: "nubladash.refresh", qos: .utility)

    init(refresh: @escaping @Sendable () throws -> DashboardData) {
        self.refresh = refresh
    }

    /// Starts a refresh; `done` runs on the main queue with the result.
    func start(done: @escaping @MainActor (Result<DashboardData, RefreshFailure>) -> Void) {
        let refresh = self.refresh
        queue.async {
            let result: Result<DashboardData, RefreshFailure>
            do {
                result = .success(try refresh())
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
