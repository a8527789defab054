import Foundation
import Testing
@testable import NubladaClients
import NubladaStandIn
import NubladaTestSupport

/// A listing whose every page carries new items and a link to a new page stops at a documented
/// bound (pages, items, or the side's deadline), in one line naming the host and the bound; a
/// real repository's 100,000 tags stay well inside the shipped bounds.
@Suite("Listings that never end stop at a documented bound")
struct PagingBoundsTests {
    static var prefix: String { "Docker registry \(DockerStandInHarness.registry) (requests to " }

    /// Lists a stand-in repository that pages forever (10 new tags a page) with `limits`; the
    /// error and the registry's URL.
    static func endlessListing(_ limits: SideLimits, delay: Double = 0) async throws -> (message: String, url: String, pages: Int) {
        let harness = try DockerStandInHarness(tags: 3, pageCap: 10)
        harness.settings { $0.endlessTags = true }
        harness.server.delay = delay
        let client = harness.client(limits: limits)
        let message = await errorText { _ = try client.listTags() }
        let pages = harness.registryRequests.filter { $0.target.contains("tags/list") && $0.authorization == "bearer" }.count
        return (message, harness.server.registryURL, pages)
    }

    @Test("a registry that pages forever stops at the page bound, naming both hosts and the bound") func pageBound() async throws {
        let (message, url, pages) = try await Self.endlessListing(SideLimits(maximumPages: 50))
        #expect(message == "\(Self.prefix)\(url)): tags/list of \(DockerStandInHarness.repository) did not end within 50 pages, the most nubladash follows (50 pages, 500 tags so far)")
        #expect(pages == 50)
    }

    @Test("… or at the tag bound") func tagBound() async throws {
        let (message, url, _) = try await Self.endlessListing(SideLimits(maximumItems: 95))
        #expect(message == "\(Self.prefix)\(url)): tags/list of \(DockerStandInHarness.repository) passed 95 tags, the most nubladash reads (after 10 pages, 100 tags); refusing to read on")
    }

    @Test("… or at the side's deadline, whichever comes first") func deadlineBound() async throws {
        let started = Date()
        let (message, url, _) = try await Self.endlessListing(SideLimits(budget: 2), delay: 0.05)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(message.hasPrefix("\(Self.prefix)\(url)): "), "\(message)")
        // The deadline passes between two pages or during one: either way it is named.
        #expect(message.contains("the registry side's 2 s budget"), "\(message)")
    }

    @Test("the shipped bounds: 10,000 pages, 1,000,000 items, a 60 s budget") func shippedBounds() {
        let limits = SideLimits.standard
        #expect(limits.maximumPages == 10_000)
        #expect(limits.maximumItems == 1_000_000)
        #expect(limits.budget == 60)
        #expect(limits.connect == 10 && limits.firstByte == 30 && limits.stall == 30)
    }

    @Test("100,000 tags list within the shipped bounds") func hundredThousandTags() async throws {
        let harness = try DockerStandInHarness(tags: 100_000, pageCap: 1000)
        let client = harness.client()
        let tags = try await blocking { try client.listTags() }
        #expect(tags.count == 100_000)
        #expect(tags == harness.tags)
    }

    @Test("the Artifact Registry's pages are bounded by the same code") func artifactRegistryPages() async throws {
        let harness = try StandInHarness(nodes: 2, tags: 40, pageCap: 1)
        let client = GARClient(endpoint: harness.server.registryURL, tokens: StaticAccessToken("registry-token", source: "test"),
                               limits: SideLimits(maximumPages: 5))
        let source = harness.source
        let message = await errorText { _ = try client.listEntries(source) }
        #expect(message.hasPrefix("Artifact Registry at 127.0.0.1:"), "\(message)")
        #expect(message.hasSuffix(": the dockerImages listing of \(source.parent) did not end within 5 pages, the most nubladash follows (5 pages, 5 images so far)"), "\(message)")
        let unbounded = harness.registry()
        #expect(try await blocking { try unbounded.listEntries(source) }.count > 5)
    }

    @Test("a Kubernetes list is bounded by the same code: its pages (items are decoded later)") func kubernetesPages() async throws {
        let harness = try StandInHarness(nodes: 12)
        let client = KubernetesClient(connection: harness.connection(), limits: SideLimits(maximumPages: 2), pageSize: 5)
        let message = await errorText { _ = try client.listNodes(labelSelector: "") }
        #expect(message.hasPrefix("Kubernetes 127.0.0.1:"), "\(message)")
        #expect(message.hasSuffix(": the node list did not end within 2 pages, the most nubladash follows (2 pages so far)"), "\(message)")
    }

    @Test("page counts and items are written with thousands separators") func grouping() {
        #expect(PageFollower.grouped(0) == "0")
        #expect(PageFollower.grouped(999) == "999")
        #expect(PageFollower.grouped(1000) == "1,000")
        #expect(PageFollower.grouped(1_000_000) == "1,000,000")
        #expect(PageFollower.grouped(227_200) == "227,200")
    }
}
