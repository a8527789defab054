import Foundation
import NubladaEngine
@testable import NubladaStandIn
import NubladaTestSupport

/// A started server that stops when the test is done with it.
final class RunningStandIn: @unchecked Sendable {
    let server: StandInServer
    let caFile: URL?

    /// By default the Kubernetes side is HTTPS.
    init(_ configuration: StandInConfiguration = StandInConfiguration(kubernetesSecurity: StandInTLS()),
         faults: StandInFaults = StandInFaults()) throws {
        server = StandInServer(configuration, faults: faults)
        try server.start()
        caFile = configuration.kubernetesSecurity != nil ? try Curl.temporaryFile(server.caCertificatePEM) : nil
    }

    deinit {
        server.stop()
        if let caFile { try? FileManager.default.removeItem(at: caFile) }
    }

    var registryToken: String { server.configuration.registryToken }
    var kubeToken: String { server.configuration.kubernetesToken }

    /// GET on the registry listener, with the registry token unless `token` says otherwise.
    func registry(_ pathAndQuery: String, token: String?? = .none) async throws -> CurlResult {
        try await Curl.get(server.registryURL + pathAndQuery, token: token ?? registryToken)
    }

    /// GET on the Kubernetes listener (verified against the stand-in CA), with the kube token
    /// unless `token` says otherwise.
    func kube(_ pathAndQuery: String, token: String?? = .none) async throws -> CurlResult {
        try await Curl.get(server.kubernetesURL + pathAndQuery, token: token ?? kubeToken, caFile: caFile)
    }
}

enum Samples {
    static let source = GARSourceOptions(location: "us-central1", projectID: "proj", repository: "sciplat",
                                         image: "sciplat-lab")
    static let listPath = "/v1/projects/proj/locations/us-central1/repositories/sciplat/dockerImages"

    static func entry(_ tag: String, digestSeed: Int) -> RegistryEntry {
        let digest = String(repeating: String(format: "%02x", digestSeed % 256), count: 32)
        return RegistryEntry(uri: "us-central1-docker.pkg.dev/proj/sciplat/sciplat-lab@sha256:\(digest)", tags: [tag],
                             sizeBytes: 1000 + digestSeed, uploadTime: 1_700_000_000 + Double(digestSeed))
    }

    static func entries(_ count: Int) -> [RegistryEntry] {
        (0..<count).map { entry("w_2025_\(String(format: "%02d", $0 + 1))", digestSeed: $0 + 1) }
    }

    /// Nodes named node-0...node-(n-1) with pool and zone labels.
    static func nodes(_ count: Int) -> [ClusterNode] {
        (0..<count).map { index in
            var labels = ["pool": index % 3 == 0 ? "core" : "user", "zone": "z\(index % 2)"]
            if index % 4 == 0 { labels["gpu"] = "true" }
            return ClusterNode(name: "node-\(index)", labels: labels,
                               images: [NodeImage(names: ["us-central1-docker.pkg.dev/proj/sciplat/sciplat-lab@sha256:"
                                                          + String(repeating: "ab", count: 32)], sizeBytes: 100)])
        }
    }
}

extension CurlResult {
    /// `items[].metadata.name` of a NodeList.
    var itemNames: [String] {
        ((object?["items"] as? [[String: Any]]) ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
    }

    /// `metadata` of a NodeList.
    var listMetadata: [String: Any] { (object?["metadata"] as? [String: Any]) ?? [:] }

    /// `dockerImages[].tags[0]` of a GAR page.
    var imageTags: [String] {
        ((object?["dockerImages"] as? [[String: Any]]) ?? []).compactMap { ($0["tags"] as? [String])?.first }
    }

    /// `error` of a GAR error document.
    var googleError: [String: Any]? { object?["error"] as? [String: Any] }
}
