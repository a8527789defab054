import Foundation
import NubladaEngine
import NubladaStandIn

/// The benchmarks' 2,000-node stand-in cluster (50 images a node, 300 tags) on loopback, and
/// the configuration file and kubeconfig that point a binary at it. `stop()` ends the server
/// and removes the files.
final class BenchCluster {
    static let registryToken = "bench-gar"
    static let kubernetesToken = "bench-kube"

    let server: StandInServer
    let dataset: StandInDataset
    let folder: String
    let config: String
    let kubeconfig: String

    init(label: String) throws {
        server = StandInServer(StandInConfiguration(registryToken: Self.registryToken, kubernetesToken: Self.kubernetesToken))
        try server.start()
        dataset = StandInFixtures.benchmark()
        server.load(dataset)
        folder = NSTemporaryDirectory() + "nubladash-\(label)-\(getpid())"
        config = "\(folder)/config.yaml"
        kubeconfig = "\(folder)/kubeconfig"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try server.kubeconfigYAML(userLines: ["token: \(Self.kubernetesToken)"], contextName: "bench")
                .write(toFile: kubeconfig, atomically: true, encoding: .utf8)
            let source = dataset.source
            try """
                images:
                  source: {type: google, location: \(source.location), projectId: \(source.projectID), repository: \(source.repository), image: \(source.image)}
                """.write(toFile: config, atomically: true, encoding: .utf8)
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
