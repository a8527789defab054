import Dispatch
import Foundation
import NubladaEngine

/// Runs the blocking refresh closure on a background queue, one at a time, and hands the
/// result back on the main queue.
@MainActor
final class RefreshWorker {
    private let refresh: @Sendable () throws -> DashboardData
    private let queue = DispatchQueue(label: "nubladash.refresh", qos: .utility)
    private(set) var isRunning = false

    init(refresh: @escaping @Sendable () throws -> DashboardData) {
        self.refresh = refresh
    }

    /// Starts a refresh unless one is running; `done` runs on the main queue with the result.
    /// Returns whether it started.
    @discardableResult
    func start(done: @escaping @MainActor (Result<DashboardData, RefreshFailure>) -> Void) -> Bool {
        guard !isRunning else { return false }
        isRunning = true
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
                MainActor.assumeIsolated {
                    self.isRunning = false
                    done(result)
                }
            }
        }
        return true
    }
}
