import Foundation
import NubladaEngine

/// The parts of a Kubernetes NodeList the dashboard reads.
struct NodeListPage: KubernetesListPage {
    typealias Metadata = ListMetadata

    struct Node: WatchedObject, KubernetesObject {
        struct ObjectMeta: WireObject, Equatable {
            var name = ""
            var labels: [String: String]?
            var resourceVersion: String?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.required("name", &value.name)
                try reader.optional("labels", &value.labels)
                try reader.optional("resourceVersion", &value.resourceVersion)
            }
        }

        struct Spec: WireObject, Equatable {
            var taints: [TaintEntry]?
            var unschedulable: Bool?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.optional("taints", &value.taints)
                try reader.optional("unschedulable", &value.unschedulable)
            }
        }

        struct TaintEntry: WireObject, Equatable {
            var key = ""
            var value: String?
            var effect = ""

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.required("key", &value.key)
                try reader.optional("value", &value.value)
                try reader.required("effect", &value.effect)
            }
        }

        struct Status: WireObject, Equatable {
            /// Decoded straight into the engine's type (no copy per node); an entry without
            /// names has none here and is dropped by `clusterNode`.
            var images: [NodeImage]?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.nodeImages("images", &value.images)
            }
        }

        var metadata = ObjectMeta()
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

/// A node's `status.images` entry as the API gives it (`names` may be missing: none).
struct NodeImageEntry: WireObject, Equatable {
    var names: [String]?
    var sizeBytes: Int?

    static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
        try reader.optional("names", &value.names)
        try reader.optional("sizeBytes", &value.sizeBytes)
    }
}

/// A node image read from its entry, with the digest of its first name that has one, found
/// once here (on the fast path, one interned string per distinct digest of a page).
extension NodeImage: ByteDecodable, Decodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        let entry = try NodeImageEntry.decode(from: &reader)
        let names = entry.names ?? []
        return NodeImage(names: names, sizeBytes: entry.sizeBytes, digest: reader.interner.firstDigest(of: names))
    }

    public init(from decoder: any Decoder) throws {
        let entry = try NodeImageEntry(from: decoder)
        let names = entry.names ?? []
        self.init(names: names, sizeBytes: entry.sizeBytes, digest: NodeImage.firstDigest(names))
    }
}
