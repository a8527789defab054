import NubladaEngine
import Testing
@testable import NubladaTUI

/// A Docker source knows the digests of the prepull set only: an alias pointing outside it has
/// its target found by a search of the newest tags' digests, or reported as not found. Either
/// is said wherever Artifact Registry's target is: the alias rows and their detail, the
/// overview's recommended column, the compare view's `(recommends)` row and the text reports.
@Suite struct DockerAliasTargetTests {
    static let searchedDigest = "sha256:41aa0000000000000000000000000000000000000000000000000000000000aa"

    /// `latest_weekly` (outside the prepull set) found on `w_2077_41` by a search of 3 tags.
    static func foundBySearch(_ data: DashboardData, alias: String = "latest_weekly") throws -> DashboardData {
        var data = data
        let index = try #require(data.images.firstIndex { $0.tag == alias })
        data.images[index].aliasTarget = "w_2077_41"
        data.images[index].aliasLookup = AliasTarget(digest: searchedDigest, target: "w_2077_41", foundBy: .search, searched: 3)
        return data
    }

    /// `alias` whose digest no tag among the 30 newest has.
    static func notFound(_ data: DashboardData, alias: String = "latest_weekly") throws -> DashboardData {
        var data = data
        let index = try #require(data.images.firstIndex { $0.tag == alias })
        data.images[index].aliasTarget = nil
        data.images[index].aliasLookup = AliasTarget(digest: "sha256:0dd5", target: nil, foundBy: .notFound, searched: 30)
        return data
    }

    func line(_ text: String, containing needle: String) -> String? {
        text.split(separator: "\n").first { $0.contains(needle) }.map(String.init)
    }

    @Test func aliasRowFoundByASearch() throws {
        let data = try Self.foundBySearch(DockerSourceViewTests.dockerData())
        let screen = render(Fixtures.loadedState(cols: 100, rows: 30, data: data)).text
        GoldenFile.check(screen, named: "docker-alias-search-100x30")
        #expect(line(screen, containing: " latest_weekly ")?.contains("latest_weekly → w_2077_41") == true)
        let ascii = render(Fixtures.loadedState(cols: 100, rows: 30, data: data, ascii: true)).text
        #expect(line(ascii, containing: " latest_weekly ")?.contains("latest_weekly -> w_2077_41") == true)
    }

    @Test func aliasRowNotFound() throws {
        let data = try Self.notFound(DockerSourceViewTests.dockerData())
        let screen = render(Fixtures.loadedState(cols: 100, rows: 30, data: data)).text
        GoldenFile.check(screen, named: "docker-alias-not-found-100x30")
        #expect(line(screen, containing: " latest_weekly ")?.contains("latest_weekly → ? (not among the 30 newest)") == true)
        // The text is no target: it is not searched for by `/`.
        let state = Fixtures.loadedState(cols: 100, rows: 30, data: data)
        let prepared = try #require(state.prepared)
        let index = try #require(data.images.firstIndex { $0.tag == "latest_weekly" })
        #expect(prepared.images[index].aliasNotFound)
        #expect(!prepared.images[index].searchKey.contains("newest"))
    }

    @Test func detailSaysTheTargetAndHowItWasFound() throws {
        let found = try Self.foundBySearch(DockerSourceViewTests.dockerData())
        var state = Fixtures.loadedState(cols: 100, rows: 40, data: found)
        state.overlay = .imageDetail(tag: "latest_weekly")
        var screen = render(state).text
        #expect(screen.contains("Tag            latest_weekly → w_2077_41"))
        #expect(screen.contains("Target found   by looking up the newest tags' digests (3 tags looked at)"))
        #expect(screen.contains("Digest         \(Self.searchedDigest)"), "the alias's own digest, read for the search")
        #expect(!screen.contains("enter looks it up now"))

        // The target's own detail names the alias pointing to it.
        state.overlay = .imageDetail(tag: "w_2077_41")
        #expect(render(state).text.contains("Aliases        latest_weekly"))

        state = Fixtures.loadedState(cols: 100, rows: 40, data: try Self.notFound(found))
        state.overlay = .imageDetail(tag: "latest_weekly")
        screen = render(state).text
        #expect(screen.contains("Tag            latest_weekly → ? (not among the 30 newest)"))
        #expect(screen.contains("Target found   none of the 30 newest tags has its digest"))
    }

    @Test func aListedTargetSaysNothingMore() throws {
        var data = Fixtures.data()
        let index = try #require(data.images.firstIndex { $0.tag == "recommended" })
        data.images[index].aliasLookup = AliasTarget(digest: data.images[index].digest, target: "w_2077_43", foundBy: .listing)
        var state = Fixtures.loadedState(cols: 100, rows: 40, data: data)
        state.overlay = .imageDetail(tag: "recommended")
        let screen = render(state).text
        #expect(screen.contains("recommended → w_2077_43"))
        #expect(!screen.contains("Target found"))
    }

    /// Three Docker environments: `usdfprod` recommends a weekly found by a search,
    /// `usdfint` one no search found, `usdfdev` one in its prepull set.
    static func overview(cols: Int, rows: Int) throws -> OverviewState {
        let docker = DockerSourceViewTests.dockerData()
        let ghcr = "Docker ghcr.io"
        let screens = [
            OverviewFixtures.screen("usdfprod", source: ghcr, cols: cols, rows: rows, ascii: false,
                                    outcomes: [.success(try foundBySearch(docker, alias: "recommended"))]),
            OverviewFixtures.screen("usdfint", source: ghcr, cols: cols, rows: rows, ascii: false,
                                    outcomes: [.success(try notFound(docker, alias: "recommended"))]),
            OverviewFixtures.screen("usdfdev", source: ghcr, cols: cols, rows: rows, ascii: false, outcomes: [.success(docker)]),
        ]
        var state = OverviewState(environments: screens, now: Fixtures.refreshedAt - 3, cols: cols, rows: rows, ascii: false)
        _ = updateOverview(&state, .tick(now: Fixtures.refreshedAt + 12))
        return state
    }

    @Test func overviewRecommendedColumn() throws {
        let state = try Self.overview(cols: 160, rows: 16)
        let screen = renderOverview(state).text
        GoldenFile.check(screen, named: "overview-docker-alias-160x16")
        #expect(line(screen, containing: "usdfprod")?.contains("w_2077_41") == true)
        #expect(line(screen, containing: "usdfint")?.contains("? (not among the 30 newest)") == true)
        #expect(line(screen, containing: "usdfdev")?.contains("w_2077_43") == true)
    }

    @Test func compareRecommendsRow() throws {
        var state = try Self.overview(cols: 160, rows: 16)
        _ = updateOverview(&state, .key(.character("c")))
        #expect(state.mode == .compare)
        let screen = renderOverview(state).text
        GoldenFile.check(screen, named: "compare-docker-alias-160x16")
        let recommends = try #require(line(screen, containing: "(recommends)"))
        #expect(recommends.contains("w_2077_41") && recommends.contains("? (not among the 30 newest)") && recommends.contains("w_2077_43"),
                "\(recommends)")
    }

    /// What `snapshot --environments --format text` and `snapshot --format text` say.
    @Test func textReportsLines() throws {
        let docker = DockerSourceViewTests.dockerData()
        let found = try Self.foundBySearch(docker, alias: "recommended")
        #expect(AliasTargetText.recommended(found, arrow: "→") == "recommended → w_2077_41")
        let missing = try Self.notFound(docker, alias: "recommended")
        #expect(AliasTargetText.recommended(missing, arrow: "->") == "recommended -> ? (not among the 30 newest)")
        var plain = docker
        plain.recommendedTag = "w_2077_43"
        #expect(AliasTargetText.recommended(plain, arrow: "→") == "w_2077_43", "a recommended tag that is no alias")

        let both = try Self.notFound(Self.foundBySearch(docker, alias: "recommended"), alias: "latest_weekly")
        let aliases = AliasTargetText.aliases(both).map { "\($0.row.tag) → \($0.target)" }
        #expect(aliases == ["recommended → w_2077_41", "latest_weekly → ? (not among the 30 newest)"])
        #expect(AliasTargetText.aliases(docker).map(\.row.tag) == ["recommended"], "an alias nothing is known of is left out")
    }

    @Test func notFoundWithoutASearch() {
        #expect(AliasTargetText.notFound(AliasTarget(digest: nil, target: nil, foundBy: .notFound)) == "? (its digest could not be read)")
        #expect(AliasTargetText.notFound(AliasTarget(digest: "sha256:1", target: nil, foundBy: .notFound)) == "? (not found)")
        #expect(AliasTargetText.notFound(AliasTarget(digest: "sha256:1", target: "w_2077_41", foundBy: .search, searched: 2)) == nil)
        #expect(AliasTargetText.howFound(AliasTarget(digest: "sha256:1", target: "w_2077_41", foundBy: .search, searched: 1))
            == "by looking up the newest tags' digests (1 tag looked at)")
    }
}
