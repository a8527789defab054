import Foundation

/// Runs blocking work (waiting for a child, a synchronous HTTP call, a condition) on a thread
/// of its own and awaits its result, so the Swift concurrency pool, which has one thread per
/// core, is never held while it blocks.
public func onOwnThread<Value: Sendable>(_ name: String = "nubladash-blocking",
                                         _ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.name = name
        thread.start()
    }
}
