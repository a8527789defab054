#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two computations at once, `first` on this thread and `second` on a thread of its own, both
/// results once both are done: the parts of a refresh that need each other's results only at
/// the end (the dashboard's picture and the controller's documents; the registry and the
/// nodes). A thread of its own (tens of microseconds, for work of milliseconds) and a join, not
/// the dispatch pool: callers may themselves run on pool threads that wait, and a nested
/// `concurrentPerform` runs its iterations one after the other.
public func inParallel<A, B: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
    let other = Handoff<B>(second)
    let context = Unmanaged<ThreadWork>.passRetained(other).toOpaque()
    var thread = pthread_t()
    guard pthread_create(&thread, nil, { context in
        Unmanaged<ThreadWork>.fromOpaque(context!).takeRetainedValue().run()
        return nil
    }, context) == 0 else {
        // No thread to be had: the second computation runs here, after the first.
        Unmanaged<ThreadWork>.fromOpaque(context).release()
        let mine = first()
        return (mine, second())
    }
    let mine = first()
    pthread_join(thread, nil)
    return (mine, other.value!)
}

/// What a started thread runs (not generic: a C thread function cannot name a generic type).
private class ThreadWork: @unchecked Sendable {
    func run() {}
}

/// The second computation and its value, handed from its thread to the one that joins it:
/// written before the thread ends, read after `pthread_join` (which orders the two).
private final class Handoff<Value>: ThreadWork, @unchecked Sendable {
    private let work: @Sendable () -> Value
    var value: Value?

    init(_ work: @escaping @Sendable () -> Value) { self.work = work }

    override func run() { value = work() }
}

/// A value shared read-only by the two sides of `inParallel` that Swift cannot see is safe to
/// share: an `ImageService`, whose objects are no longer changed once it is made.
struct ReadOnlyShared<Value>: @unchecked Sendable {
    let value: Value
}
