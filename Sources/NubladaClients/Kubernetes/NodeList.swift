import Foundation
import NubladaEngine

/// The parts of a Kubernetes NodeList the dashboard reads.
struct NodeListPage: KubernetesListPage {
    typealias Metadata = ListMetadata

    struct Node: WatchedObject {
        struct ObjectMeta: Decodable, Equatable {
            var name: String
            var labels: [String: String]?
            var resourceVersion: String?
        }

        struct Spec: Decodable, Equatable {
            var taints: [TaintEntry]?
            var unschedulable: Bool?
        }

        struct TaintEntry: Decodable, Equatable {
            var key: String
            var value: String?
            var effect: String
        }

        struct Status: Decodable, Equatable {
            /// Decoded straight into the engine's type (no copy per node); an entry without
            /// names has none here and is dropped by `clusterNode`.
            var images: [NodeImage]?
        }

        var metadata: ObjectMeta
        var spec: Spec?
        var status: Status?

        var resourceVersion: String? { metadata.resourceVersion }
        var cacheKey: String { metadata.name }

        /// The entries with names: the kubelet's own array when all have (as they do).
        private static func named(_ images: [NodeImage]) -> [NodeImage] {
            images.contains { $0.names.isEmpty } ? images.filter { !$0.names.isEmpty } : images
        }

        var clusterNode: ClusterNode {
            ClusterNode(
                name: metadata.name, labels: metadata.labels ?? [:],
                taints: (spec?.taints ?? []).map { Taint(key: $0.key, value: $0.value, effect: $0.effect) },
                unschedulable: spec?.unschedulable ?? false,
                images: Self.named(status?.images ?? []))
        }
    }

    var metadata: Metadata?
    var items: [Node]?
}

/// A Kubernetes `Status` error body.
struct KubernetesStatus: Decodable {
    var message: String?
    var reason: String?

    static func message(in data: Data) -> String? {
        guard let status = try? JSONDecoder().decode(KubernetesStatus.self, from: data),
              let message = status.message, !message.isEmpty else { return nil }
        return message
    }
}

/// A node's `status.images` entry as the API gives it (`names` may be missing: none), with the
/// digest of its first name that has one, found once here.
extension NodeImage: Decodable {
    enum CodingKeys: String, CodingKey {
        case names, sizeBytes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let names = try container.decodeIfPresent([String].self, forKey: .names) ?? []
        self.init(names: names, sizeBytes: try container.decodeIfPresent(Int.self, forKey: .sizeBytes),
                  digest: NodeImage.firstDigest(names))
    }
}
