import Foundation
import NubladaEngine
import Testing
@testable import NubladaClients

/// Against Debian's docker-registry (distribution 2.8), installed by scripts/setup: where it
/// and the stand-in differ, it is right.
@Suite("Docker registry client against the real docker-registry", .serialized)
struct RealDockerRegistryTests {
    static let repository = "lsstsqre/sciplat-lab"

    /// Pushes a Docker v2 manifest under several tags, an OCI manifest, and an OCI index of two
    /// platforms; returns tag → digest.
    static func populate(_ registry: RealDockerRegistry) throws -> [String: String] {
        var digests: [String: String] = [:]
        let (weekly, weeklyType) = try registry.imageManifest(repository, flavor: "docker", marker: "w_2026_44")
        for tag in ["w_2026_44", "recommended", "latest_weekly"] {
            digests[tag] = try registry.pushManifest(repository, reference: tag, mediaType: weeklyType, weekly)
        }
        for (index, tag) in ["w_2026_41", "w_2026_42", "w_2026_43", "d_2026_11_01", "d_2026_11_02"].enumerated() {
            let (bytes, type) = try registry.imageManifest(repository, flavor: index % 2 == 0 ? "docker" : "oci", marker: tag)
            digests[tag] = try registry.pushManifest(repository, reference: tag, mediaType: type, bytes)
        }
        // A multi-arch release: two platform manifests pushed by digest, an index naming them.
        var entries: [String] = []
        for architecture in ["amd64", "arm64"] {
            let (bytes, type) = try registry.imageManifest(repository, flavor: "oci", marker: "r29_0_0-\(architecture)",
                                                          architecture: architecture)
            let digest = try registry.pushManifest(repository, reference: RealDockerRegistry.digest(bytes), mediaType: type, bytes)
            entries.append("{\"mediaType\":\"\(type)\",\"size\":\(bytes.count),\"digest\":\"\(digest)\",\"platform\":{\"architecture\":\"\(architecture)\",\"os\":\"linux\"}}")
        }
        let indexType = "application/vnd.oci.image.index.v1+json"
        let index = Data("{\"schemaVersion\":2,\"mediaType\":\"\(indexType)\",\"manifests\":[\(entries.joined(separator: ","))]}".utf8)
        digests["r29_0_0"] = try registry.pushManifest(repository, reference: "r29_0_0", mediaType: indexType, index)
        return digests
    }

    func client(_ registry: RealDockerRegistry, _ credential: DockerCredential = .anonymous(reason: "test"),
                repository: String = repository, pageSize: Int) -> DockerRegistryClient {
        DockerRegistryClient(registry: "registry.hub.docker.com", repository: repository, endpoint: registry.url,
                             retry: .none, pageSize: pageSize, concurrency: 8, now: { Date().timeIntervalSince1970 },
                             credential: { credential })
    }

    /// distribution 2.8 ignores `n` and sends every tag in one answer without `Link`, in its
    /// storage order (neither sorted nor push order): the client must take that as it comes.
    @Test("tags in one unpaged answer, and the digests of Docker v2, OCI and OCI index tags") func tagsAndDigests() async throws {
        let (tags, requests, digests, expected) = try await blocking { () -> ([String], Int, [String: String], [String: String]) in
            let registry = try RealDockerRegistry()
            let expected = try Self.populate(registry)
            let client = client(registry, pageSize: 3)
            let tags = try client.listTags()
            return (tags, client.requestCount, try client.digests(forTags: tags), expected)
        }
        #expect(tags.sorted() == expected.keys.sorted())
        #expect(requests == 1)
        #expect(digests == expected)
        #expect(digests["recommended"] == digests["w_2026_44"])
    }

    @Test("a missing repository is NAME_UNKNOWN; a missing tag names the tag") func notFound() async throws {
        let (repositoryError, tagError, url) = try await blocking { () -> (String, String, String) in
            let registry = try RealDockerRegistry()
            _ = try Self.populate(registry)
            var repositoryError = "", tagError = ""
            do { _ = try client(registry, repository: "lsstsqre/no-such-lab", pageSize: 10).listTags() } catch { repositoryError = "\(error)" }
            do { _ = try client(registry, pageSize: 10).digests(forTags: ["w_2026_44", "w_1999_01"]) } catch { tagError = "\(error)" }
            return (repositoryError, tagError, registry.url)
        }
        #expect(repositoryError.hasPrefix("repository lsstsqre/no-such-lab not found on registry.hub.docker.com (requests to \(url)) (404 NAME_UNKNOWN"), "\(repositoryError)")
        #expect(tagError.hasPrefix("tag w_1999_01 not found in registry.hub.docker.com/lsstsqre/sciplat-lab (requests to \(url)) (404 MANIFEST_UNKNOWN"), "\(tagError)")
    }

    @Test("htpasswd Basic auth: credentials accepted; none or wrong ones refused without showing them") func basicAuth() async throws {
        let (tags, anonymous, wrong) = try await blocking { () -> ([String], String, String) in
            let registry = try RealDockerRegistry(basicAuth: true)
            _ = try Self.populate(registry)
            let good = DockerCredential.basic(username: RealDockerRegistry.user, password: RealDockerRegistry.password, origin: "test")
            let tags = try client(registry, good, pageSize: 4).listTags()
            var anonymous = "", wrong = ""
            do { _ = try client(registry, pageSize: 4).listTags() } catch { anonymous = "\(error)" }
            let bad = DockerCredential.basic(username: RealDockerRegistry.user, password: "wrong-pa55", origin: "test")
            do { _ = try client(registry, bad, pageSize: 4).listTags() } catch { wrong = "\(error)" }
            return (tags, anonymous, wrong)
        }
        #expect(tags.count == 9)
        #expect(anonymous.contains("needs credentials (401, Basic)"), "\(anonymous)")
        #expect(wrong.hasPrefix("credentials refused (401) by registry.hub.docker.com"), "\(wrong)")
        #expect(!wrong.contains("wrong-pa55") && !wrong.contains(RealDockerRegistry.password))
    }
    /// `recommended` on the 7th newest of 10 weeklies, 4 prepulled: found by a search, then
    /// verified with one `HEAD` a refresh; moved, searched again.
    @Test("an alias outside the prepull set found, verified, found again when it moves") func aliasTargets() async throws {
        let (first, steady, moved) = try await blocking { () -> (AliasTarget?, Int, AliasTarget?) in
            let registry = try RealDockerRegistry()
            var digests: [String: String] = [:]
            var manifests: [String: (Data, String)] = [:]
            for week in 30..<40 {
                let tag = "w_2026_\(week)"
                let (bytes, type) = try registry.imageManifest(Self.repository, flavor: week % 2 == 0 ? "docker" : "oci", marker: tag)
                manifests[tag] = (bytes, type)
                digests[tag] = try registry.pushManifest(Self.repository, reference: tag, mediaType: type, bytes)
            }
            func point(at tag: String) throws {
                let (bytes, type) = manifests[tag]!
                _ = try registry.pushManifest(Self.repository, reference: "recommended", mediaType: type, bytes)
            }
            try point(at: "w_2026_33")
            var options = PrepullerOptions(source: .docker(DockerSourceOptions(registry: "registry.hub.docker.com", repository: Self.repository)))
            options.numWeeklies = 4
            options.numReleases = 0
            options.numDailies = 0
            let settings = LabImageSettings(prepuller: options)
            let client = client(registry, pageSize: 100)
            func aliases() throws -> [String: AliasTarget] {
                try #require(bound(try client.fetchListing(settings)) { if case .docker(_, _, let aliases) = $0 { aliases } else { nil } })
            }
            let first = try aliases()["recommended"]
            let before = client.requestCount
            _ = try aliases()
            // tags/list, the prepull set (4 weeklies and recommended), one HEAD to verify.
            let steady = client.requestCount - before
            try point(at: "w_2026_31")
            return (first, steady, try aliases()["recommended"])
        }
        #expect(first?.target == "w_2026_33" && first?.foundBy == .search)
        #expect(steady == 1 + 5 + 1)
        #expect(moved?.target == "w_2026_31" && moved?.foundBy == .search)
    }
}
