import Foundation
import NubladaEngine

/// The parts of a Kubernetes PodList that activity reads: the controller's prepull
/// and lab pods.
struct PodListPage: KubernetesListPage {
    /// The label that tells the controller's pods apart, and the selector that lists them.
    static let categoryLabel = "nublado.lsst.io/category"
    static let labelSelector = "\(categoryLabel) in (prepuller,lab)"

    struct Pod: WatchedObject, KubernetesObject {
        struct ObjectMeta: WireObject, Equatable {
            var name = ""
            var namespace: String?
            var labels: [String: String]?
            var resourceVersion: String?
            var creationTimestamp: String?
            var ownerReferences: [OwnerReference]?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.required("name", &value.name)
                try reader.optional("namespace", &value.namespace)
                try reader.optional("labels", &value.labels)
                try reader.optional("resourceVersion", &value.resourceVersion)
                try reader.optional("creationTimestamp", &value.creationTimestamp)
                try reader.optional("ownerReferences", &value.ownerReferences)
            }
        }

        struct OwnerReference: WireObject, Equatable {
            var kind: String?
            var name: String?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.optional("kind", &value.kind)
                try reader.optional("name", &value.name)
            }
        }

        struct Spec: WireObject, Equatable {
            var nodeName: String?
            var containers: [Container]?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.optional("nodeName", &value.nodeName)
                try reader.optional("containers", &value.containers)
            }
        }

        struct Container: WireObject, Equatable {
            var name = ""
            var image: String?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.required("name", &value.name)
                try reader.optional("image", &value.image)
            }
        }

        struct Status: WireObject, Equatable {
            var phase: String?
            var containerStatuses: [ContainerStatus]?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.optional("phase", &value.phase)
                try reader.optional("containerStatuses", &value.containerStatuses)
            }
        }

        struct ContainerStatus: WireObject, Equatable {
            struct State: WireObject, Equatable {
                struct Waiting: WireObject, Equatable {
                    var reason: String?
                    var message: String?

                    static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                        try reader.optional("reason", &value.reason)
                        try reader.optional("message", &value.message)
                    }
                }
                var waiting: Waiting?

                static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                    try reader.optional("waiting", &value.waiting)
                }
            }
            var name = ""
            var state: State?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.required("name", &value.name)
                try reader.optional("state", &value.state)
            }
        }

        var metadata = ObjectMeta()
        var spec: Spec?
        var status: Status?

        var resourceVersion: String? { metadata.resourceVersion }
        var cacheKey: String { "\(metadata.namespace ?? "")/\(metadata.name)" }

        /// The pod as the engine reads it; nil when its category is neither prepuller nor lab.
        /// The container that matters is `prepull` or `notebook`, else the first.
        var labPod: LabPod? {
            guard let label = metadata.labels?[PodListPage.categoryLabel], let category = LabPod.Category(rawValue: label) else {
                return nil
            }
            let wanted = category == .prepuller ? "prepull" : "notebook"
            let containers = spec?.containers ?? []
            let container = containers.first { $0.name == wanted } ?? containers.first
            let waiting = status?.containerStatuses?.first { $0.name == container?.name }?.state?.waiting
            let owner = metadata.ownerReferences?.first.map { "\($0.kind ?? "?")/\($0.name ?? "?")" }
            return LabPod(
                namespace: metadata.namespace ?? "", name: metadata.name, category: category, nodeName: spec?.nodeName,
                phase: status?.phase ?? "Unknown", createdAt: metadata.creationTimestamp.flatMap(RFC3339.parse),
                image: container?.image ?? "", waitingReason: waiting?.reason, waitingMessage: waiting?.message,
                owner: owner)
        }
    }

    var metadata: ListMetadata?
    var items: [Pod]?
}
