import Foundation
import Synchronization

/// Runs work items on at most `limit` threads of their own (never the Swift concurrency
/// pool), so a registry gets a bounded number of requests at once.
enum BoundedParallel {
    /// The result of `work` for every item, in the items' order. `work` gets the worker's
    /// number (0 ..< limit) with each item, so each worker can keep its own connection.
    /// After a failure no new item starts; items never started read as `nil`. Blocks until done.
    static func map<Item: Sendable, Value: Sendable>(_ items: [Item], limit: Int,
                                                     _ work: @escaping @Sendable (_ worker: Int, Item) throws -> Value)
        -> [Result<Value, any Error>?]
    {
        let box = Box<Value>(count: items.count)
        let group = DispatchGroup()
        for worker in 0..<min(max(1, limit), items.count) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let index = box.nextIndex() {
                    let result = Result { try work(worker, items[index]) }
                    box.store(result, at: index)
                }
            }
            thread.name = "nubladash-registry-\(worker)"
            thread.start()
        }
        group.wait()
        return box.results
    }

    private final class Box<Value: Sendable>: Sendable {
        private let state: Mutex<(next: Int, failed: Bool, stored: [Result<Value, any Error>?])>

        init(count: Int) { state = Mutex((0, false, Array(repeating: nil, count: count))) }

        func nextIndex() -> Int? {
            state.withLock { state in
                guard !state.failed, state.next < state.stored.count else { return nil }
                defer { state.next += 1 }
                return state.next
            }
        }

        func store(_ result: Result<Value, any Error>, at index: Int) {
            state.withLock { state in
                state.stored[index] = result
                if case .failure = result { state.failed = true }
            }
        }

        var results: [Result<Value, any Error>?] { state.withLock { $0.stored } }
    }
}
