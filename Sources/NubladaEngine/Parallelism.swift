import Synchronization

/// How the engine may split a step in two (the dashboard's picture beside the controller's
/// documents; the nodes' halves; a long JSON array's halves). The engine starts no thread: its
/// caller gives it a `Parallelism` (a thread for the second half, from `NubladaWork`), and the
/// default runs the halves one after the other.
public struct Parallelism: Sendable {
    /// Starts `work` elsewhere and returns what waits for it to end.
    public typealias Start = @Sendable (_ work: @escaping @Sendable () -> Void) -> (@Sendable () -> Void)

    private let start: Start

    public init(start: @escaping Start) {
        self.start = start
    }

    /// Both halves on the calling thread, `first` then `second`.
    public static let sequential = Parallelism { work in
        work()
        return {}
    }

    /// `first` on this thread and `second` where `start` puts it, both results once both are done.
    public func both<A, B: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
        let other = Handoff<B>()
        let join = start { other.put(second()) }
        let mine = first()
        join()
        return (mine, other.take())
    }
}

/// The second half's value, from the thread that made it to the one that joins it.
private final class Handoff<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    func put(_ made: Value) { value.withLock { $0 = made } }

    func take() -> Value { value.withLock { $0! } }
}

/// A value shared read-only by the two halves of `Parallelism.both`: an `ImageService`.
// Unchecked: its objects are no longer changed once it is made, which Swift cannot see.
struct ReadOnlyShared<Value>: @unchecked Sendable {
    let value: Value
}
