import Dispatch
import Foundation
import NubladaEngine
import NubladaWork
import Synchronization
import Testing

/// The parallelism the engine is given: both results, the second half on a thread of its own,
/// and no wait on the dispatch pool (callers run on pool threads that wait).
@Suite struct ParallelismTests {
    @Test func bothResultsTheSecondOnAnotherThread() {
        let here = pthread_self()
        let (first, second) = Parallelism.ownThread.both({ (1...1000).reduce(0, +) }, { (pthread_self(), "done") })
        #expect(first == 500_500)
        #expect(second.1 == "done" && pthread_equal(second.0, here) == 0)
    }

    /// More callers than cores, each on a pool thread and nesting a second level: all finish.
    @Test func nestedOnBusyPoolThreads() {
        let total = Mutex(0)
        let split = Parallelism.ownThread
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let (a, (b, c)) = split.both({ index }, { split.both({ index * 2 }, { index * 3 }) })
            total.withLock { $0 += a + b + c }
        }
        #expect(total.withLock { $0 } == (0..<16).reduce(0) { $0 + $1 * 6 })
    }

    /// The engine's default: both halves here, in order.
    @Test func sequentialRunsBothHere() {
        let here = pthread_self()
        let order = Mutex<[String]>([])
        let (first, second) = Parallelism.sequential.both({ order.withLock { $0.append("first") }; return 1 }, {
            order.withLock { $0.append("second") }
            return pthread_equal(pthread_self(), here) != 0
        })
        #expect(first == 1 && second)
        #expect(order.withLock { $0 } == ["second", "first"], "the second half starts first, then the first runs, then both are joined")
    }
}
