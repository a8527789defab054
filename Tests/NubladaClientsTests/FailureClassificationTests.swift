import Foundation
import Testing
@testable import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport

/// Every kind of failure comes from a real client error (against the stand-in, a stopped
/// server, a server that never answers), classified by its type where it is made, and the
/// message stays the one the admin read before.
@Suite("A client's failure, classified", .serialized)
struct FailureClassificationTests {
    /// What `work` threw, as the failure of `side`.
    static func failure(_ side: RefreshSide, _ work: () throws -> Void) throws -> SideFailure {
        var caught: (any Error)?
        do { try work() } catch { caught = error }
        let error = try #require(caught, "no error")
        let failure = SideFailure(side, error)
        #expect(failure.message == "\(error)", "the message is the error's own words")
        return failure
    }

    @Test("a 403 from Artifact Registry: permission, its status, the repository and Google's words")
    func registryForbidden() throws {
        let harness = try StandInHarness()
        harness.server.failRegistry(next: 100, status: 403)
        let failure = try Self.failure(.registry) { _ = try harness.registry().listEntries(harness.source) }
        #expect(failure.kind == .permission)
        #expect(failure.status == 403)
        #expect(failure.place == harness.source.parent)
        #expect(failure.serverMessage == "The caller does not have permission")
        #expect(failure.message.hasPrefix("Artifact Registry: permission denied (403)"))
    }

    @Test("a 503 that outlasts the retries: an HTTP status, with its code")
    func registryUnavailable() throws {
        let harness = try StandInHarness()
        harness.server.failRegistry(next: 100, status: 503)
        let failure = try Self.failure(.registry) { _ = try harness.registry().listEntries(harness.source) }
        #expect(failure.kind == .httpStatus)
        #expect(failure.status == 503)
        #expect(failure.serverMessage == "The service is currently unavailable.")
    }

    @Test("a malformed body: parse, on either side")
    func malformed() throws {
        let harness = try StandInHarness()
        harness.server.malformed = true
        let registry = try Self.failure(.registry) { _ = try harness.registry().listEntries(harness.source) }
        #expect(registry.kind == .parse)
        #expect(registry.message.hasPrefix("malformed JSON from Artifact Registry"))
        let nodes = try Self.failure(.nodes) { _ = try harness.kubernetes().listNodes(labelSelector: "") }
        #expect(nodes.kind == .parse)
        #expect(nodes.status == nil)
    }

    @Test("a refused connection: network, naming the host")
    func refused() throws {
        let harness = try StandInHarness()
        let endpoint = harness.server.registryURL
        let port = try #require(URL(string: endpoint)?.port)
        harness.server.stop()
        let failure = try Self.failure(.registry) {
            _ = try harness.registry(endpoint: endpoint, retry: .none).listEntries(harness.source)
        }
        #expect(failure.kind == .network)
        #expect(failure.place == "127.0.0.1:\(port)")
        #expect(failure.message.contains("cannot connect to 127.0.0.1:\(port)"))
    }

    @Test("a server that accepts and never answers: timeout, naming the host")
    func deadline() throws {
        let silent = try SilentListener()
        let client = SideDeadlineTests.dockerClient(silent.url)
        let failure = try Self.failure(.registry) { _ = try client.listTags() }
        #expect(failure.kind == .timeout)
        #expect(failure.place == silent.hostLabel)
    }

    @Test("Kubernetes: a 403 is permission, a 401 auth, a 500 an HTTP status; another CA is TLS")
    func kubernetes() throws {
        let harness = try StandInHarness()
        harness.server.failKubernetes(next: 100, status: 403)
        let forbidden = try Self.failure(.nodes) { _ = try harness.kubernetes().listNodes(labelSelector: "") }
        #expect(forbidden.kind == .permission && forbidden.status == 403)
        harness.server.failKubernetes(next: 100, status: 500)
        let broken = try Self.failure(.nodes) { _ = try harness.kubernetes().listNodes(labelSelector: "") }
        #expect(broken.kind == .httpStatus && broken.status == 500)
        harness.server.failKubernetes(next: 0)
        let unauthorized = try Self.failure(.nodes) {
            _ = try harness.kubernetes(token: "bad-kube-secret").listNodes(labelSelector: "")
        }
        #expect(unauthorized.kind == .auth && unauthorized.status == 401)
        #expect(!unauthorized.message.contains("bad-kube-secret"))
        let otherCA = try StandInCertificateAuthority(commonName: "someone else").certificatePEM
        let tls = try Self.failure(.nodes) { _ = try harness.kubernetes(caPEM: otherCA).listNodes(labelSelector: "") }
        #expect(tls.kind == .tls)
        #expect(tls.place?.hasPrefix("127.0.0.1") == true)
    }

    @Test("errors without a status say their kind by their type")
    func byType() {
        #expect(FailureCause(of: CredentialError("no Google credentials")).kind == .auth)
        #expect(FailureCause(of: ConfigError("images.source: missing")).kind == .configuration)
        #expect(FailureCause(of: HTTPError.tooLarge(host: "h", limit: 1 << 20)).kind == .limit)
        #expect(FailureCause(of: HTTPError.budgetSpent(host: "h", budget: "the registry's 60 s", phase: "connecting")).kind == .timeout)
        #expect(FailureCause(of: CocoaError(.fileNoSuchFile)).kind == .other)
        // The raw values are labels: a closed set of short snake_case words.
        #expect(FailureKind.allCases.allSatisfy { $0.rawValue.allSatisfy { $0.isLowercase || $0 == "_" } })
        #expect(RefreshSide.allCases.map(\.rawValue) == ["registry", "nodes", "pods", "config"])
    }

    @Test("auth-check's failed check: typed beside its row, whose words stay")
    func authCheck() throws {
        let harness = try StandInHarness()
        harness.server.failRegistry(next: 100, status: 403)
        let side = AuthCheck.artifactRegistry(harness.source, endpoint: harness.server.registryURL,
                                              environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token"])
        #expect(!side.ok)
        let failure = try #require(side.failures.first)
        #expect(failure.side == .registry && failure.kind == .permission && failure.status == 403)
        #expect(side.rows.last?.1 == "FAILED: " + failure.message)
        #expect(failure.message.hasPrefix("permission denied (403); the account needs artifactregistry.dockerimages.list"))
    }
}
