import Foundation
import NIOCore
import Synchronization

/// Where a starting server's listeners report their ports (or a failure) and where its run
/// task reports its end, for the synchronous `start()` and `stop()` to wait on.
final class StartupLatch: Sendable {
    private struct State {
        var ports: [StandInSide: Int] = [:]
        var listenerChannels: [any Channel] = []
        var failure: (any Error)?
        var finished = false
    }

    private let state = Mutex(State())
    /// Wakes the waiters; every change of `state` is made holding it.
    private let condition = NSCondition()

    private func change(_ body: (inout State) -> Void) {
        condition.lock()
        state.withLock { body(&$0) }
        condition.broadcast()
        condition.unlock()
    }

    /// Waits (holding `condition`) until `body` gives a value, or until `deadline` (nil).
    private func wait<T>(until deadline: Date, for body: (State) -> T?) -> T? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value = state.withLock({ body($0) }) { return value }
            if !condition.wait(until: deadline) { return state.withLock { body($0) } }
        }
    }

    func bound(_ side: StandInSide, listener: any Channel) {
        change {
            $0.ports[side] = listener.localAddress?.port ?? 0
            $0.listenerChannels.append(listener)
        }
    }

    func failed(_ error: any Error) {
        change { if $0.failure == nil { $0.failure = error } }
    }

    func finish() {
        change { $0.finished = true }
    }

    /// The bound listening channels.
    var listeners: [any Channel] { state.withLock { $0.listenerChannels } }

    /// Waits until both sides are bound; throws the first failure, or on timeout.
    func waitUntilBound(timeout: Double) throws -> (registry: Int, kubernetes: Int) {
        let outcome = wait(until: Date(timeIntervalSinceNow: timeout)) { state -> Result<(registry: Int, kubernetes: Int), StandInError>? in
            if let failure = state.failure { return .failure(.startFailed("\(failure)")) }
            if let registry = state.ports[.registry], let kubernetes = state.ports[.kubernetes] {
                return .success((registry, kubernetes))
            }
            if state.finished { return .failure(.startFailed("the server stopped before listening")) }
            return nil
        }
        guard let outcome else { throw StandInError.startFailed("listeners not bound within \(Int(timeout)) seconds") }
        return try outcome.get()
    }

    /// Waits until the run task has ended; false on timeout.
    @discardableResult
    func waitUntilFinished(timeout: Double) -> Bool {
        wait(until: Date(timeIntervalSinceNow: timeout)) { $0.finished ? true : nil } ?? false
    }
}
