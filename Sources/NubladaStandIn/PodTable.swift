import Foundation
import NubladaEngine

/// Pods as a `meta.k8s.io/v1` Table, what `kubectl get pods` asks for: the apiserver's pod
/// columns (NAME, READY, STATUS, RESTARTS, AGE, and with `-o wide` IP, NODE, NOMINATED NODE and
/// READINESS GATES), each row with its PartialObjectMetadata (kubectl's `-A` reads the
/// namespace there). STATUS is the container's waiting reason while it waits
/// (`ContainerCreating`, `ErrImagePull`, `ImagePullBackOff`), else the phase.
enum PodTable {
    static let columns: [(name: String, type: String, format: String, priority: Int, description: String)] = [
        ("Name", "string", "name", 0, "Name must be unique within a namespace."),
        ("Ready", "string", "", 0, "The aggregate readiness state of this pod for accepting traffic."),
        ("Status", "string", "", 0, "The aggregate status of the containers in this pod."),
        ("Restarts", "string", "", 0, "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        ("Age", "string", "", 0, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        ("IP", "string", "", 1, "The IP address assigned to the pod"),
        ("Node", "string", "", 1, "The name of the node to which this pod is assigned"),
        ("Nominated Node", "string", "", 1, "The name of the node where this pod is nominated to run."),
        ("Readiness Gates", "string", "", 1, "All readiness gates of the pod."),
    ]

    /// The Table of `pods`, with the list's version and continue token.
    static func document(_ pods: [StandInPod], resourceVersion: Int, continueToken: String?, now: Date) -> [UInt8] {
        var metadata: [String: Any] = ["resourceVersion": String(resourceVersion)]
        if let continueToken { metadata["continue"] = continueToken }
        let table: [String: Any] = [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": metadata,
            "columnDefinitions": columns.map {
                ["name": $0.name, "type": $0.type, "format": $0.format, "description": $0.description, "priority": $0.priority]
            },
            "rows": pods.map { row($0, now: now) },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: table, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return [UInt8](data)
    }

    static func row(_ pod: StandInPod, now: Date) -> [String: Any] {
        let created = RFC3339.parse(pod.creationTimestamp)
        let cells: [Any] = [
            pod.name, pod.phase == "Running" ? "1/1" : "0/1", status(pod), "0",
            created.map { NodeTable.age(seconds: now.timeIntervalSince1970 - $0) } ?? "<unknown>",
            "<none>", pod.nodeName ?? "<none>", "<none>", "<none>",
        ]
        let metadata: [String: Any] = ["name": pod.name, "namespace": pod.namespace, "labels": pod.labels,
                                       "creationTimestamp": pod.creationTimestamp]
        return ["cells": cells,
                "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata]]
    }

    /// What kubectl shows as STATUS.
    static func status(_ pod: StandInPod) -> String {
        switch pod.phase {
        case "Pending": pod.waitingReason ?? "ContainerCreating"
        case "Succeeded": "Completed"
        case "Failed": "Error"
        default: pod.phase
        }
    }
}
