import Foundation
import NubladaEngine
import Testing
@testable import NubladaTUI

/// Rendering a 2,000-node × 12-image matrix must stay within 2 ms per frame in release builds.
@Suite struct RenderPerformanceTests {
    @Test func largeMatrixFrameTime() {
        var entries = Fixtures.entries()
        for week in 30..<36 {
            let tag = "w_2077_\(week)"
            entries.append(RegistryEntry(uri: "\(Fixtures.source.registry)/\(Fixtures.source.path)@\(Fixtures.digest(tag))",
                                         tags: [tag], sizeBytes: 5_000_000_000, uploadTime: Fixtures.refreshedAt))
        }
        var prepuller = Fixtures.prepullerOptions()
        prepuller.numWeeklies = 7
        let data = Fixtures.data(nodes: Fixtures.largeCluster(nodes: 2000), entries: entries, prepuller: prepuller)
        #expect(data.columns.count == 12)
        var state = Fixtures.loadedState(cols: 250, rows: 70, data: data)
        _ = update(&state, .key(.tab))
        var grid = CellGrid(cols: 250, rows: 70)
        let frames = 200
        let start = DispatchTime.now().uptimeNanoseconds
        for frame in 0..<frames {
            _ = update(&state, .key(frame % 2 == 0 ? .pageDown : .down))
            render(state, into: &grid)
        }
        let perFrame = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(frames)
        #if DEBUG
            let budget = 40.0
        #else
            let budget = 2.0
        #endif
        #expect(perFrame <= budget, "\(perFrame) ms per frame")
        print("render 2000 nodes × \(data.columns.count) images at 250×70: \(String(format: "%.3f", perFrame)) ms/frame")
    }
}
