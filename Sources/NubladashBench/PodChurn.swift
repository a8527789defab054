import Foundation
import NubladaStandIn

/// Serves ``BenchPods`` on the benchmark's stand-in and churns them every 3 seconds through
/// the stand-in's pod API (each change one watch event), on a timer of its own.
final class PodChurn: @unchecked Sendable {
    static let interval = 3.0
    private let server: StandInServer
    private let queue = DispatchQueue(label: "nubladash.bench.pods")
    private var pods: BenchPods
    private var timer: (any DispatchSourceTimer)?
    private var changes = 0

    init(server: StandInServer, dataset: StandInDataset) {
        self.server = server
        pods = BenchPods(dataset: dataset)
        server.setPods(pods.pods)
    }

    var description: String {
        "\(BenchPods.labCount) lab and \(BenchPods.prepullCount) prepull pods changing every \(Int(Self.interval)) s"
    }

    /// Pod changes served so far (creations, state changes, deletions).
    var changeCount: Int { queue.sync { changes } }

    func start() {
        queue.sync {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + Self.interval, repeating: Self.interval)
            timer.setEventHandler { [weak self] in
                guard let self else { return }
                self.pods.tick()
                self.changes += self.pods.changes
                self.server.setPods(self.pods.pods)
            }
            self.timer = timer
            timer.resume()
        }
    }

    func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
        }
    }
}
