import Foundation
import Testing
@testable import NubladaClients
import NubladaEngine
@testable import NubladaStandIn
import NubladaTestSupport

@Suite("Artifact Registry client against the stand-in", .serialized)
struct RegistryClientTests {
    @Test("follows nextPageToken through every page") func paging() throws {
        let harness = try StandInHarness(tags: 40, pageCap: 7)
        let client = harness.registry()
        let entries = try client.listEntries(harness.source)
        #expect(entries.count == harness.dataset.entries.count)
        #expect(entries.map(\.uri) == harness.dataset.entries.map(\.uri))
        let pages = (harness.dataset.entries.count + 6) / 7
        #expect(harness.server.registryRequestCount == pages)
        #expect(entries.allSatisfy { $0.sizeBytes != nil })
    }

    @Test("retries 503 and 429 with backoff, then succeeds") func retries() throws {
        let harness = try StandInHarness(pageCap: 1000)
        harness.server.failRegistry(next: 2, status: 503)
        let client = harness.registry()
        #expect(try client.listEntries(harness.source).count == harness.dataset.entries.count)
        #expect(harness.server.registryRequestCount == 3)
        harness.server.failRegistry(next: 1, status: 429)
        #expect(try client.listEntries(harness.source).count == harness.dataset.entries.count)
    }

    @Test("gives up with the last error when failures outlast the retry budget") func givesUp() throws {
        let harness = try StandInHarness(pageCap: 1000)
        harness.server.failRegistry(next: 1000, status: 503)
        var policy = StandInHarness.instantRetry
        policy.budget = 5
        let attempts = policy.delays(random: { 1 }).count
        let client = harness.registry(retry: policy)
        #expect(throws: RegistryError.self) { try client.listEntries(harness.source) }
        #expect(harness.server.registryRequestCount >= attempts)
        do { _ = try client.listEntries(harness.source) } catch {
            #expect("\(error)".contains("HTTP 503"))
            #expect("\(error)".contains(harness.source.parent))
        }
    }

    @Test("401 fails at once, names the repository, never prints the token") func unauthorized() throws {
        let harness = try StandInHarness()
        let client = harness.registry(token: "wrong-secret-token")
        do {
            _ = try client.listEntries(harness.source)
            Issue.record("no error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("(401)"))
            #expect(text.contains(harness.source.parent))
            #expect(!text.contains("wrong-secret-token"))
        }
        // One try with the token, one after refreshing it: no backoff retries.
        #expect(harness.server.registryRequestCount == 2)
    }

    @Test("404 names project, location and repository") func notFound() throws {
        let harness = try StandInHarness()
        let other = GARSourceOptions(location: "us-central1", projectID: "no-such-project", repository: "r", image: "i")
        do {
            _ = try harness.registry().listEntries(other)
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("projects/no-such-project/locations/us-central1/repositories/r"))
            #expect("\(error)".contains("(404)"))
        }
    }

    @Test("malformed JSON is an error, not a crash") func malformed() throws {
        let harness = try StandInHarness()
        harness.server.malformedRegistry = true
        do {
            _ = try harness.registry().listEntries(harness.source)
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("malformed JSON from Artifact Registry"))
        }
    }

    @Test("an unreachable endpoint says which host") func unreachable() throws {
        let harness = try StandInHarness()
        // A port held bound and never listening: refused, and no other program can take it.
        let refusing = try RefusingPort()
        let port = refusing.port
        do {
            _ = try harness.registry(endpoint: refusing.url, retry: .none).listEntries(harness.source)
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("cannot connect to 127.0.0.1:\(port)"))
        }
        withExtendedLifetime(refusing) {}
    }

    @Test("credentials are never sent over plain http except to loopback") func plainHTTP() throws {
        var request = HTTPRequest(url: "http://registry.example.org/v1/x")
        request.authorize(bearer: "secret")
        #expect(throws: HTTPError.insecureCredentials(host: "registry.example.org")) { try CurlHTTPClient().send(request) }
        #expect(isLoopback(host: "127.0.0.1") && isLoopback(host: "localhost") && isLoopback(host: "[::1]"))
        #expect(!isLoopback(host: "10.0.0.1") && !isLoopback(host: "127.example.org"))
        #expect(throws: RegistryError.self) { try RegistryEndpoint.validate("not a url") }
        #expect(throws: RegistryError.self) { try RegistryEndpoint.validate("ftp://host") }
    }
}

@Suite("Kubernetes client against the stand-in", .serialized)
struct KubernetesClientTests {
    @Test("pages through the node list with continue tokens") func paging() throws {
        let harness = try StandInHarness(nodes: 12)
        let client = harness.kubernetes(pageSize: 5)
        let nodes = try client.listNodes(labelSelector: "")
        // Kubernetes lists nodes by name.
        #expect(nodes.map(\.name) == harness.dataset.nodes.map(\.name).sorted())
        #expect(harness.server.kubernetesRequestCount == 3)
        #expect(nodes.first?.images.isEmpty == false)
    }

    @Test("filters server-side by label selector") func selector() throws {
        let harness = try StandInHarness(nodes: 12)
        let labels = try #require(harness.dataset.nodes.first?.labels)
        let (key, value) = try #require(labels.sorted { $0.key < $1.key }.first)
        let expected = harness.dataset.nodes.filter { $0.labels[key] == value }.map(\.name).sorted()
        #expect(try harness.kubernetes().listNodes(labelSelector: "\(key)=\(value)").map(\.name) == expected)
    }

    @Test("401 names the server and the kind of credential, not the token") func unauthorized() throws {
        let harness = try StandInHarness()
        do {
            _ = try harness.kubernetes(token: "bad-kube-secret").listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("unauthorized (401)"))
            #expect("\(error)".contains("bearer token"))
            #expect(!"\(error)".contains("bad-kube-secret"))
        }
    }

    @Test("a server certificate from another CA fails TLS verification") func wrongCA() throws {
        let harness = try StandInHarness()
        let otherCA = try StandInCertificateAuthority(commonName: "someone else").certificatePEM
        do {
            _ = try harness.kubernetes(caPEM: otherCA).listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("TLS failure with 127.0.0.1"))
        }
    }

    @Test("malformed JSON is an error") func malformed() throws {
        let harness = try StandInHarness()
        harness.server.malformedKubernetes = true
        #expect(throws: KubernetesError.self) { try harness.kubernetes().listNodes(labelSelector: "") }
    }
}

@Suite("A whole refresh against the stand-in", .serialized)
struct RefreshTests {
    @Test("configuration, kubeconfig and token from the environment, as the CLI uses them") func refresh() async throws {
        let harness = try StandInHarness(nodes: 6, tags: 30)
        let refresher = try ClusterRefresher.make(
            configPath: harness.configFile(), kubeconfig: harness.kubeconfigFile(), context: nil,
            registryEndpoint: harness.server.registryURL, environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token"])
        defer { refresher.stopWatching() }
        let data = try #require(try refresher.refreshDashboard(now: 0).data)
        // The node and pod watches open before the server stops (a connection arriving while
        // it shuts down is what the test would otherwise race with).
        #expect(await eventually { harness.server.openWatchCount == 2 })
        #expect(data.nodes.count == 6)
        #expect(!data.images.isEmpty)
        #expect(data.nodes.allSatisfy { $0.cells.count == data.columns.count })
        let document = try #require(bound(refresher.snapshot(now: 0).snapshotJSON) { if case .object(let document) = $0 { document } else { nil } }, "not an object")
        #expect(Set(document.keys) == ["images", "menu", "prepulls"])
    }
}

@Suite("A refresh with one side failing", .serialized)
struct PartialRefreshTests {
    static func refresher(_ harness: StandInHarness) throws -> ClusterRefresher {
        try ClusterRefresher.make(
            configPath: harness.configFile(), kubeconfig: harness.kubeconfigFile(), context: nil,
            registryEndpoint: harness.server.registryURL, environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token"])
    }

    @Test("Kubernetes failing on the first refresh: the registry's images are shown and the failure names Kubernetes")
    func kubernetesFails() throws {
        let harness = try StandInHarness(nodes: 6, tags: 30)
        harness.server.failKubernetes(next: 100, status: 403)
        let refresher = try Self.refresher(harness)
        defer { refresher.stopWatching() }
        let refresh = try refresher.refreshDashboard(now: 0)
        let data = try #require(refresh.data)
        #expect(!data.images.isEmpty)
        #expect(data.nodes.isEmpty)
        #expect(refresh.failure?.message.hasPrefix("Kubernetes: forbidden (403)") == true)
        #expect(refresh.sides == RefreshSides(registry: 0, cluster: nil), "the cluster never answered")
        let failure = try #require(refresh.failure)
        #expect(failure.partial)
        #expect(failure.sides.map(\.side) == [.nodes], "only the nodes failed; the registry answered")
        #expect(failure.sides.first?.kind == .permission && failure.sides.first?.status == 403)
    }

    @Test("the registry failing after a success: the last listing stays, the nodes are current, the failure names the registry")
    func registryFailsLater() async throws {
        let harness = try StandInHarness(nodes: 6, tags: 30)
        let refresher = try Self.refresher(harness)
        defer { refresher.stopWatching() }
        let first = try refresher.refreshDashboard(now: 0)
        #expect(first.failure == nil)
        harness.server.failRegistry(next: 100, status: 404)
        let second = try refresher.refreshDashboard(now: 10)
        #expect(second.data?.images == first.data?.images)
        #expect(second.data?.nodes.count == 6)
        #expect(second.failure?.message.hasPrefix("Artifact Registry:") == true)
        #expect(second.failure?.sides.map(\.side) == [.registry], "the nodes answered")
        #expect(second.failure?.failure(of: .registry)?.kind == .notFound)
        #expect(first.sides == RefreshSides(registry: 0, cluster: 0))
        #expect(second.sides == RefreshSides(registry: 0, cluster: 10), "the listing shown is the registry's from 0")
        #expect(refresher.waitingOn.isEmpty, "nothing pending between refreshes")
        #expect(await eventually { harness.server.openWatchCount == 2 })
    }

    @Test("both sides failing is an error") func bothFail() throws {
        let harness = try StandInHarness(nodes: 2, tags: 10)
        harness.server.failKubernetes(next: 100, status: 403)
        harness.server.failRegistry(next: 100, status: 404)
        let refresher = try Self.refresher(harness)
        defer { refresher.stopWatching() }
        let failure = try #require(throws: RefreshFailure.self) { try refresher.refreshDashboard(now: 0) }
        #expect(failure.sides.map(\.side) == [.registry, .nodes], "both sides failed")
        #expect(failure.sides.map(\.kind) == [.notFound, .permission])
        #expect(!failure.partial)
        #expect(failure.text == failure.sides[0].message, "said as the registry's failure, whose message says most")
    }
}
