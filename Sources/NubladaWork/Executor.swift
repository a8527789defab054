import Dispatch
import Foundation
import Synchronization

/// The one way nubladash runs work off the calling thread: named threads, at most `limit` of
/// them at once, each taking queued work until none is left (then it ends: nothing idles).
/// Threads, not the Swift concurrency pool nor Dispatch's: the work blocks (libcurl, a child's
/// exit, a watch stream that lasts minutes), and a pool with one thread per core would starve.
///
///     Executor.blocking.submit { … }                       // fire and forget
///     let value = try await Executor.blocking.run { … }    // await blocking work from async code
///     Executor(name: "registry", limit: 8).map(tags) { worker, tag in … }
///
/// An executor whose `limit` is 1 is a lane: its work runs one item after the other, in order.
public final class Executor: Sendable {
    /// Its threads are named `NAME-N` (Linux keeps 15 characters of a thread's name).
    public let name: String
    public let limit: Int
    private let state = Mutex(State())

    private struct State {
        /// Work in the order it came; each is let go of as it is taken.
        var queued: [(@Sendable () -> Void)?] = []
        var next = 0
        var threads = 0
        var started = 0
        /// Work submitted and not finished; and the most ever at once (tests check bounds with it).
        var running = 0
        var peak = 0
    }

    public init(name: String, limit: Int) {
        self.name = name
        self.limit = max(1, limit)
    }

    /// Runs `work` on one of its threads as soon as one is free; never blocks.
    public func submit(_ work: @escaping @Sendable () -> Void) {
        let number = state.withLock { state -> Int? in
            state.queued.append(work)
            state.running += 1
            state.peak = max(state.peak, state.running)
            guard state.threads < limit else { return nil }
            state.threads += 1
            state.started += 1
            return state.started
        }
        guard let number else { return }
        let threadName = "\(name)-\(number)"
        Thread { [self] in
            // Named from inside: a name given before the start never reaches the kernel.
            Thread.current.name = threadName
            while let work = take() {
                work()
                state.withLock { $0.running -= 1 }
            }
        }.start()
    }

    /// The next queued work, or nil (and one thread fewer) when there is none.
    private func take() -> (@Sendable () -> Void)? {
        state.withLock { state in
            guard state.next < state.queued.count else {
                state.threads -= 1
                state.queued.removeAll()
                state.next = 0
                return nil
            }
            defer {
                state.queued[state.next] = nil
                state.next += 1
            }
            return state.queued[state.next]
        }
    }

    /// Work submitted and not finished now, and the most ever at once.
    public var load: (running: Int, peak: Int) { state.withLock { ($0.running, $0.peak) } }

    /// Runs blocking `work` on one of its threads and awaits its result: async code never holds
    /// a thread of the concurrency pool while it blocks.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The result of `work` for every item, in the items' order, on at most `limit` of its
    /// threads. `work` gets the worker's number (0 ..< limit) with each item, so each worker can
    /// keep its own connection. After a failure no new item starts; items never started read as
    /// `nil`. Blocks until done: call it from a thread that may wait, never from one of its own.
    public func map<Item: Sendable, Value: Sendable>(_ items: [Item],
                                                     _ work: @escaping @Sendable (_ worker: Int, Item) throws -> Value)
        -> [Result<Value, any Error>?]
    {
        let results = MapResults<Value>(count: items.count)
        let group = DispatchGroup()
        for worker in 0..<min(limit, items.count) {
            group.enter()
            submit {
                defer { group.leave() }
                while let index = results.nextIndex() {
                    results.store(Result { try work(worker, items[index]) }, at: index)
                }
            }
        }
        group.wait()
        return results.all
    }

    /// Blocking work that waits on something outside (a child's exit, a pipe, a condition):
    /// awaited from async code, and tests.
    public static let blocking = Executor(name: "blocking", limit: 256)

    /// Watch streams: each holds its thread for as long as it lasts (minutes, renewed), so they
    /// have threads of their own and never take one a refresh needs.
    public static let watches = Executor(name: "watch", limit: 256)

    /// CPU work beside I/O (a page of a listing decoded while the next downloads): one thread
    /// per core.
    public static let decoding = Executor(name: "decode", limit: ProcessInfo.processInfo.activeProcessorCount)

    /// Each environment's refreshes (the overview, `snapshot --environments`): one at a time
    /// per environment (its state says so), each waiting on the network for as long as that
    /// takes; `RefreshSlots` bounds the evaluations, which are the work.
    public static let refreshes = Executor(name: "refresh", limit: 256)
}

/// `map`'s items handed out and results gathered, from its workers' threads.
private final class MapResults<Value: Sendable>: Sendable {
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

    var all: [Result<Value, any Error>?] { state.withLock { $0.stored } }
}
