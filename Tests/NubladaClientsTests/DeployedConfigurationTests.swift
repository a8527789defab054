import Foundation
@testable import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import Testing

/// The controller's configuration read from its ConfigMap in the cluster, with the same parser
/// and errors as a file, naming the ConfigMap; and the controller's pull secret as the last
/// place a Docker credential is looked for.
@Suite struct DeployedConfigurationTests {
    static let namespace = ActivitySettings.defaultControllerNamespace.name

    @Test("the ConfigMap's config.yaml is the configuration, with where it came from")
    func readsTheConfigMap() async throws {
        let harness = try StandInHarness()
        let file = harness.configFile()
        harness.server.controllerConfig = try String(contentsOfFile: file, encoding: .utf8)
        let client = harness.kubernetes()
        let deployed = try await blocking { try DeployedConfiguration.read(from: client, namespace: Self.namespace) }
        let local = try ControllerConfiguration.load(path: file)
        #expect(deployed.prepuller == local.prepuller)
        #expect(deployed.labImages == local.labImages)
        #expect(deployed.file == "nublado/nublado-controller-config")
        #expect(deployed.origin.description.hasPrefix("ConfigMap nublado/nublado-controller-config (resourceVersion "))
    }

    @Test("a missing, forbidden or invalid ConfigMap: one line naming it")
    func errorsNameTheConfigMap() async throws {
        let harness = try StandInHarness()
        let client = harness.kubernetes()
        func message() async -> String {
            await errorText { _ = try DeployedConfiguration.read(from: client, namespace: Self.namespace) }
        }
        let missing = await message()
        #expect(missing.contains("no Nublado controller configuration nublado/nublado-controller-config in context test; is Nublado installed here?"), "\(missing)")
        #expect(missing.contains("--controller-namespace") && missing.contains("--config FILE"))
        let noNamespace = await errorText { _ = try DeployedConfiguration.read(from: client, namespace: "nublado-typo") }
        #expect(noNamespace.contains("namespace nublado-typo does not exist in context test"), "\(noNamespace)")

        harness.server.controllerConfig = "images:\n  source: {type: google}\n  numWeeklies: -2\n"
        let invalid = await message()
        #expect(invalid.contains("in nublado/nublado-controller-config"), "\(invalid)")
        #expect(!invalid.contains("\n"))

        harness.server.controllerConfig = "images: [\n"
        let syntax = await message()
        #expect(syntax.hasPrefix("nublado/nublado-controller-config: YAML syntax error"), "\(syntax)")

        harness.server.configMapsForbidden = true
        let forbidden = await message()
        #expect(forbidden.contains("forbidden (403)") && forbidden.contains("get configmaps in namespace nublado"), "\(forbidden)")
        #expect(forbidden.contains("--config FILE"))
    }

    // MARK: The cluster's pull secret

    static func pullSecret(host: String, username: String, password: String) -> Data {
        let auth = Data("\(username):\(password)".utf8).base64EncodedString()
        return Data(#"{"auths": {"\#(host)": {"auth": "\#(auth)"}}}"#.utf8)
    }

    /// A Kubernetes client for the Docker harness's plain-http loopback API.
    static func kubernetes(_ harness: DockerStandInHarness) -> KubernetesClient {
        KubernetesClient(connection: KubernetesConnection(
            server: harness.server.kubernetesURL, tls: TLSOptions(), authentication: .token("kube-token"), proxy: nil,
            origin: "test", contextName: "test", clusterName: "test"))
    }

    @Test("with no local credential, the pull secret's; described as the cluster secret, never its password")
    func pullSecretWhenNoLocalCredential() async throws {
        let harness = try DockerStandInHarness()
        let settings = harness.server.dockerSettings
        harness.server.pullSecret = Self.pullSecret(host: DockerStandInHarness.registry, username: settings.username,
                                                    password: settings.password)
        let scratch = ScratchDirectory()
        let store = DockerCredentialStore(clusterSecret: ClusterPullSecret(client: Self.kubernetes(harness), namespace: Self.namespace),
                                          environment: ["HOME": scratch.path])
        let credential = try await blocking { try store.credential(forRegistry: DockerStandInHarness.registry) }
        #expect(credential == .basic(username: settings.username, password: settings.password,
                                     origin: "auths[\"\(DockerStandInHarness.registry)\"] in cluster secret nublado/pull-secret"))
        #expect(!credential.description.contains(settings.password))
    }

    @Test("a local credential wins: the pull secret is then never read")
    func localCredentialWins() async throws {
        let harness = try DockerStandInHarness()
        harness.server.pullSecret = Self.pullSecret(host: DockerStandInHarness.registry, username: "cluster", password: "cluster-pass")
        let scratch = ScratchDirectory()
        let config = scratch.write("config.json", String(decoding: Self.pullSecret(host: DockerStandInHarness.registry,
                                                                                    username: "local", password: "local-pass"),
                                                         as: UTF8.self))
        let before = harness.server.kubernetesRequestCount
        let store = DockerCredentialStore(dockerConfig: config,
                                          clusterSecret: ClusterPullSecret(client: Self.kubernetes(harness), namespace: Self.namespace))
        let credential = try await blocking { try store.credential(forRegistry: DockerStandInHarness.registry) }
        #expect(credential == .basic(username: "local", password: "local-pass", origin: "auths[\"\(DockerStandInHarness.registry)\"] in \(config)"))
        #expect(harness.server.kubernetesRequestCount == before)
    }

    @Test("a missing or forbidden pull secret: anonymous, saying why")
    func missingOrForbiddenSecret() async throws {
        let harness = try DockerStandInHarness()
        let scratch = ScratchDirectory()
        let store = DockerCredentialStore(clusterSecret: ClusterPullSecret(client: Self.kubernetes(harness), namespace: Self.namespace),
                                          environment: ["HOME": scratch.path])
        let missing = try await blocking { try store.credential(forRegistry: DockerStandInHarness.registry) }
        #expect(missing == .anonymous(reason: "no docker config file; no cluster secret nublado/pull-secret"))
        harness.server.secretsForbidden = true
        let forbidden = try await blocking { try store.credential(forRegistry: DockerStandInHarness.registry) }
        #expect(forbidden.isAnonymous)
        #expect(forbidden.description.contains("get secrets in namespace nublado"), "\(forbidden)")
    }
}
