import Synchronization

/// A value behind the project's one lock type (`Synchronization.Mutex`), in a class so that
/// the stand-in's parts can share it by reference (the server, its watch streams, the demo
/// driver): a `Mutex` itself cannot be shared or copied.
package final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: sending Value) { mutex = Mutex(value) }

    /// Runs `body` with exclusive access to the value.
    package func withLock<T>(_ body: (inout sending Value) throws -> sending T) rethrows -> sending T {
        try mutex.withLock(body)
    }

    /// A copy of the current value.
    package var current: Value { withLock { $0 } }
}
