import Foundation
import NIOCore

/// Where a starting server's listeners report their ports (or a failure) and where its run
/// task reports its end, for the synchronous `start()` and `stop()` to wait on.
final class StartupLatch: @unchecked Sendable {
    private let condition = NSCondition()
    private var ports: [StandInSide: Int] = [:]
    private var listenerChannels: [any Channel] = []
    private var failure: (any Error)?
    private var finished = false

    func bound(_ side: StandInSide, listener: any Channel) {
        condition.lock()
        ports[side] = listener.localAddress?.port ?? 0
        listenerChannels.append(listener)
        condition.broadcast()
        condition.unlock()
    }

    func failed(_ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The bound listening channels.
    var listeners: [any Channel] {
        condition.lock()
        defer { condition.unlock() }
        return listenerChannels
    }

    /// Waits until both sides are bound; throws the first failure, or on timeout.
    func waitUntilBound(timeout: Double) throws -> (registry: Int, kubernetes: Int) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let failure { throw StandInError.startFailed("\(failure)") }
            if let registry = ports[.registry], let kubernetes = ports[.kubernetes] { return (registry, kubernetes) }
            if finished { throw StandInError.startFailed("the server stopped before listening") }
            if !condition.wait(until: deadline) {
                throw StandInError.startFailed("listeners not bound within \(Int(timeout)) seconds")
            }
        }
    }

    /// Waits until the run task has ended; false on timeout.
    @discardableResult
    func waitUntilFinished(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !finished {
            if !condition.wait(until: deadline) { return finished }
        }
        return true
    }
}
