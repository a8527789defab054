import Foundation
import Testing
import NubladaStandIn
import NubladaTestSupport

/// Bad input gets one clear line on stderr and a non-zero exit, never a crash, a stack trace
/// or a secret.
@Suite("nubladash snapshot: bad input", .serialized)
struct SnapshotBadInputTests {
    func expectOneLineFailure(_ result: Binary.Result, contains fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("nubladash: "), sourceLocation: sourceLocation)
        #expect(result.stderr.contains(fragment), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        for secret in [Cluster.registryToken, Cluster.kubeToken] {
            #expect(!result.stderr.contains(secret), sourceLocation: sourceLocation)
        }
    }

    @Test("missing configuration file") func missingConfig() async throws {
        let cluster = try Cluster()
        expectOneLineFailure(try await cluster.snapshot(config: "/nonexistent/config.yaml"), contains: "/nonexistent/config.yaml: no such file")
    }

    @Test("YAML syntax error") func yamlSyntax() async throws {
        let cluster = try Cluster()
        let config = cluster.scratch.write("broken.yaml", "images:\n  source: {type: google\n   oops: [")
        expectOneLineFailure(try await cluster.snapshot(config: config), contains: "broken.yaml: YAML syntax error: line")
    }

    @Test("no images.source") func noSource() async throws {
        let cluster = try Cluster()
        let config = cluster.scratch.write("values-idfprod.yaml", "controller:\n  config:\n    images: {numWeeklies: 2}\n")
        expectOneLineFailure(try await cluster.snapshot(config: config), contains: "images.source: missing in values-idfprod.yaml")
    }

    @Test("unknown source type") func unknownType() async throws {
        let cluster = try Cluster()
        let config = cluster.scratch.write("c.yaml", "images:\n  source: {type: quay, repository: x}\n")
        expectOneLineFailure(try await cluster.snapshot(config: config), contains: "images.source.type: unknown source type 'quay'")
    }

    @Test("missing kubeconfig") func missingKubeconfig() async throws {
        let cluster = try Cluster()
        expectOneLineFailure(try await cluster.snapshot(kubeconfig: "/nonexistent/kubeconfig"), contains: "kubeconfig /nonexistent/kubeconfig: no such file")
    }

    @Test("malformed endpoint URL") func malformedEndpoint() async throws {
        let cluster = try Cluster()
        expectOneLineFailure(try await cluster.snapshot(endpoint: "http//nowhere"), contains: "--registry-endpoint: malformed URL")
    }

    @Test("unreachable registry endpoint") func unreachable() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        // A port held bound and never listening: refused, and no other program can take it.
        let refusing = try RefusingPort()
        let dead = refusing.url
        let started = Date()
        let result = try await cluster.snapshot(endpoint: dead)
        expectOneLineFailure(result, contains: "cannot connect to 127.0.0.1:")
        withExtendedLifetime(refusing) {}
        // Connection failures are retried with backoff, within about 30 seconds in all.
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test("401 from the registry") func registry401() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        expectOneLineFailure(try await cluster.snapshot(token: "not-the-token-b4c1"), contains: "access token refused (401)")
    }

    @Test("401 from Kubernetes") func kubernetes401() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        let result = try await cluster.snapshot(kubeconfig: cluster.kubeconfig(token: "wrong-kube-token-77aa"))
        expectOneLineFailure(result, contains: "unauthorized (401)")
        #expect(!result.stderr.contains("wrong-kube-token-77aa"))
    }

    @Test("TLS failure: the kubeconfig's CA did not sign the server") func wrongCA() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        let otherCA = try StandInCertificateAuthority(commonName: "not the cluster's CA").certificatePEM
        expectOneLineFailure(try await cluster.snapshot(kubeconfig: cluster.kubeconfig(caPEM: otherCA)), contains: "TLS failure with 127.0.0.1")
    }

    @Test("malformed JSON from the registry") func malformedRegistry() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        cluster.server.malformedRegistry = true
        expectOneLineFailure(try await cluster.snapshot(), contains: "malformed JSON from Artifact Registry")
    }

    @Test("malformed JSON from Kubernetes") func malformedKubernetes() async throws {
        let cluster = try Cluster()
        cluster.loadFixture()
        cluster.server.malformedKubernetes = true
        expectOneLineFailure(try await cluster.snapshot(), contains: "malformed JSON from Kubernetes")
    }
}

@Suite("nubladash snapshot: output", .serialized)
struct SnapshotOutputTests {
    @Test("JSON with the controller's three documents") func json() async throws {
        let cluster = try Cluster(pageCap: 9)
        cluster.loadFixture(nodes: 10, tags: 40)
        let result = try await cluster.snapshot()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(document.keys) == ["images", "menu", "prepulls", "activity", "aliases"])
        let prepulls = try #require(document["prepulls"] as? [String: Any])
        #expect((prepulls["nodes"] as? [Any])?.count == 10)
        #expect(cluster.server.registryRequestCount > 1)
    }

    @Test("--format text is a readable report") func text() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 4, tags: 20)
        let result = try await cluster.snapshot(extra: ["--format", "text"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("Registry  us-central1-docker.pkg.dev/"))
        #expect(result.stdout.contains("Prepull set"))
        // The test's environment has no LANG: the C locale, so ASCII throughout.
        #expect(result.stdout.contains("Nodes x prepull images"))
    }
}
