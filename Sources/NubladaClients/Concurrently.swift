import Dispatch
import Synchronization

/// Runs two blocking calls at the same time (two connections, two cores) and returns both
/// results once both are done: how a refresh reads the registry and the nodes together.
func concurrently<A: Sendable, B: Sendable>(_ first: @Sendable () throws -> A, _ second: @Sendable () throws -> B)
    -> (Result<A, any Error>, Result<B, any Error>)
{
    let results = Mutex<(Result<A, any Error>?, Result<B, any Error>?)>((nil, nil))
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 {
            let result = Result { try first() }
            results.withLock { $0.0 = result }
        } else {
            let result = Result { try second() }
            results.withLock { $0.1 = result }
        }
    }
    return results.withLock { ($0.0!, $0.1!) }
}
