import Testing
@testable import NubladaEngine

@Suite("Image collections and aliases")
struct CollectionTests {
    @Test("an alias tag resolves to the image with its digest, with a descriptive name")
    func aliasResolution() throws {
        let images = Build.images([Build.entry("sha256:a", "w_2077_43", "recommended", "latest_weekly")])
        let recommended = try #require(images.image(forTagName: "recommended"))
        #expect(recommended.imageType == .alias)
        #expect(recommended.aliasTarget == "w_2077_43")
        #expect(recommended.displayName == "Recommended (Weekly 2077_43)")
        #expect(recommended.allAliases == ["latest_weekly", "w_2077_43"])
        let weekly = try #require(images.image(forTagName: "w_2077_43"))
        #expect(weekly.allAliases == ["latest_weekly", "recommended"])
        #expect(images.image(forDigest: "sha256:a") === weekly)
    }

    @Test("the first listed of two non-alias tags sharing a digest stays primary")
    func firstListedIsPrimary() throws {
        let images = Build.images([
            Build.entry("sha256:a", "r22_0_1", "w_2077_43"), Build.entry("sha256:b", "recommended"),
            Build.entry("sha256:a", "recommended_c0001"),
        ])
        #expect(images.image(forDigest: "sha256:a")?.tagName == "r22_0_1")
        let alias = try #require(images.image(forTagName: "recommended_c0001"))
        #expect(alias.aliasTarget == "r22_0_1")
        #expect(alias.displayName == "Recommended (Release r22.0.1)")
        #expect(images.image(forTagName: "w_2077_43")?.allAliases == ["r22_0_1", "recommended_c0001"])
        // An alias tag whose digest no other tag has stays unresolved (Unknown).
        #expect(images.image(forTagName: "recommended")?.imageType == .unknown)
    }

    @Test("a target with a SAL cycle gives a comma-separated name; architecture moves to the end")
    func cycleAndArchitectureNames() throws {
        let images = Build.images([
            Build.entry("sha256:c", "w_2077_43_c0046.002", "recommended_c0046"),
            Build.entry("sha256:d", "w_2077_44-amd64", "latest-amd64"),
        ])
        #expect(images.image(forTagName: "recommended_c0046")?.displayName
            == "Recommended (Weekly 2077_43, SAL Cycle 0046, Build 002)")
        #expect(images.image(forTagName: "latest-amd64")?.displayName == "Latest (Weekly 2077_44) [amd64]")
    }

    @Test("two unresolved unknown tags sharing a digest record each other but stay unknown")
    func unresolvedPair() throws {
        let images = Build.images([Build.entry("sha256:e", "foo", "bar")])
        let foo = try #require(images.image(forTagName: "foo"))
        let bar = try #require(images.image(forTagName: "bar"))
        #expect(foo.imageType == .unknown && bar.imageType == .unknown)
        #expect(foo.allAliases == ["bar"] && bar.allAliases == ["foo"])
    }

    @Test("marking an image seen on a node marks its primary and every alias")
    func markSeen() throws {
        let images = Build.images([Build.entry("sha256:a", "w_2077_43", "recommended"), Build.entry("sha256:b", "w_2077_42")])
        images.markSeen(on: [NodeData(node: Build.node("node1", caching: ["sha256:a"]), eligibility: .eligible, slot: 1),
                             NodeData(node: Build.node("node2", caching: ["sha256:unknown"]), eligibility: .eligible, slot: 2)],
                        learningSizes: false)
        var node1 = NodeSet()
        node1.insert(1)
        #expect(images.image(forTagName: "recommended")?.nodes == node1)
        #expect(images.image(forTagName: "w_2077_43")?.nodes == node1)
        #expect(images.image(forTagName: "w_2077_42")?.nodes == NodeSet())
    }

    @Test("the cycle filter keeps only images of that SAL cycle")
    func cycleFilter() {
        let images = Build.images([
            Build.entry("sha256:a", "w_2077_43_c0050.001", "recommended_c0050"),
            Build.entry("sha256:b", "w_2077_42_c0049.001"), Build.entry("sha256:c", "w_2077_41", "recommended"),
        ], cycle: 50)
        #expect(images.allImages().map(\.tagName) == ["recommended_c0050", "w_2077_43_c0050.001"])
    }

    @Test("types are listed in controller order, newest first, architecture-specific hidden")
    func listingOrder() {
        let images = Build.images([
            Build.entry("sha256:1", "exp_w_2077_41_x"), Build.entry("sha256:2", "d_2077_10_01"),
            Build.entry("sha256:3", "w_2077_41"), Build.entry("sha256:4", "w_2077_43"),
            Build.entry("sha256:5", "r21_0_1"), Build.entry("sha256:6", "r22_0_0_rc1"),
            Build.entry("sha256:7", "mystery"), Build.entry("sha256:4", "latest"),
            Build.entry("sha256:8", "w_2077_44-amd64"),
        ])
        #expect(images.allImages().map(\.tagName) == [
            "latest", "r21_0_1", "w_2077_43", "w_2077_41", "d_2077_10_01", "r22_0_0_rc1", "exp_w_2077_41_x", "mystery",
        ])
        #expect(images.allImages(includeArchitectureSpecific: true).contains { $0.tagName == "w_2077_44-amd64" })
        #expect(images.latest(.weekly)?.tagName == "w_2077_43")
    }

    @Test("entries of other images in the repository are ignored")
    func otherImagesIgnored() {
        let images = Build.images([Build.entry("sha256:a", "w_2077_43"), Build.entry("sha256:b", "w_2077_44", image: "other")])
        #expect(images.allImages().map(\.tagName) == ["w_2077_43"])
    }
}
