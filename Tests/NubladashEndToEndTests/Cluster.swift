import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport

/// A running stand-in, with a configuration file and kubeconfig for the binary.
final class Cluster {
    static let registryToken = "gar-secret-7a9f3c"
    static let kubeToken = "kube-secret-51be0d"

    let server: StandInServer
    let scratch = ScratchDirectory()
    var source = StandInFixtures.defaultSource

    init(pageCap: Int = 1000) throws {
        server = StandInServer(StandInConfiguration(registryToken: Cluster.registryToken, kubernetesToken: Cluster.kubeToken,
                                                    registryPageSizeCap: pageCap, kubernetesSecurity: StandInTLS()))
        try server.start()
    }

    deinit { server.stop() }

    func loadFixture(nodes: Int = 8, tags: Int = 30) {
        let dataset = StandInFixtures.dataset(nodes: nodes, imagesPerNode: 8, tags: tags, seed: 3)
        source = dataset.source
        server.load(dataset)
    }

    func kubeconfig(token: String = Cluster.kubeToken, caPEM: String? = nil) -> String {
        scratch.write("kubeconfig-\(UUID().uuidString)",
                      server.kubeconfigYAML(userLines: ["token: \(token)"], certificateAuthorityPEM: caPEM))
    }

    func config() -> String {
        scratch.write("config.yaml", """
            images:
              source: {type: google, location: \(source.location), projectId: \(source.projectID), repository: \(source.repository), image: \(source.image)}
            """)
    }

    /// `nubladash snapshot` against this cluster.
    func snapshot(config: String? = nil, kubeconfig: String? = nil, endpoint: String? = nil,
                  token: String = Cluster.registryToken, extra: [String] = []) async throws -> Binary.Result {
        try await Binary.run(["snapshot", "--config", config ?? self.config(), "--kubeconfig", kubeconfig ?? self.kubeconfig(),
                        "--gar-endpoint", endpoint ?? server.registryURL] + extra,
                       environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": token])
    }
}
