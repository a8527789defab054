import Testing
@testable import NubladaEngine

/// Which aliases of a Docker source a refresh looks at, and the tags a search reads in order.
@Suite("Alias lookup plan")
struct AliasLookupPlanTests {
    static func settings(weeklies: Int = 2, dailies: Int = 1, releases: Int = 1, aliases: [String] = [], cycle: Int? = nil) -> LabImageSettings {
        var options = PrepullerOptions(source: .docker(DockerSourceOptions(repository: "lsstsqre/sciplat-lab")))
        options.numWeeklies = weeklies
        options.numDailies = dailies
        options.numReleases = releases
        options.aliasTags = aliases
        options.cycle = cycle
        return LabImageSettings(prepuller: options)
    }

    static let tags = (1...20).map { "w_2077_\($0 + 10)" } + (1...5).map { "d_2077_10_0\($0)" } + ["r29_0_0", "r28_0_1", "r28_0_0"]
        + ["recommended", "latest_weekly", "latest_daily", "latest_release"]

    /// The prepull set's digests, each tag its own; `recommended` on `recommendedOn`.
    static func digests(_ settings: LabImageSettings, recommendedOn target: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: ImageEngine.tagsToResolve(settings, tags: tags).map { tag in
            (tag, "sha256:" + (tag == "recommended" ? target : tag))
        })
    }

    @Test("the aliases present, recommended first; those outside the prepull set need their own digest") func aliases() {
        let settings = Self.settings(aliases: ["latest_daily", "latest_weekly", "latest_nothing"])
        let plan = AliasLookupPlan(settings, tags: Self.tags, digests: Self.digests(settings, recommendedOn: "w_2077_15"))
        #expect(plan.aliases == ["recommended", "latest_daily", "latest_weekly"])
        #expect(plan.aliasesNeedingDigest == ["latest_daily", "latest_weekly"])
        #expect(plan.listingTarget(forDigest: "sha256:w_2077_30") == "w_2077_30")
        // recommended's own digest is no prepulled image's but its own: it needs a search.
        #expect(plan.listingTarget(forDigest: "sha256:w_2077_15") == nil)
    }

    @Test("candidates: the alias's own kind first, then weeklies, releases, dailies; known digests left out; at most 30")
    func candidates() {
        let settings = Self.settings(aliases: ["latest_daily", "latest_release"])
        let plan = AliasLookupPlan(settings, tags: Self.tags, digests: Self.digests(settings, recommendedOn: "w_2077_15"))
        let weeklies = (11...28).reversed().map { "w_2077_\($0)" }
        #expect(plan.candidates(for: "recommended") == weeklies + ["r28_0_1", "r28_0_0"] + ["d_2077_10_04", "d_2077_10_03", "d_2077_10_02", "d_2077_10_01"])
        #expect(plan.candidates(for: "latest_daily").prefix(5) == ["d_2077_10_04", "d_2077_10_03", "d_2077_10_02", "d_2077_10_01", "w_2077_28"])
        #expect(plan.candidates(for: "latest_release").prefix(3) == ["r28_0_1", "r28_0_0", "w_2077_28"])
        let many = (1...50).map { "w_2077_" + ($0 < 10 ? "0" : "") + "\($0)" } + ["recommended"]
        let wide = Self.settings(weeklies: 1, dailies: 0, releases: 0)
        let widePlan = AliasLookupPlan(wide, tags: many, digests: ["w_2077_50": "sha256:a", "recommended": "sha256:b"])
        #expect(widePlan.candidates(for: "recommended") == (20...49).reversed().map { "w_2077_\($0)" })
    }

    @Test("with a SAL cycle, only that cycle's tags are aliases and candidates") func cycle() {
        let tags = ["w_2077_43_c0050.001", "w_2077_42_c0050.001", "w_2077_41_c0050.001", "w_2077_44_c0049.001", "w_2077_45",
                    "recommended_c0050", "recommended"]
        let settings = Self.settings(weeklies: 1, dailies: 0, releases: 0, cycle: 50)
        var withTag = settings
        withTag.prepuller.recommendedTag = "recommended_c0050"
        let plan = AliasLookupPlan(withTag, tags: tags, digests: ["w_2077_43_c0050.001": "sha256:a", "recommended_c0050": "sha256:b"])
        #expect(plan.aliases == ["recommended_c0050"])
        #expect(plan.candidates(for: "recommended_c0050") == ["w_2077_42_c0050.001", "w_2077_41_c0050.001"])
    }
    @Test("Artifact Registry: every alias's target is the listing's, in its row and the picture; the documents unchanged")
    func artifactRegistry() throws {
        var options = PrepullerOptions(source: GARSourceOptions(location: "us-central1", projectID: "p", repository: "r", image: "lab"))
        options.aliasTags = ["latest_weekly"]
        let base = "us-central1-docker.pkg.dev/p/r/lab@"
        let listing = RegistryListing.artifactRegistry([
            RegistryEntry(uri: base + "sha256:a", tags: ["w_2077_43", "latest_weekly"]),
            RegistryEntry(uri: base + "sha256:b", tags: ["w_2077_40", "recommended"]),
        ])
        let picture = ImageEngine.evaluate(LabImageSettings(prepuller: options), listing: listing, nodes: [], now: 0)
        #expect(picture.aliases == [
            "recommended": AliasTarget(digest: "sha256:b", target: "w_2077_40", foundBy: .listing),
            "latest_weekly": AliasTarget(digest: "sha256:a", target: "w_2077_43", foundBy: .listing),
        ])
        let row = try #require(picture.dashboard.images.first { $0.tag == "recommended" })
        #expect(row.aliasLookup == picture.aliases["recommended"] && row.aliasTarget == "w_2077_40")
        #expect(picture.aliasesJSON.serialized(indent: nil)
                == #"{"latest_weekly":{"digest":"sha256:a","found_by":"listing","target":"w_2077_43"},"recommended":{"digest":"sha256:b","found_by":"listing","target":"w_2077_40"}}"#)
    }
}
