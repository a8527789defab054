import Foundation
@testable import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport

/// A running stand-in with a small cluster, and clients pointed at it.
final class StandInHarness {
    let server: StandInServer
    /// The Kubernetes listener's TLS, which issues client certificates.
    let tls: StandInTLS
    let dataset: StandInDataset
    let scratch = ScratchDirectory()

    init(nodes: Int = 12, tags: Int = 40, pageCap: Int = 7, clientCertificates: ClientCertificateMode = .none) throws {
        tls = StandInTLS(clientCertificates: clientCertificates)
        server = StandInServer(StandInConfiguration(registryPageSizeCap: pageCap, kubernetesSecurity: tls))
        try server.start()
        dataset = StandInFixtures.dataset(nodes: nodes, imagesPerNode: 8, tags: tags, seed: 7)
        server.load(dataset)
    }

    deinit { server.stop() }

    var source: GARSourceOptions { dataset.source }

    /// Retries without waiting, so tests of backoff run instantly.
    static var instantRetry: RetryPolicy {
        var policy = RetryPolicy()
        policy.sleep = { _ in }
        return policy
    }

    func registry(token: String = "registry-token", endpoint: String? = nil, retry: RetryPolicy = instantRetry) -> GARClient {
        GARClient(endpoint: endpoint ?? server.registryURL, tokens: StaticAccessToken(token, source: "test token"), retry: retry)
    }

    func connection(token: String = "kube-token", caPEM: String? = nil) -> KubernetesConnection {
        var tls = TLSOptions()
        tls.certificateAuthorityPEM = Data((caPEM ?? server.caCertificatePEM).utf8)
        return KubernetesConnection(
            server: server.kubernetesURL, tls: tls, authentication: .token(token), proxy: nil,
            origin: "test", contextName: "test", clusterName: "test")
    }

    func kubernetes(token: String = "kube-token", caPEM: String? = nil, pageSize: Int = 500) -> KubernetesClient {
        KubernetesClient(connection: connection(token: token, caPEM: caPEM), pageSize: pageSize)
    }

    /// A kubeconfig file for the stand-in, as the conformance run writes one.
    func kubeconfigFile(token: String = "kube-token") -> String {
        scratch.write("kubeconfig", server.kubeconfigYAML(userLines: ["token: \(token)"]))
    }

    func configFile(selector: String = "") -> String {
        scratch.write("config.yaml", """
            images:
              source: {type: google, location: \(source.location), projectId: \(source.projectID), repository: \(source.repository), image: \(source.image)}
            lab:
              nodeSelector: {\(selector)}
            """)
    }
}
