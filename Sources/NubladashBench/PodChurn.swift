import Foundation
import NubladaStandIn

/// Serves ``BenchPods`` on the benchmark's stand-in and churns them every 3 seconds through
/// the stand-in's pod API (each change one watch event), on a timer of its own.
final class PodChurn: Sendable {
    static let interval = 3.0
    private let server: StandInServer
    private let queue = DispatchQueue(label: "nubladash.bench.pods")
    private let churning: Locked<Churning>

    /// The pods, the timer and the changes served: touched on `queue` and behind the lock.
    private struct Churning {
        var pods: BenchPods
        var timer: (any DispatchSourceTimer)?
        var changes = 0
    }

    init(server: StandInServer, dataset: StandInDataset) {
        self.server = server
        let pods = BenchPods(dataset: dataset)
        server.setPods(pods.pods)
        churning = Locked(Churning(pods: pods))
    }

    var description: String {
        "\(BenchPods.labCount) lab and \(BenchPods.prepullCount) prepull pods changing every \(Int(Self.interval)) s"
    }

    /// Pod changes served so far (creations, state changes, deletions).
    var changeCount: Int { churning.withLock { $0.changes } }

    func start() {
        queue.sync {
            let queue = self.queue
            churning.withLock { churning in
                let timer = DispatchSource.makeTimerSource(queue: queue)
                timer.schedule(deadline: .now() + Self.interval, repeating: Self.interval)
                timer.setEventHandler { [weak self] in
                    guard let self else { return }
                    let pods = self.churning.withLock { churning -> [StandInPod] in
                        churning.pods.tick()
                        churning.changes += churning.pods.changes
                        return churning.pods.pods
                    }
                    self.server.setPods(pods)
                }
                timer.resume()
                churning.timer = timer
            }
        }
    }

    func stop() {
        queue.sync {
            churning.withLock { churning in
                churning.timer?.cancel()
                churning.timer = nil
            }
        }
    }
}
