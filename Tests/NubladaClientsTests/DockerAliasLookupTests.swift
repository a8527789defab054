import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import Testing
@testable import NubladaClients

/// Where each alias of a Docker source points, looked up by the client against the stand-in
/// registry: found outside the prepull set, verified with one `HEAD` a refresh afterwards,
/// searched again when it moves, a search that found nothing not repeated, never more than 8
/// requests at once.
@Suite("Docker client: where each alias points", .serialized)
struct DockerAliasLookupTests {
    /// `count` weeklies (`w_2026_01` oldest), `recommended` on the weekly `recommended` and
    /// `latest_weekly` on the newest.
    static func serve(_ harness: DockerStandInHarness, weeklies count: Int, recommended: String) {
        let weeklies = (1...count).map { StandInDockerManifest.synthetic(tag: String(format: "w_2026_%02d", $0)) }
        let digest = Dictionary(uniqueKeysWithValues: weeklies.map { ($0.tag, $0.digest) })
        harness.server.setDockerRepository(DockerStandInHarness.repository, manifests: weeklies + [
            StandInDockerManifest(tag: "recommended", digest: digest[recommended]!),
            StandInDockerManifest(tag: "latest_weekly", digest: weeklies.last!.digest),
        ])
        harness.digests = digest
    }

    /// Four weeklies prepulled, nothing else; `latest_weekly` an alias.
    static var settings: LabImageSettings {
        var options = PrepullerOptions(source: .docker(DockerSourceOptions(registry: DockerStandInHarness.registry,
                                                                           repository: DockerStandInHarness.repository)))
        options.numWeeklies = 4
        options.numReleases = 0
        options.numDailies = 0
        options.aliasTags = ["latest_weekly"]
        return LabImageSettings(prepuller: options)
    }

    /// The aliases one refresh found, and the `HEAD`s it sent beyond the prepull set's.
    static func refresh(_ harness: DockerStandInHarness, _ client: DockerRegistryClient) async throws
        -> (aliases: [String: AliasTarget], extraHeads: Int, listing: RegistryListing)
    {
        harness.server.resetDockerRecords()
        let listing = try await blocking { try client.fetchListing(Self.settings) }
        let (tags, aliases) = try #require(bound(listing) { if case .docker(let tags, _, let aliases) = $0 { (tags, aliases) } else { nil } })
        let prepull = ImageEngine.tagsToResolve(Self.settings, tags: tags).count
        let heads = harness.registryRequests.filter { $0.method == "HEAD" && $0.authorization == "bearer" }.count
        return (aliases, heads - prepull, listing)
    }

    @Test("a target outside the prepull set is found, and each alias row and the picture say it") func foundOutside() async throws {
        let harness = try DockerStandInHarness(tags: 1)
        Self.serve(harness, weeklies: 12, recommended: "w_2026_06")
        let client = harness.client()
        let (aliases, _, listing) = try await Self.refresh(harness, client)
        let digest = try #require(harness.digests["w_2026_06"])
        #expect(aliases["recommended"] == AliasTarget(digest: digest, target: "w_2026_06", foundBy: .search, searched: 3))
        #expect(aliases["latest_weekly"]?.target == "w_2026_12" && aliases["latest_weekly"]?.foundBy == .listing)

        let picture = ImageEngine.evaluate(Self.settings, listing: listing, nodes: [], now: 0)
        let row = try #require(picture.dashboard.images.first { $0.tag == "recommended" })
        #expect(row.aliasTarget == "w_2026_06" && row.aliasLookup?.foundBy == .search)
        #expect(picture.aliases["recommended"]?.target == "w_2026_06")
        #expect(picture.dashboard.images.first { $0.tag == "latest_weekly" }?.aliasTarget == "w_2026_12")
        // The controller's documents are made of what the controller fetches, nothing more.
        let plain = ImageEngine.evaluate(Self.settings, listing: try #require(bound(listing) {
            if case .docker(let tags, let digests, _) = $0 { RegistryListing.docker(tags: tags, digests: digests) } else { nil }
        }), nodes: [], now: 0)
        #expect(picture.snapshotJSON == plain.snapshotJSON)
    }

    @Test("steady state: one HEAD per alias a refresh beyond the prepull set's") func steadyState() async throws {
        let harness = try DockerStandInHarness(tags: 1)
        Self.serve(harness, weeklies: 12, recommended: "w_2026_06")
        let client = harness.client()
        let first = try await Self.refresh(harness, client)
        #expect(first.extraHeads > 2)
        for _ in 0..<2 {
            let next = try await Self.refresh(harness, client)
            // recommended is in the prepull set: one HEAD verifies its remembered target;
            // latest_weekly is not: one HEAD for its digest.
            #expect(next.extraHeads == 2)
            #expect(next.aliases == first.aliases)
        }
    }

    @Test("an alias that moved is searched again") func moved() async throws {
        let harness = try DockerStandInHarness(tags: 1)
        Self.serve(harness, weeklies: 12, recommended: "w_2026_06")
        let client = harness.client()
        #expect(try await Self.refresh(harness, client).aliases["recommended"]?.target == "w_2026_06")
        Self.serve(harness, weeklies: 12, recommended: "w_2026_03")
        let moved = try await Self.refresh(harness, client)
        #expect(moved.aliases["recommended"]?.target == "w_2026_03" && moved.aliases["recommended"]?.foundBy == .search)
        #expect(moved.aliases["recommended"]?.digest == harness.digests["w_2026_03"])
        #expect(try await Self.refresh(harness, client).extraHeads == 2)
    }

    @Test("a target beyond 30 candidates is not found, and that search is not repeated every refresh") func beyondThirty() async throws {
        let harness = try DockerStandInHarness(tags: 1)
        Self.serve(harness, weeklies: 40, recommended: "w_2026_01")
        let client = harness.client()
        let first = try await Self.refresh(harness, client)
        let digest = try #require(harness.digests["w_2026_01"])
        #expect(first.aliases["recommended"] == AliasTarget(digest: digest, target: nil, foundBy: .notFound, searched: 30))
        // 30 candidates, and the HEAD of latest_weekly.
        #expect(first.extraHeads == 31)
        #expect(harness.server.dockerMaximumManifestConcurrency <= 8)
        for _ in 0..<2 {
            let next = try await Self.refresh(harness, client)
            #expect(next.aliases["recommended"] == first.aliases["recommended"])
            #expect(next.extraHeads == 1)
        }
    }

    @Test("never more than 8 requests at once, with a client allowed fewer") func concurrency() async throws {
        let harness = try DockerStandInHarness(tags: 1)
        Self.serve(harness, weeklies: 40, recommended: "w_2026_11")
        for allowed in [8, 3] {
            let client = harness.client(concurrency: allowed)
            let found = try await Self.refresh(harness, client)
            #expect(found.aliases["recommended"]?.target == "w_2026_11")
            #expect(harness.server.dockerMaximumManifestConcurrency <= allowed)
        }
    }

    @Test("a lookup that fails does not fail the listing: the alias reads as not found") func failureIsNotFatal() async throws {
        let harness = try DockerStandInHarness(tags: 1)
        Self.serve(harness, weeklies: 12, recommended: "w_2026_06")
        // latest_weekly's digest cannot be read (its tag vanished between the listing and the HEAD).
        let listing = try await blocking { () -> RegistryListing in
            let client = harness.client()
            let deadline = client.newDeadline()
            var tags = try client.listTags(within: deadline)
            tags.append("latest_daily")
            var settings = Self.settings
            settings.prepuller.aliasTags = ["latest_weekly", "latest_daily"]
            let digests = try client.digests(forTags: ImageEngine.tagsToResolve(settings, tags: tags), within: deadline)
            let aliases = client.lookUpAliases(AliasLookupPlan(settings, tags: tags, digests: digests), within: deadline)
            return .docker(tags: tags, digests: digests, aliases: aliases)
        }
        let aliases = try #require(bound(listing) { if case .docker(_, _, let aliases) = $0 { aliases } else { nil } })
        #expect(aliases["latest_daily"] == AliasTarget(digest: nil, target: nil, foundBy: .notFound))
        #expect(aliases["recommended"]?.target == "w_2026_06")
    }
    /// `recommended` on the 7th newest of 10 weeklies, 4 prepulled, through one refresher
    /// (the dashboard's refreshes): its row says the target, and a refresh in steady state
    /// sends at most the prepull set's `HEAD`s and 2 more.
    @Test("through a refresher: recommended on the 7th newest weekly, steady state within prepull set + 2 HEADs") func refresher() async throws {
        let harness = try StandInHarness(nodes: 4, tags: 10)
        let weeklies = (31...40).map { StandInDockerManifest.synthetic(tag: "w_2026_\($0)") }
        let target = try #require(weeklies.first { $0.tag == "w_2026_34" })
        harness.server.setDockerRepository(DockerStandInHarness.repository,
                                           manifests: weeklies + [StandInDockerManifest(tag: "recommended", digest: target.digest)])
        let config = try ControllerConfiguration.load(path: harness.scratch.write("docker.yaml", """
            images:
              source: {type: docker, registry: \(DockerStandInHarness.registry), repository: \(DockerStandInHarness.repository)}
              numWeeklies: 4
              numReleases: 0
              numDailies: 0
            """))
        let registry = DockerRegistryClient(registry: DockerStandInHarness.registry, repository: DockerStandInHarness.repository,
                                            endpoint: harness.server.registryURL, retry: .none, pageSize: 1000, concurrency: 8,
                                            now: { Date().timeIntervalSince1970 }, credential: { .anonymous(reason: "test") })
        let refresher = ClusterRefresher(configuration: config, registry: registry, kubernetes: harness.kubernetes())
        defer { refresher.stopWatching() }
        let prepullSet = ImageEngine.tagsToResolve(config.labImages, tags: weeklies.map(\.tag) + ["recommended"]).count
        #expect(prepullSet == 5)
        var heads: [Int] = []
        for round in 0..<3 {
            harness.server.resetDockerRecords()
            let data = try #require(try await blocking { try refresher.refreshDashboard(now: Double(round)) }.data)
            let row = try #require(data.images.first { $0.tag == "recommended" })
            #expect(row.aliasTarget == "w_2026_34" && row.aliasLookup?.foundBy == .search)
            heads.append(harness.server.dockerRequests.filter { $0.method == "HEAD" && $0.authorization == "bearer" }.count)
        }
        #expect(heads[0] > prepullSet + 2)
        #expect(heads[1] <= prepullSet + 2 && heads[2] <= prepullSet + 2, "\(heads)")
    }
}
