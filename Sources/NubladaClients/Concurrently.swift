import NubladaEngine
import NubladaWork

/// Runs two blocking calls at the same time (two connections, two cores) and returns both
/// results once both are done: how a refresh reads the registry and the nodes together.
func concurrently<A: Sendable, B: Sendable>(_ first: @Sendable () throws -> A, _ second: @escaping @Sendable () throws -> B)
    -> (Result<A, any Error>, Result<B, any Error>)
{
    Parallelism.ownThread.both({ Result { try first() } }, { Result { try second() } })
}
