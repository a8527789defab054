import Dispatch
import Foundation
import NubladaEngine

extension Parallelism {
    /// The engine's two-core step: the second half on a thread started for it alone (tens of
    /// microseconds, for work of milliseconds), never on an executor whose threads may all be
    /// waiting on the network, and never on Dispatch's pool, where a nested split would run
    /// its halves one after the other.
    public static let ownThread = Parallelism { work in
        let done = DispatchSemaphore(value: 0)
        Thread {
            Thread.current.name = "second-half"
            work()
            done.signal()
        }.start()
        return { done.wait() }
    }
}
