import Foundation
import Testing
import NubladaStandIn
import NubladaTestSupport

/// `nubladash auth-check` and the credential failure paths of the real binary: which source
/// each side uses, the exit status, and no planted secret anywhere in the output.
@Suite("nubladash auth-check and credential failures", .serialized)
struct AuthCheckTests {
    /// Secrets planted in these tests; none may appear in any output.
    static let plantedRefreshToken = "1//planted-refresh-e2e-77c1"
    static let plantedClientSecret = "planted-client-secret-e2e-3a9b"
    static let plantedPassword = "planted-password-e2e-d41d"
    static let plantedPluginToken = "planted-plugin-token-e2e-8c2f"

    func expectNoSecrets(_ result: Binary.Result, extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        let output = result.stdout + result.stderr
        for secret in [Cluster.registryToken, Cluster.kubeToken, Self.plantedRefreshToken, Self.plantedClientSecret,
                       Self.plantedPassword, Self.plantedPluginToken] + extra {
            #expect(!output.contains(secret), "leaked a secret: \(output)", sourceLocation: sourceLocation)
        }
    }

    func run(_ command: String, _ cluster: Cluster, kubeconfig: String, environment: [String: String]) async throws -> Binary.Result {
        try await Binary.run([command, "--config", cluster.config(), "--kubeconfig", kubeconfig,
                        "--gar-endpoint", cluster.server.registryURL], environment: environment)
    }

    /// A kubeconfig for the stand-in with `user` lines (indented 4).
    func kubeconfig(_ cluster: Cluster, user: String) -> String {
        let lines = user.split(separator: "\n").map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }
        return cluster.scratch.write("kubeconfig-\(UUID().uuidString)", cluster.server.kubeconfigYAML(userLines: lines))
    }

    /// An exec plugin script printing a v1 ExecCredential with `token`, counting its runs.
    func plugin(_ cluster: Cluster, token: String) -> String {
        let path = cluster.scratch.write("kube-plugin", """
            #!/bin/sh
            n=$(cat "$(dirname "$0")/runs" 2>/dev/null || echo 0)
            echo $((n + 1)) > "$(dirname "$0")/runs"
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "\(token)"
            """)
        chmod(path, 0o755)
        return path
    }

    @Test("both sides succeed: exit 0, the sources named, no secret") func success() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 3, tags: 10)
        let result = try await run("auth-check", cluster, kubeconfig: cluster.kubeconfig(),
                             environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("credentials:  GOOGLE_OAUTH_ACCESS_TOKEN") || result.stdout.contains("GOOGLE_OAUTH_ACCESS_TOKEN"))
        #expect(result.stdout.contains("ok: listed dockerImages (pageSize=1)"))
        #expect(result.stdout.contains("ok: listed nodes (limit=1)"))
        #expect(result.stdout.contains("  pods:") && result.stdout.contains("ok: listed pods in all namespaces (limit=1)"))
        #expect(result.stdout.hasSuffix("Both checks passed.\n"))
        #expect(result.stdout.contains("bearer token"))
        #expect(result.stdout.contains(cluster.source.parent))
        // One registry page, one node page and one pod page.
        #expect(cluster.server.registryRequestCount == 1)
        #expect(cluster.server.kubernetesRequestCount == 2)
        expectNoSecrets(result)
    }

    /// Without RBAC to list pods only activity is lost: the pods row says which permission is
    /// missing, in one line, and the exit status stays 0.
    @Test("no permission to list pods: a one-line warning, exit 0") func podsForbidden() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 10)
        cluster.server.podsForbidden = true
        let result = try await run("auth-check", cluster, kubeconfig: cluster.kubeconfig(),
                                   environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("ok: listed nodes (limit=1)"))
        let podLines = result.stdout.split(separator: "\n").filter { $0.contains("pods") && !$0.contains("pod activity cannot") }
        #expect(podLines == ["  pods:        WARNING: forbidden: the user needs permission to list pods in all namespaces (403); the dashboard and snapshot work without pod activity"])
        #expect(result.stdout.hasSuffix("Both checks passed; pod activity cannot be read (see pods above).\n"))
        #expect(result.stderr.isEmpty)
        #expect(cluster.server.kubernetesRequestCount == 2)
        expectNoSecrets(result)

        // Nodes refused as well: that is a failure (exit 1), and pods are not tried.
        let refused = try await run("auth-check", cluster, kubeconfig: cluster.kubeconfig(token: "wrong-kube-e2e-token"),
                                    environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(refused.status == 1)
        #expect(!refused.stdout.contains("pods:"))
        #expect(cluster.server.kubernetesRequestCount == 3)
        expectNoSecrets(refused, extra: ["wrong-kube-e2e-token"])
    }

    @Test("service-account key file and exec plugin: both named, both succeed") func serviceAccountAndExec() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 3, tags: 10)
        let keyJSON = cluster.server.serviceAccountKeyJSON()
        let keyFile = cluster.scratch.write("sa.json", keyJSON)
        let plugin = plugin(cluster, token: Cluster.kubeToken)
        let kubeconfig = kubeconfig(cluster, user: """
                exec: {apiVersion: client.authentication.k8s.io/v1, command: \(plugin), interactiveMode: Never}
            """)
        let result = try await run("auth-check", cluster, kubeconfig: kubeconfig,
                             environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("service account \(cluster.server.authSettings.clientEmail) from ADC file \(keyFile)"))
        #expect(result.stdout.contains("exec plugin kube-plugin"))
        #expect(cluster.server.jwtGrantCount == 1)
        let privateKey = cluster.server.serviceAccountPrivateKey().pkcs8PEMRepresentation
        let keyLines = privateKey.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 40 }
        expectNoSecrets(result, extra: keyLines)

        // The same credentials take the dashboard's snapshot.
        let snapshot = try await run("snapshot", cluster, kubeconfig: kubeconfig, environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile])
        #expect(snapshot.status == 0, "stderr: \(snapshot.stderr)")
        expectNoSecrets(snapshot, extra: keyLines)
    }

    @Test("metadata server (GCE_METADATA_HOST) for the registry") func metadata() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 10)
        let result = try await run("auth-check", cluster, kubeconfig: cluster.kubeconfig(),
                             environment: ["GCE_METADATA_HOST": cluster.server.metadataHost])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("metadata server \(cluster.server.metadataHost)"))
        #expect(cluster.server.metadataTokenCount == 1)
    }

    @Test("failures on both sides: exit 1, each side says what failed, no secret") func failures() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 10)
        let adc = cluster.scratch.write("adc.json", cluster.server.authorizedUserJSON(tokenURI: cluster.server.tokenURL,
                                                                                       refreshToken: Self.plantedRefreshToken))
        let kubeconfig = kubeconfig(cluster, user: "    username: admin\n    password: \(Self.plantedPassword)")
        let result = try await run("auth-check", cluster, kubeconfig: kubeconfig, environment: ["GOOGLE_APPLICATION_CREDENTIALS": adc])
        #expect(result.status == 1)
        #expect(result.stdout.contains("user credentials (refresh token) from ADC file \(adc)"))
        #expect(result.stdout.contains("FAILED: user credentials: token endpoint"))
        #expect(result.stdout.contains("gcloud auth application-default login"))
        #expect(result.stdout.contains("basic auth as admin"))
        #expect(result.stdout.contains("unauthorized (401)"))
        expectNoSecrets(result)
    }

    @Test("one side failing is enough for exit 1") func oneSide() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 10)
        let result = try await run("auth-check", cluster, kubeconfig: cluster.kubeconfig(token: "wrong-kube-e2e-token"),
                             environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ok: listed dockerImages"))
        #expect(result.stdout.contains("FAILED: Kubernetes"))
        expectNoSecrets(result, extra: ["wrong-kube-e2e-token"])
    }

    @Test("snapshot: credential failures are one line, name the source and the fix, and leak nothing")
    func snapshotFailures() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 10)
        let good = cluster.kubeconfig()

        // A revoked refresh token.
        let adc = cluster.scratch.write("adc.json", cluster.server.authorizedUserJSON(tokenURI: cluster.server.tokenURL,
                                                                                       refreshToken: Self.plantedRefreshToken))
        var result = try await run("snapshot", cluster, kubeconfig: good, environment: ["GOOGLE_APPLICATION_CREDENTIALS": adc])
        #expect(result.status != 0)
        #expect(result.stderr.contains("gcloud auth application-default login"))
        expectNoSecrets(result)

        // A wrong client secret.
        let wrongClient = cluster.server.authorizedUserJSON(tokenURI: cluster.server.tokenURL)
            .replacingOccurrences(of: cluster.server.authSettings.clientSecret, with: Self.plantedClientSecret)
        result = try await run("snapshot", cluster, kubeconfig: good,
                         environment: ["GOOGLE_APPLICATION_CREDENTIALS": cluster.scratch.write("c.json", wrongClient)])
        #expect(result.status != 0)
        #expect(result.stderr.contains("invalid_client"))
        expectNoSecrets(result)

        // A service-account key the token endpoint does not know: write one with a made-up key.
        let foreign = try _foreignServiceAccount(cluster)
        result = try await run("snapshot", cluster, kubeconfig: good, environment: ["GOOGLE_APPLICATION_CREDENTIALS": foreign.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Invalid JWT Signature"))
        expectNoSecrets(result, extra: foreign.keyLines)

        // Basic auth with a wrong password.
        let basic = kubeconfig(cluster, user: "    username: admin\n    password: \(Self.plantedPassword)")
        result = try await run("snapshot", cluster, kubeconfig: basic, environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(result.status != 0)
        #expect(result.stderr.contains("basic auth as admin"))
        expectNoSecrets(result)

        // An exec plugin whose token is refused (run twice: once more after the 401).
        let plugin = plugin(cluster, token: Self.plantedPluginToken)
        let exec = kubeconfig(cluster, user: "    exec: {apiVersion: client.authentication.k8s.io/v1, command: \(plugin), interactiveMode: Never}")
        result = try await run("snapshot", cluster, kubeconfig: exec, environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(result.status != 0)
        #expect(result.stderr.contains("exec plugin kube-plugin"))
        expectNoSecrets(result)

        // A missing exec plugin shows its installHint.
        let missing = kubeconfig(cluster, user: """
                exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: gke-gcloud-auth-plugin, installHint: "Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin)"}
            """)
        result = try await run("snapshot", cluster, kubeconfig: missing,
                         environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken, "PATH": cluster.scratch.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("exec plugin gke-gcloud-auth-plugin not found: Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin)"))

        // An unsupported ADC type.
        let wif = cluster.scratch.write("wif.json", #"{"type":"external_account","audience":"x"}"#)
        result = try await run("snapshot", cluster, kubeconfig: good, environment: ["GOOGLE_APPLICATION_CREDENTIALS": wif])
        #expect(result.stderr == "nubladash: ADC file \(wif) (GOOGLE_APPLICATION_CREDENTIALS): type external_account is not supported (nubladash reads service_account and authorized_user); use a service-account key, 'gcloud auth application-default login', or GOOGLE_OAUTH_ACCESS_TOKEN\n")
    }

    /// A service-account key file for the stand-in's account but with a key of its own.
    private func _foreignServiceAccount(_ cluster: Cluster) throws -> (path: String, keyLines: [String]) {
        // Another stand-in's key: a valid RSA key the first stand-in has never seen.
        let other = StandInServer(StandInConfiguration())
        let json = other.serviceAccountKeyJSON(tokenURI: cluster.server.tokenURL)
        let key = other.serviceAccountPrivateKey().pkcs8PEMRepresentation
        let lines = key.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 40 }
        return (cluster.scratch.write("foreign.json", json), lines)
    }
}
