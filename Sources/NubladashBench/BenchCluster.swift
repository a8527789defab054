import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport

/// The benchmarks' stand-in cluster (2,000 nodes unless told) (50 images a node) on loopback, with its lab
/// images in an Artifact Registry listing (300 tags) or a Docker registry (1,500 tags, token
/// auth with Basic credentials), and the configuration file, kubeconfig and Docker config that
/// point a binary at it. `stop()` ends the server and removes the files.
final class BenchCluster {
    enum Source: String {
        case google, docker
    }

    static let registryToken = "bench-gar"
    static let kubernetesToken = "bench-kube"

    let server: StandInServer
    let dataset: StandInDataset
    let folder: String
    let config: String
    let kubeconfig: String
    let source: Source

    init(label: String, source: Source = .google, nodes: Int = 2000) throws {
        self.source = source
        server = StandInServer(StandInConfiguration(registryToken: Self.registryToken, kubernetesToken: Self.kubernetesToken,
                                                    kubernetesSecurity: StandInTLS()))
        try server.start()
        dataset = StandInFixtures.dataset(nodes: nodes, imagesPerNode: 50, tags: source == .docker ? 1500 : 300, seed: 2024)
        server.load(dataset)
        folder = NSTemporaryDirectory() + "nubladash-\(label)-\(getpid())"
        config = "\(folder)/config.yaml"
        kubeconfig = "\(folder)/kubeconfig"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try server.kubeconfigYAML(userLines: ["token: \(Self.kubernetesToken)"], contextName: "bench")
                .write(toFile: kubeconfig, atomically: true, encoding: .utf8)
            let gar = dataset.source
            switch source {
            case .google:
                try """
                    images:
                      source: {type: google, location: \(gar.location), projectId: \(gar.projectID), repository: \(gar.repository), image: \(gar.image)}
                    """.write(toFile: config, atomically: true, encoding: .utf8)
            case .docker:
                // The same images, served as tags of a Docker repository with the dataset's digests.
                let manifests = dataset.entries.flatMap { entry in
                    entry.tags.map { StandInDockerManifest(tag: $0, digest: entry.nameAndDigest?.digest ?? "") }
                }
                server.setDockerRepository(gar.path, manifests: manifests)
                try """
                    images:
                      source: {type: docker, registry: \(gar.registry), repository: \(gar.path)}
                    """.write(toFile: config, atomically: true, encoding: .utf8)
                let auth = Data("\(server.dockerSettings.username):\(server.dockerSettings.password)".utf8).base64EncodedString()
                try #"{"auths": {"\#(gar.registry)": {"auth": "\#(auth)"}}}"#
                    .write(toFile: "\(folder)/config.json", atomically: true, encoding: .utf8)
            }
        } catch {
            stop()
            throw error
        }
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
