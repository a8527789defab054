import Foundation
import NubladaEngine

/// The parts of a Kubernetes PodList that activity reads: the controller's prepull
/// and lab pods.
struct PodListPage: KubernetesListPage {
    /// The label that tells the controller's pods apart, and the selector that lists them.
    static let categoryLabel = "nublado.lsst.io/category"
    static let labelSelector = "\(categoryLabel) in (prepuller,lab)"

    struct Pod: WatchedObject {
        struct ObjectMeta: Decodable, Equatable {
            var name: String
            var namespace: String?
            var labels: [String: String]?
            var resourceVersion: String?
            var creationTimestamp: String?
            var ownerReferences: [OwnerReference]?
        }

        struct OwnerReference: Decodable, Equatable {
            var kind: String?
            var name: String?
        }

        struct Spec: Decodable, Equatable {
            var nodeName: String?
            var containers: [Container]?
        }

        struct Container: Decodable, Equatable {
            var name: String
            var image: String?
        }

        struct Status: Decodable, Equatable {
            var phase: String?
            var containerStatuses: [ContainerStatus]?
        }

        struct ContainerStatus: Decodable, Equatable {
            struct State: Decodable, Equatable {
                struct Waiting: Decodable, Equatable {
                    var reason: String?
                    var message: String?
                }
                var waiting: Waiting?
            }
            var name: String
            var state: State?
        }

        var metadata: ObjectMeta
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
