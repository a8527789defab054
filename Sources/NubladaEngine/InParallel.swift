import Dispatch

/// Two computations at once, `first` on this thread and `second` on another, both results
/// once both are done: the parts of a refresh that need each other's results only at the end
/// (the dashboard's picture and the controller's documents; the registry and the nodes). A
/// dispatch worker and a wait, not `concurrentPerform`: nested inside another parallel loop,
/// that one runs its iterations one after the other.
public func inParallel<A, B: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
    let other = Handoff<B>()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { other.value = second() }
    let mine = first()
    group.wait()
    return (mine, other.value!)
}

/// A value handed from the worker to the waiting thread: written once before `group.wait()`
/// returns, read after it (the group orders the two).
private final class Handoff<Value>: @unchecked Sendable {
    var value: Value?
}

/// A value shared read-only by the two sides of `inParallel` that Swift cannot see is safe to
/// share: an `ImageService`, whose objects are no longer changed once it is made.
struct ReadOnlyShared<Value>: @unchecked Sendable {
    let value: Value
}
