import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTUI

/// Rendering the dashboard into the cell grid: a 2,000-node cluster with a 12-image prepull set,
/// scrolling the matrix a page or a row each frame (goal: ≤ 2 ms a frame in release).
enum RenderBenchmark {
    static func run(frames: Int) throws {
        let dataset = StandInFixtures.benchmark()
        var options = PrepullerOptions(source: dataset.source)
        let data = (0...8).lazy.compactMap { extra -> DashboardData? in
            options.numReleases = 2
            options.numWeeklies = 4 + extra
            options.numDailies = 5
            let data = ImageEngine.evaluate(LabImageSettings(prepuller: options), listing: .artifactRegistry(dataset.entries),
                                            nodes: dataset.nodes, now: 1_793_527_200).dashboard
            return data.columns.count >= 12 ? data : nil
        }.first
        guard let data else { throw BenchError("the benchmark dataset gives fewer than 12 prepull images") }
        let now = data.refreshedAt
        for (cols, rows) in [(250, 70), (100, 30)] {
            var state = DashboardState(options: DashboardOptions(contextName: "bench"), now: now, cols: cols, rows: rows)
            _ = update(&state, .refreshFinished(.success(data)))
            _ = update(&state, .key(.tab))
            var grid = CellGrid(cols: cols, rows: rows)
            render(state, into: &grid)
            let start = DispatchTime.now().uptimeNanoseconds
            for frame in 0..<frames {
                _ = update(&state, .key(frame % 2 == 0 ? .pageDown : .down))
                render(state, into: &grid)
            }
            let perFrame = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(frames)
            print(String(format: "render %d nodes × %d images at %d×%d: %.3f ms a frame (goal ≤ 2 ms), %d frames",
                         data.nodes.count, data.columns.count, cols, rows, perFrame, frames))
        }
    }
}
