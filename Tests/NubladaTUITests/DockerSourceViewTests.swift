import NubladaEngine
import Testing
@testable import NubladaTUI

/// A Docker source fetches digests only for the prepull set (issue 9, item 7): the other tags
/// show `—` for digest, size, upload time and nodes, never a guessed value; their detail offers
/// `enter` to look the digest up now and shows which listed tags share it.
@Suite struct DockerSourceViewTests {
    /// The fixture registry served as a Docker repository (same host and path, so the nodes'
    /// image names match).
    static func dockerData() -> DashboardData { dockerPicture().dashboard }

    static func dockerPicture() -> ClusterPicture {
        var options = Fixtures.prepullerOptions()
        options.source = .docker(DockerSourceOptions(registry: Fixtures.source.registry, repository: Fixtures.source.path))
        let entries = Fixtures.entries()
        let tags = entries.flatMap(\.tags)
        let digests = Dictionary(entries.flatMap { entry in entry.tags.map { ($0, entry.nameAndDigest!.digest) } },
                                 uniquingKeysWith: { $1 })
        let wanted = ImageEngine.tagsToResolve(LabImageSettings(prepuller: options), tags: tags)
        let listing = RegistryListing.docker(tags: tags, digests: digests.filter { wanted.contains($0.key) })
        return ImageEngine.evaluate(LabImageSettings(prepuller: options), listing: listing, nodes: Fixtures.smallCluster(),
                                    now: Fixtures.refreshedAt)
    }

    static func unresolvedTag(_ data: DashboardData) -> String {
        data.images.first { $0.digest == nil && !$0.tag.contains("-") }!.tag
    }

    @Test func tagsOutsideThePrepullSetShowNoGuessedValues() {
        let data = Self.dockerData()
        #expect(data.images.contains { $0.digest == nil })
        #expect(data.images.contains { $0.digest != nil })
        let state = Fixtures.loadedState(cols: 100, rows: 30, data: data)
        GoldenFile.check(render(state).text, named: "docker-100x30")
        let ascii = Fixtures.loadedState(cols: 100, rows: 30, data: data, ascii: true)
        let line = render(ascii).text.split(separator: "\n").first { $0.contains(" \(Self.unresolvedTag(data)) ") }
        #expect(line.map { $0.contains(" - ") } == true, "\(line ?? "")")
    }

    @Test func inUseIsNotGuessedForATagWithoutDigest() throws {
        let picture = Self.dockerPicture()
        let data = picture.dashboard
        let activity = ActivityReading.activity(ClusterActivity(picture: picture, pods: Fixtures.activityPods(),
                                                                now: Fixtures.refreshedAt))
        let state = Fixtures.loadedState(cols: 250, rows: 70, data: data, activity: activity)
        let texts = try #require(state.prepared?.activity?.inUseTexts)
        let unresolved = try #require(data.images.firstIndex { $0.tag == Self.unresolvedTag(data) })
        #expect(texts[unresolved] == "—")
        #expect(texts[try #require(data.images.firstIndex { $0.tag == "recommended" })] == "2")
    }

    @Test func enterLooksTheDigestUpOnceAndShowsTheTagsSharingIt() throws {
        let data = Self.dockerData()
        var state = Fixtures.loadedState(cols: 100, rows: 40, data: data)
        let tag = Self.unresolvedTag(data)
        state.overlay = .imageDetail(tag: tag)
        #expect(render(state).text.contains("enter looks it up now"))
        #expect(update(&state, .key(.enter)) == [.resolveDigest(tag: tag)])
        #expect(state.overlay == .imageDetail(tag: tag))
        #expect(render(state).text.contains("looking up…"))
        // A second enter while it runs, or after, closes the overlay instead of asking again.
        let known = try #require(data.images.first { $0.digest != nil && $0.aliasTarget == nil })
        _ = update(&state, .digestResolved(tag: tag, .success(known.digest!)))
        let screen = render(state).text
        #expect(screen.contains("Digest (now)   \(known.digest!)"))
        #expect(screen.contains(known.tag))
        #expect(update(&state, .key(.enter)) == [])
        #expect(state.overlay == nil)
    }

    @Test func aFailedLookupIsShownAndARefreshForgetsLookups() {
        let data = Self.dockerData()
        var state = Fixtures.loadedState(cols: 100, rows: 40, data: data)
        let tag = Self.unresolvedTag(data)
        state.overlay = .imageDetail(tag: tag)
        _ = update(&state, .key(.enter))
        _ = update(&state, .digestResolved(tag: tag, .failure(RefreshFailure(message: "MANIFEST_UNKNOWN", failedAt: 0))))
        #expect(render(state).text.contains("lookup failed: MANIFEST_UNKNOWN"))
        _ = update(&state, .refreshFinished(.success(data)))
        #expect(state.resolvedDigests.isEmpty)
        // An answer that arrives after the refresh is dropped.
        _ = update(&state, .digestResolved(tag: tag, .success("sha256:late")))
        #expect(state.resolvedDigests.isEmpty)
    }
}
