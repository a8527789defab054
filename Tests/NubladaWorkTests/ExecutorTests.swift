import Dispatch
import Foundation
import NubladaWork
import Synchronization
import Testing

/// The one executor: its bound, its lanes, `map` in order with a stop after a failure, and
/// `run` from async code. Counts and ordering only: nothing here is timed.
@Suite struct ExecutorTests {
    struct Failed: Error {}

    @Test("everything submitted runs, however much more than its limit") func everythingRuns() {
        let executor = Executor(name: "test-bound", limit: 3)
        let done = DispatchGroup(), ran = Mutex(0)
        for _ in 0..<20 {
            done.enter()
            executor.submit {
                usleep(1_000)
                ran.withLock { $0 += 1 }
                done.leave()
            }
        }
        done.wait()
        #expect(ran.withLock { $0 } == 20)
    }

    @Test("threads at once never pass the limit") func threadsBounded() {
        let executor = Executor(name: "test-threads", limit: 2)
        let done = DispatchGroup(), inside = Mutex((now: 0, most: 0))
        for _ in 0..<12 {
            done.enter()
            executor.submit {
                inside.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                usleep(2_000)
                inside.withLock { $0.now -= 1 }
                done.leave()
            }
        }
        done.wait()
        #expect(inside.withLock { $0.most } <= 2)
    }

    @Test("a lane (limit 1) runs its work in order, on named threads") func laneInOrder() {
        let lane = Executor(name: "lane", limit: 1)
        let done = DispatchGroup(), order = Mutex<[Int]>([]), names = Mutex<Set<String>>([])
        for index in 0..<50 {
            done.enter()
            lane.submit {
                order.withLock { $0.append(index) }
                // The name the kernel shows (`top -H`, `ps -L`).
                let threadName = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                names.withLock { _ = $0.insert(threadName) }
                done.leave()
            }
        }
        done.wait()
        #expect(order.withLock { $0 } == Array(0..<50))
        #expect(names.withLock { $0 }.allSatisfy { $0.hasPrefix("lane-") }, "\(names.withLock { $0 })")
    }

    @Test("map: every result in the items' order, each worker numbered below the limit") func mapInOrder() throws {
        let workers = Mutex<Set<Int>>([])
        let results = Executor(name: "test-map", limit: 4).map(Array(0..<40)) { worker, item in
            workers.withLock { _ = $0.insert(worker) }
            return item * 2
        }
        #expect(try results.map { try #require($0).get() } == (0..<40).map { $0 * 2 })
        #expect(workers.withLock { $0 }.allSatisfy { (0..<4).contains($0) })
    }

    @Test("map: after a failure no new item starts") func mapStopsAfterFailure() {
        let results = Executor(name: "test-map-fail", limit: 1).map(Array(0..<10)) { _, item in
            if item == 3 { throw Failed() }
            return item
        }
        #expect(results.prefix(3).allSatisfy { (try? $0?.get()) != nil })
        #expect(results[3].map { if case .failure = $0 { true } else { false } } == true)
        #expect(results.dropFirst(4).allSatisfy { $0 == nil })
    }

    @Test("run: blocking work awaited from async code, its error thrown") func runAwaits() async throws {
        let value = try await Executor.blocking.run { () -> Int in
            usleep(1_000)
            return 42
        }
        #expect(value == 42)
        await #expect(throws: Failed.self) { try await Executor.blocking.run { () -> Int in throw Failed() } }
    }
}
