import Foundation
import Testing
@testable import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import Synchronization

/// Each side of a refresh (the registry, the nodes, the pods) has one budget covering
/// connecting, the first byte, a stalled transfer, token fetches and retries: against servers
/// on loopback that accept and never answer (or stop mid-answer), a side fails within its
/// budget in one line naming the host and what timed out. The budgets here are injected small;
/// the shipped ones are checked through the binary (DeadServerTests).
@Suite("Side deadlines against servers that accept and never answer")
struct SideDeadlineTests {
    /// A 6 s budget with 2 s waits: a dead side ends in about 6 s.
    static let quick = SideLimits(budget: 6, connect: 2, firstByte: 2, stall: 2)
    /// Generous: the budget and a loaded machine's slack, far below the minutes it took before.
    static let within: Double = 30

    static func dockerClient(_ endpoint: String, limits: SideLimits = quick, retry: RetryPolicy = RetryPolicy()) -> DockerRegistryClient {
        DockerRegistryClient(registry: "ghcr.io", repository: "lsst-sqre/sciplat-lab", endpoint: endpoint, retry: retry,
                             pageSize: 100, concurrency: 8, limits: limits, now: { Date().timeIntervalSince1970 },
                             credential: { .anonymous(reason: "test") })
    }

    /// The error `work` throws and the seconds it took.
    static func timed(_ work: @escaping @Sendable () throws -> Void) async -> (message: String, seconds: Double) {
        let started = Date()
        let message = await errorText(work)
        return (message, Date().timeIntervalSince(started))
    }

    @Test("a silent registry: the side fails within its budget, retries included, naming both hosts and what timed out")
    func silentRegistry() async throws {
        let silent = try SilentListener()
        let client = Self.dockerClient(silent.url)
        let (message, seconds) = await Self.timed { _ = try client.listTags() }
        #expect(seconds < Self.within, "took \(seconds) s")
        #expect(seconds >= 4, "gave up after \(seconds) s, before the budget")
        #expect(message.hasPrefix("Docker registry ghcr.io (requests to \(silent.url)): \(silent.hostLabel)"), "\(message)")
        #expect(message.contains("the registry side's 6 s budget ran out while waiting for the first byte")
                || message.contains("timed out waiting for the first byte"), "\(message)")
        // Retried inside the budget: more than one attempt, each cut short.
        #expect(silent.acceptedCount >= 2)
    }

    @Test("without retries the first attempt's wait is named: the first byte") func firstByte() async throws {
        let silent = try SilentListener()
        let client = Self.dockerClient(silent.url, retry: .none)
        let (message, seconds) = await Self.timed { _ = try client.listTags() }
        #expect(seconds < Self.within)
        #expect(message == "Docker registry ghcr.io (requests to \(silent.url)): \(silent.hostLabel) accepted the connection but sent no answer within 2 s (timed out waiting for the first byte)")
    }

    @Test("an answer that stops midway: transfer stalled") func stalled() async throws {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":\"x\",\"tags\":["
        let silent = try SilentListener(prefix: Array(head.utf8))
        let client = Self.dockerClient(silent.url, retry: .none)
        let (message, seconds) = await Self.timed { _ = try client.listTags() }
        #expect(seconds < Self.within)
        #expect(message == "Docker registry ghcr.io (requests to \(silent.url)): the answer from \(silent.hostLabel) stopped: nothing for 2 s (transfer stalled)")
    }

    @Test("a TLS handshake that never comes: connect timed out") func tlsHandshake() async throws {
        let silent = try SilentListener()
        let client = Self.dockerClient("https://127.0.0.1:\(silent.port)", retry: .none)
        let (message, seconds) = await Self.timed { _ = try client.listTags() }
        #expect(seconds < Self.within)
        #expect(message.contains("cannot connect to \(silent.hostLabel): connect timed out after 2 s"), "\(message)")
        #expect(message.hasPrefix("Docker registry ghcr.io (requests to https://127.0.0.1:\(silent.port)): "))
    }

    @Test("waits longer than the budget are cut by it, and the message says it was the side's budget") func budgetCuts() async throws {
        let silent = try SilentListener()
        let client = Self.dockerClient(silent.url, limits: SideLimits(budget: 3, connect: 2, firstByte: 20, stall: 20))
        let (message, seconds) = await Self.timed { _ = try client.listTags() }
        #expect(seconds < Self.within)
        #expect(message == "Docker registry ghcr.io (requests to \(silent.url)): \(silent.hostLabel): the registry side's 3 s budget ran out while waiting for the first byte")
        #expect(silent.acceptedCount == 1)
    }

    @Test("every digest of a listing shares the side's one budget") func digestsShareTheBudget() async throws {
        let silent = try SilentListener()
        let client = Self.dockerClient(silent.url)
        let tags = (1...40).map { "w_2026_\($0)" }
        let (message, seconds) = await Self.timed { _ = try client.digests(forTags: tags) }
        #expect(seconds < Self.within, "took \(seconds) s")
        #expect(message.hasPrefix("Docker registry ghcr.io (requests to \(silent.url)): "), "\(message)")
    }

    @Test("a token service that never answers is part of the registry side") func silentTokenService() async throws {
        let harness = try DockerStandInHarness(tags: 3)
        let silent = try SilentListener()
        harness.settings { $0.realmOverride = silent.url + "/token" }
        let client = DockerRegistryClient(registry: DockerStandInHarness.registry, repository: DockerStandInHarness.repository,
                                          endpoint: harness.server.registryURL, retry: RetryPolicy(), pageSize: 100, concurrency: 8,
                                          limits: Self.quick, now: { Date().timeIntervalSince1970 }, credential: { .anonymous(reason: "test") })
        let (message, seconds) = await Self.timed { _ = try client.listTags() }
        #expect(seconds < Self.within, "took \(seconds) s")
        #expect(message.hasPrefix("token service of \(DockerStandInHarness.registry): \(silent.hostLabel)"), "\(message)")
        #expect(message.contains("first byte"), "\(message)")
    }

    @Test("a silent Artifact Registry: the side fails within its budget naming the host") func silentArtifactRegistry() async throws {
        let silent = try SilentListener()
        let client = GARClient(endpoint: silent.url, tokens: StaticAccessToken("t", source: "test"), limits: Self.quick)
        let source = GARSourceOptions(location: "us-central1", projectID: "p", repository: "r", image: "sciplat-lab")
        let (message, seconds) = await Self.timed { _ = try client.listEntries(source) }
        #expect(seconds < Self.within, "took \(seconds) s")
        #expect(message.hasPrefix("Artifact Registry: \(silent.hostLabel)"), "\(message)")
        #expect(message.contains("first byte"), "\(message)")
        #expect(silent.acceptedCount >= 2)
    }

    @Test("a silent API server: the nodes and pods sides fail at the same time, each naming the host and the first byte")
    func silentAPIServer() async throws {
        let silent = try SilentListener()
        let connection = KubernetesConnection(server: silent.url, tls: TLSOptions(), authentication: .token("kube-token"), proxy: nil,
                                              origin: "test", contextName: "test", clusterName: "test")
        let client = KubernetesClient(connection: connection, limits: Self.quick)
        let started = Date()
        let (nodes, pods) = concurrently({ try client.listNodes(labelSelector: "") }, { try client.listLabPods() })
        let seconds = Date().timeIntervalSince(started)
        // Each side waits 2 s for its first byte, on a connection of its own, at the same time.
        #expect(seconds < Self.within)
        for result in [nodes.map { _ in () }, pods.map { _ in () }] {
            guard case .failure(let error) = result else {
                Issue.record("no error")
                continue
            }
            #expect("\(error)" == "Kubernetes: \(silent.hostLabel) accepted the connection but sent no answer within 2 s (timed out waiting for the first byte)")
        }
        #expect(silent.acceptedCount == 2)
    }

    @Test("retries stop when the next delay would pass the deadline") func retriesStopAtTheDeadline() throws {
        let silent = try SilentListener()
        let slept = Mutex<[Double]>([])
        var policy = RetryPolicy()
        policy.initialDelay = 4
        policy.maximumDelay = 4
        policy.sleep = { seconds in
            slept.withLock { $0.append(seconds) }
            Thread.sleep(forTimeInterval: seconds)
        }
        // 1 s waits in a 4 s budget: after the first attempt (1 s) the next delay (2-4 s) may
        // fit once at most; the budget is never passed by a delay.
        let client = Self.dockerClient(silent.url, limits: SideLimits(budget: 4, connect: 1, firstByte: 1, stall: 1), retry: policy)
        let started = Date()
        #expect(throws: RegistryError.self) { _ = try client.listTags() }
        #expect(Date().timeIntervalSince(started) < Self.within)
        #expect(slept.withLock { $0.count } <= 1)
    }
}
