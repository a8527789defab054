import Foundation
import Testing
@testable import NubladaClients
import NubladaStandIn
import NubladaTestSupport

@Suite("Docker registry client: Basic, Bearer tokens, renewal and refusals")
struct DockerRegistryAuthTests {
    @Test("Basic: a 401 with WWW-Authenticate Basic is answered with the user's credentials") func basic() async throws {
        let harness = try DockerStandInHarness(auth: .basic)
        let client = harness.client(harness.basic)
        #expect(try await blocking { try client.listTags() } == harness.tags)
        #expect(harness.registryRequests.map(\.authorization) == ["none", "basic"])
        _ = try await blocking { try client.digests(forTags: ["w_2026_01"]) }
        #expect(harness.registryRequests.last?.authorization == "basic")
        #expect(harness.registryRequests.count == 3)
    }

    @Test("Basic without credentials, and Basic refused: clear errors, no secret") func basicRefused() async throws {
        let harness = try DockerStandInHarness(auth: .basic)
        let anonymous = harness.client()
        let none = await errorText { _ = try anonymous.listTags() }
        #expect(none.hasPrefix("ts-dockerhub.lsst.org/sal-sciplat-lab needs credentials (401, Basic) and none were found"), "\(none)")
        let wrong = harness.client(.basic(username: "docker-user", password: "wrong-s3cret", origin: "config.json"))
        let refused = await errorText { _ = try wrong.listTags() }
        #expect(refused.hasPrefix("credentials refused (401) by \(harness.serverName) for sal-sciplat-lab"), "\(refused)")
        #expect(refused.contains("user docker-user from config.json"))
        #expect(!refused.contains("wrong-s3cret"))
    }

    @Test("Bearer with credentials: token fetched with Basic, scope repository:REPO:pull, then reused") func bearerWithCredentials() async throws {
        let harness = try DockerStandInHarness()
        let client = harness.client(harness.basic)
        #expect(try await blocking { try client.listTags() } == harness.tags)
        _ = try await blocking { try client.digests(forTags: harness.tags) }
        #expect(harness.server.dockerTokensIssued == 1)
        let token = try #require(harness.tokenRequests.first)
        #expect(token.authorization == "basic")
        #expect(token.target.contains("scope=repository%3Asal-sciplat-lab%3Apull"))
        #expect(token.target.contains("service=stand-in-registry"))
        #expect(harness.registryRequests.filter { $0.authorization == "none" }.count == 1)
    }

    @Test("Bearer without credentials: an anonymous pull token") func bearerAnonymous() async throws {
        let harness = try DockerStandInHarness()
        let client = harness.client()
        #expect(try await blocking { try client.listTags() } == harness.tags)
        #expect(harness.tokenRequests.map(\.authorization) == ["none"])
    }

    @Test("anonymous tokens refused: an error that says credentials are needed and how") func anonymousRefused() async throws {
        let harness = try DockerStandInHarness()
        harness.settings { $0.allowAnonymous = false }
        let client = harness.client(.anonymous(reason: "no entry for ts-dockerhub.lsst.org in /x/config.json"))
        let message = await errorText { _ = try client.listTags() }
        #expect(message.hasPrefix("ts-dockerhub.lsst.org/sal-sciplat-lab needs credentials: the token service"), "\(message)")
        #expect(message.contains("no entry for ts-dockerhub.lsst.org in /x/config.json"))
        #expect(harness.tokenRequests.count == 1)
    }

    @Test("credentials refused by the token service: named, never shown") func tokenServiceRefuses() async throws {
        let harness = try DockerStandInHarness()
        let client = harness.client(.basic(username: "docker-user", password: "not-the-pa55word", origin: "credHelpers"))
        let message = await errorText { _ = try client.listTags() }
        #expect(message.hasPrefix("credentials refused (401) by the token service"), "\(message)")
        #expect(!message.contains("not-the-pa55word"))
        #expect(harness.tokenRequests.count == 1)
    }

    @Test("a revoked token is renewed once after a 401; refused again, the error stands (no loop)") func renewal() async throws {
        let harness = try DockerStandInHarness()
        let client = harness.client(harness.basic)
        _ = try await blocking { try client.listTags() }
        harness.server.revokeDockerTokens()
        #expect(try await blocking { try client.listTags() } == harness.tags)
        #expect(harness.server.dockerTokensIssued == 2)
        harness.server.resetDockerRecords()
        harness.server.unauthorized = true
        let message = await errorText { _ = try client.listTags() }
        #expect(message.hasPrefix("credentials refused (401) by ts-dockerhub.lsst.org"), "\(message)")
        #expect(harness.registryRequests.count == 2)
        #expect(harness.tokenRequests.count == 1)
    }

    @Test("an expired token is replaced before use") func expiry() async throws {
        let harness = try DockerStandInHarness()
        harness.settings { $0.tokenLifetime = 3600 }
        // The client's clock stands still but for the test's own steps, so a slow machine
        // cannot age the token; refreshed 5 minutes before its hour is up.
        let clock = FrozenClock(Date().timeIntervalSince1970)
        let client = harness.client(harness.basic, now: clock.now)
        _ = try await blocking { try client.listTags() }
        clock.advance(3000)
        _ = try await blocking { try client.listTags() }
        #expect(harness.server.dockerTokensIssued == 1)
        clock.advance(400)
        _ = try await blocking { try client.listTags() }
        #expect(harness.server.dockerTokensIssued == 2)
        #expect(harness.registryRequests.filter { $0.authorization == "none" }.count == 1)
    }

    @Test("an identity token is traded with a refresh-token grant, as docker does") func identityToken() async throws {
        let harness = try DockerStandInHarness()
        let client = harness.client(.identityToken(harness.server.dockerSettings.identityToken, origin: "docker-credential-x"))
        #expect(try await blocking { try client.listTags() } == harness.tags)
        #expect(harness.tokenRequests.map(\.method) == ["POST"])
        let wrong = harness.client(.identityToken("stale-identity-token", origin: "docker-credential-x"))
        let message = await errorText { _ = try wrong.listTags() }
        #expect(message.contains("identity token from docker-credential-x"), "\(message)")
        #expect(!message.contains("stale-identity-token"))
    }

    @Test("credentials found through a docker config file, described without the secret") func throughConfigFile() async throws {
        let harness = try DockerStandInHarness()
        harness.settings { $0.allowAnonymous = false }
        let scratch = ScratchDirectory()
        let auth = Data("docker-user:docker-pass".utf8).base64EncodedString()
        let path = scratch.write("config.json", "{\"auths\": {\"https://ts-dockerhub.lsst.org\": {\"auth\": \"\(auth)\"}}}")
        let client = DockerRegistryClient(registry: DockerStandInHarness.registry, repository: DockerStandInHarness.repository,
                                          endpoint: harness.server.registryURL,
                                          credentials: DockerCredentialStore(dockerConfig: path, environment: [:]),
                                          retry: DockerStandInHarness.instantRetry)
        try await blocking { try client.checkAccess() }
        #expect(harness.registryRequests.last?.target.hasSuffix("tags/list?n=1") == true)
        let description = client.describeCredential()
        #expect(description.contains("user docker-user from auths[\"https://ts-dockerhub.lsst.org\"] in \(path)"), "\(description)")
        #expect(description.contains(harness.server.registryURL))
        #expect(!description.contains("docker-pass") && !description.contains(auth))
    }

    @Test("credentials never go to a plain-http token realm off loopback") func plainHTTPRealm() async throws {
        let harness = try DockerStandInHarness()
        harness.settings { $0.realmOverride = "http://192.0.2.1:8080/token" }
        let client = harness.client(harness.basic, retry: .none)
        let message = await errorText { _ = try client.listTags() }
        #expect(message == "token service of ts-dockerhub.lsst.org: refusing to send credentials to 192.0.2.1:8080 over plain http (use https, or a loopback address)",
                "\(message)")
        #expect(!message.contains(harness.server.dockerSettings.password))
    }
}
