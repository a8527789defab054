import Foundation
import Testing
@testable import NubladaClients
import NubladaStandIn
import NubladaTestSupport

@Suite("Docker registry client against the stand-in: tags, digests, faults")
struct DockerRegistryClientTests {
    @Test("tags/list follows Link pages; the page size is sent as n") func paging() async throws {
        let harness = try DockerStandInHarness(tags: 23, pageCap: 100)
        let client = harness.client(pageSize: 5)
        let tags = try await blocking { try client.listTags() }
        #expect(tags == harness.tags)
        let pages = harness.registryRequests.filter { $0.authorization == "bearer" }
        #expect(pages.count == 5)
        #expect(pages.first?.target.hasSuffix("tags/list?n=5") == true)
        #expect(pages.last?.target.contains("last=w_2026_20") == true)
    }

    @Test("the registry's own page cap is honoured through Link") func serverCap() async throws {
        let harness = try DockerStandInHarness(tags: 9, pageCap: 2)
        let client = harness.client()
        #expect(try await blocking { try client.listTags() } == harness.tags)
        #expect(harness.registryRequests.filter { $0.authorization == "bearer" }.count == 5)
    }

    @Test("a next link to another host, a repeated page, a malformed Link: errors, no loop") func badLinks() async throws {
        let harness = try DockerStandInHarness(tags: 4)
        let repository = DockerStandInHarness.repository
        let cases = [
            ("<http://198.51.100.7:1/v2/\(repository)/tags/list?last=a>; rel=\"next\"", "another server"),
            ("</v2/\(repository)/tags/list?n=2>; rel=\"next\"", "twice"),
            ("tags/list?last=a; rel=next", "malformed Link header"),
        ]
        for (link, expected) in cases {
            harness.settings { $0.linkOverride = link }
            let client = harness.client()
            let message = await errorText { _ = try client.listTags() }
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains(DockerStandInHarness.registry))
        }
    }

    @Test("malformed tags/list JSON is one clear error") func malformedJSON() async throws {
        let harness = try DockerStandInHarness()
        harness.server.malformedRegistry = true
        let client = harness.client()
        let message = await errorText { _ = try client.listTags() }
        #expect(message == "malformed tags/list JSON from \(harness.serverName) for \(DockerStandInHarness.repository)")
    }

    @Test("404 NAME_UNKNOWN names the host and repository; an unknown tag names the tag") func notFound() async throws {
        let harness = try DockerStandInHarness()
        let missing = harness.client(repository: "no/such-repo")
        let message = await errorText { _ = try missing.listTags() }
        #expect(message.hasPrefix("repository no/such-repo not found on \(harness.serverName) (404 NAME_UNKNOWN"), "\(message)")
        let headMissing = await errorText { _ = try missing.digests(forTags: ["w_2026_01"]) }
        #expect(headMissing.hasPrefix("repository no/such-repo not found"), "\(headMissing)")
        let client = harness.client()
        let tagMessage = await errorText { _ = try client.digests(forTags: ["w_2026_01", "no_such_tag"]) }
        #expect(tagMessage.hasPrefix("tag no_such_tag not found in ts-dockerhub.lsst.org/sal-sciplat-lab (requests to \(harness.server.registryURL)) (404 MANIFEST_UNKNOWN"), "\(tagMessage)")
    }

    @Test("digests: one HEAD a tag with the four manifest media types, from Docker-Content-Digest") func digests() async throws {
        let harness = try DockerStandInHarness(tags: 10)
        let client = harness.client()
        let wanted = ["w_2026_03", "w_2026_07", "w_2026_03", "w_2026_10"]
        let digests = try await blocking { try client.digests(forTags: wanted) }
        #expect(digests == Dictionary(uniqueKeysWithValues: ["w_2026_03", "w_2026_07", "w_2026_10"].map { ($0, harness.digests[$0]!) }))
        let heads = harness.registryRequests.filter { $0.method == "HEAD" && $0.authorization == "bearer" }
        #expect(heads.count == 3)
        #expect(harness.registryRequests.allSatisfy { $0.method != "GET" || !$0.target.contains("/manifests/") })
        for head in heads {
            for type in DockerRegistryClient.manifestMediaTypes { #expect(head.accept?.contains(type) == true) }
        }
    }

    @Test("a multi-arch index and a Docker manifest list resolve to their own digests") func indexes() async throws {
        let harness = try DockerStandInHarness()
        let index = StandInDockerManifest.synthetic(tag: "r29_0_0", mediaType: "application/vnd.oci.image.index.v1+json")
        let list = StandInDockerManifest.synthetic(tag: "r28_0_0", mediaType: "application/vnd.docker.distribution.manifest.list.v2+json")
        harness.server.setDockerRepository(DockerStandInHarness.repository, manifests: [index, list])
        let client = harness.client()
        let digests = try await blocking { try client.digests(forTags: ["r29_0_0", "r28_0_0"]) }
        #expect(digests == ["r29_0_0": index.digest, "r28_0_0": list.digest])
    }

    @Test("a HEAD answer without Docker-Content-Digest falls back to GET and the sha256 of its bytes") func noDigestHeader() async throws {
        let harness = try DockerStandInHarness(tags: 3)
        harness.settings { $0.sendsDigestHeader = false }
        let client = harness.client()
        let digests = try await blocking { try client.digests(forTags: harness.tags) }
        #expect(digests == harness.digests)
        let gets = harness.registryRequests.filter { $0.method == "GET" && $0.target.contains("/manifests/") }
        #expect(gets.count == 3)
    }

    @Test("never more than 8 manifest requests in flight") func concurrency() async throws {
        let harness = try DockerStandInHarness(tags: 40)
        let client = harness.client()
        _ = try await blocking { try client.listTags() }
        harness.server.delay = 0.05
        let digests = try await blocking { try client.digests(forTags: harness.tags) }
        #expect(digests == harness.digests)
        #expect(harness.server.dockerMaximumManifestConcurrency <= 8)
        #expect(harness.server.dockerMaximumManifestConcurrency >= 2)
        let limited = harness.client(concurrency: 50)
        harness.server.resetDockerRecords()
        _ = try await blocking { try limited.digests(forTags: harness.tags) }
        #expect(harness.server.dockerMaximumManifestConcurrency <= 8)
    }

    @Test("503 and 429 are retried with backoff; 403 fails at once") func retries() async throws {
        let harness = try DockerStandInHarness(tags: 6)
        let client = harness.client(harness.basic)
        _ = try await blocking { try client.listTags() }
        harness.server.failRegistry(next: 3, status: 503)
        #expect(try await blocking { try client.listTags() } == harness.tags)
        harness.server.failRegistry(next: 2, status: 429)
        #expect(try await blocking { try client.digests(forTags: ["w_2026_02"]) } == ["w_2026_02": harness.digests["w_2026_02"]!])
        harness.server.resetDockerRecords()
        harness.server.failRegistry(next: 1, status: 403)
        let message = await errorText { _ = try client.listTags() }
        #expect(message.hasPrefix("permission denied (403) by \(harness.serverName) for sal-sciplat-lab"), "\(message)")
        #expect(harness.registryRequests.count == 1)
        #expect(!message.contains(harness.server.dockerSettings.password))
    }

    @Test("failures that outlast the retry budget end with the last status") func givesUp() async throws {
        let harness = try DockerStandInHarness()
        harness.settings { $0.auth = .none }
        harness.server.failRegistry(next: 1000, status: 503)
        var policy = DockerStandInHarness.instantRetry
        policy.budget = 3
        let client = harness.client(retry: policy)
        let message = await errorText { _ = try client.listTags() }
        #expect(message.hasPrefix("HTTP 503 from \(harness.serverName) for sal-sciplat-lab"), "\(message)")
        #expect(harness.registryRequests.count > 1)
    }

    @Test("a connection failure is retried, then named with the registry and the endpoint contacted") func connectionFailure() async throws {
        var policy = DockerStandInHarness.instantRetry
        policy.budget = 2
        let client = DockerRegistryClient(registry: "ghcr.io", repository: "lsst-sqre/sciplat-lab", endpoint: "http://127.0.0.1:9",
                                          retry: policy, pageSize: 10, concurrency: 8, now: { Date().timeIntervalSince1970 },
                                          credential: { .anonymous(reason: "test") })
        let message = await errorText { _ = try client.listTags() }
        #expect(message.hasPrefix("Docker registry ghcr.io (requests to http://127.0.0.1:9): cannot connect to 127.0.0.1:9"), "\(message)")
        #expect(client.requestCount > 1)
    }

    @Test("Docker-Content-Digest: any algorithm:encoded form is taken, nonsense refused") func digestForm() {
        #expect(DockerRegistryClient.isDigest("sha256:" + String(repeating: "ab", count: 32)))
        #expect(DockerRegistryClient.isDigest("sha256:1234"))
        for bad in ["nonsense", "sha256:", ":abcd", "sha256:ab cd", "sha256:ab\"x"] {
            #expect(!DockerRegistryClient.isDigest(bad), "\(bad)")
        }
    }

    @Test("--registry-endpoint must be an http(s) URL") func endpointValidation() {
        #expect(throws: RegistryError.self) { try RegistryEndpoint.validate("ghcr.io") }
        #expect(throws: RegistryError.self) { try RegistryEndpoint.validate("ftp://ghcr.io") }
        #expect(throws: Never.self) { try RegistryEndpoint.validate("http://127.0.0.1:5000") }
    }

    @Test("Docker Hub: docker.io goes to registry-1.docker.io, official images under library/") func dockerHub() {
        let hub = DockerRegistryClient(registry: "docker.io", repository: "ubuntu")
        #expect(hub.endpoint == "https://registry-1.docker.io")
        #expect(hub.apiRepository == "library/ubuntu")
        let lsst = DockerRegistryClient(registry: "registry.hub.docker.com", repository: "lsstsqre/sciplat-lab")
        #expect(lsst.endpoint == "https://registry.hub.docker.com")
        #expect(lsst.apiRepository == "lsstsqre/sciplat-lab")
    }
}
