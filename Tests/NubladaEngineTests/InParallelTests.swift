import Dispatch
import Foundation
import Synchronization
import Testing
@testable import NubladaEngine

/// The engine's two-sided parallelism: both results, the second side on a thread of its own,
/// and no wait on the dispatch pool (callers run on pool threads that wait).
@Suite struct InParallelTests {
    @Test func bothResultsTheSecondOnAnotherThread() {
        let here = pthread_self()
        let (first, second) = inParallel({ (1...1000).reduce(0, +) }, { (pthread_self(), "done") })
        #expect(first == 500_500)
        #expect(second.1 == "done" && pthread_equal(second.0, here) == 0)
    }

    /// More callers than cores, each on a pool thread and nesting a second level: all finish.
    @Test func nestedOnBusyPoolThreads() {
        let total = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let (a, (b, c)) = inParallel({ index }, { inParallel({ index * 2 }, { index * 3 }) })
            total.withLock { $0 += a + b + c }
        }
        #expect(total.withLock { $0 } == (0..<16).reduce(0) { $0 + $1 * 6 })
    }
}
