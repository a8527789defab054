import Testing
@testable import NubladaEngine

@Suite("Image rows: eligible nodes that cache an image, and those it is missing on")
struct ImageRowNodesTests {
    /// node-b and node-a10 cache w43, node-a2 caches w42 and w43; node-x is not eligible (tainted) but caches w41.
    static let data: DashboardData = {
        let outside = Build.node("node-x", caching: ["sha256:w41"],
                                 taints: [Taint(key: "dedicated", value: "other", effect: "NoSchedule")])
        let nodes = [Build.node("node-b", caching: ["sha256:w43"]), Build.node("node-a2", caching: ["sha256:w42", "sha256:w43"]),
                     Build.node("node-a10", caching: ["sha256:w43"]), outside]
        return Build.twoWeeklies(nodes: nodes, now: 0).dashboard
    }()

    static func row(_ tag: String) -> ImageRow? { data.images.first { $0.tag == tag } }

    @Test("cached on every eligible node: prepulled, missing on none")
    func everywhere() throws {
        let row = try #require(Self.row("w_2077_43"))
        #expect(row.prepulled && row.eligibleNodesCached == 3)
        #expect(Set(Self.data.cachedNodes(of: row)) == ["node-b", "node-a2", "node-a10"])
        #expect(Self.data.missingNodes(of: row).isEmpty)
    }

    @Test("missing nodes are the other eligible ones, in code-point order; an ineligible node caching it does not count")
    func partly() throws {
        let w42 = try #require(Self.row("w_2077_42"))
        #expect(!w42.prepulled && Self.data.cachedNodes(of: w42) == ["node-a2"])
        #expect(Self.data.missingNodes(of: w42) == ["node-a10", "node-b"])
        let w41 = try #require(Self.row("w_2077_41"))
        #expect(!w41.prepulled && w41.eligibleNodesCached == 0)
        #expect(Self.data.missingNodes(of: w41) == ["node-a10", "node-a2", "node-b"])
    }
}
