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
            var images: [ImageEntry]?
        }

        struct ImageEntry: Decodable, Equatable {
            var names: [String]?
            var sizeBytes: Int?
            /// The digest of the first name with one, found once here (the fast decoder interns it).
            var digest: String?

            enum CodingKeys: String, CodingKey {
                case names, sizeBytes
            }

            init(names: [String]? = nil, sizeBytes: Int? = nil, digest: String? = nil) {
                self.names = names
                self.sizeBytes = sizeBytes
                self.digest = digest
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                names = try container.decodeIfPresent([String].self, forKey: .names)
                sizeBytes = try container.decodeIfPresent(Int.self, forKey: .sizeBytes)
                digest = names.flatMap(NodeImage.firstDigest)
            }
        }

        var metadata: ObjectMeta
        var spec: Spec?
        var status: Status?

        var resourceVersion: String? { metadata.resourceVersion }
        var cacheKey: String { metadata.name }

        var clusterNode: ClusterNode {
            ClusterNode(
                name: metadata.name, labels: metadata.labels ?? [:],
                taints: (spec?.taints ?? []).map { Taint(key: $0.key, value: $0.value, effect: $0.effect) },
                unschedulable: spec?.unschedulable ?? false,
                images: (status?.images ?? []).compactMap { entry in
                    guard let names = entry.names, !names.isEmpty else { return nil }
                    return NodeImage(names: names, sizeBytes: entry.sizeBytes, digest: entry.digest)
                })
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
