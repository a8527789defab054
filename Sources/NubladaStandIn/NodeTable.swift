import Foundation
import NubladaEngine

/// Nodes as a `meta.k8s.io/v1` Table, what `kubectl get nodes` asks for (`Accept:
/// application/json;as=Table;g=meta.k8s.io;v=v1`): the apiserver's node columns (NAME, STATUS,
/// ROLES, AGE, VERSION, and with `-o wide` the addresses, OS image, kernel and runtime), each
/// row with its PartialObjectMetadata for `--show-labels` and `-L`.
enum NodeTable {
    /// Whether an Accept header asks for a Table.
    static func isRequested(accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { part in
            let parameters = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            return parameters.contains("as=Table") && parameters.contains("g=meta.k8s.io")
                && (parameters.contains("v=v1") || parameters.contains("v=v1beta1"))
        }
    }

    static let columns: [(name: String, format: String, priority: Int, description: String)] = [
        ("Name", "name", 0, "Name must be unique within a namespace."),
        ("Status", "", 0, "The status of the node"),
        ("Roles", "", 0, "The roles of the node"),
        ("Age", "", 0, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        ("Version", "", 0, "Kubelet Version reported by the node."),
        ("Internal-IP", "", 1, "List of internal IPs in the node."),
        ("External-IP", "", 1, "List of external IPs in the node."),
        ("OS-Image", "", 1, "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
        ("Kernel-Version", "", 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
        ("Container-Runtime", "", 1, "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2)."),
    ]

    /// The Table of `records` (node objects), with the list's version and continue token.
    static func document(_ records: [NodeRecord], resourceVersion: Int, continueToken: String?, now: Date) -> [UInt8] {
        var metadata: [String: Any] = ["resourceVersion": String(resourceVersion)]
        if let continueToken { metadata["continue"] = continueToken }
        let table: [String: Any] = [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": metadata,
            "columnDefinitions": columns.map {
                ["name": $0.name, "type": "string", "format": $0.format, "description": $0.description, "priority": $0.priority]
            },
            "rows": records.map { row($0, now: now) },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: table, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return [UInt8](data)
    }

    static func row(_ record: NodeRecord, now: Date) -> [String: Any] {
        let node = ((try? JSONSerialization.jsonObject(with: Data(record.json))) as? [String: Any]) ?? [:]
        let metadata = (node["metadata"] as? [String: Any]) ?? ["name": record.name]
        let spec = (node["spec"] as? [String: Any]) ?? [:]
        let status = (node["status"] as? [String: Any]) ?? [:]
        let info = (status["nodeInfo"] as? [String: Any]) ?? [:]
        let addressList = (status["addresses"] as? [[String: Any]]) ?? []
        func addresses(_ type: String) -> String {
            let found = addressList.filter { $0["type"] as? String == type }.compactMap { $0["address"] as? String }
            return found.isEmpty ? "<none>" : found.joined(separator: ",")
        }
        func known(_ key: String) -> String { (info[key] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "<unknown>" }
        let created = (metadata["creationTimestamp"] as? String).flatMap(RFC3339.parse)
        let cells: [Any] = [
            record.name,
            statusText(conditions: (status["conditions"] as? [[String: Any]]) ?? [],
                       unschedulable: spec["unschedulable"] as? Bool ?? false),
            roles(record.labels),
            created.map { age(seconds: now.timeIntervalSince1970 - $0) } ?? "<unknown>",
            info["kubeletVersion"] as? String ?? "",
            addresses("InternalIP"), addresses("ExternalIP"),
            known("osImage"), known("kernelVersion"), known("containerRuntimeVersion"),
        ]
        return ["cells": cells,
                "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata]]
    }

    /// `Ready` or `NotReady` (`Unknown` without the condition), then `SchedulingDisabled` for a
    /// cordoned node: the apiserver's node printer.
    static func statusText(conditions: [[String: Any]], unschedulable: Bool) -> String {
        var parts: [String] = []
        if let ready = conditions.first(where: { $0["type"] as? String == "Ready" }) {
            parts.append(ready["status"] as? String == "True" ? "Ready" : "NotReady")
        } else {
            parts.append("Unknown")
        }
        if unschedulable { parts.append("SchedulingDisabled") }
        return parts.joined(separator: ",")
    }

    /// From `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`; `<none>` without.
    static func roles(_ labels: [String: String]) -> String {
        var roles = Set<String>()
        for (key, value) in labels {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", !value.isEmpty {
                roles.insert(value)
            }
        }
        return roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")
    }

    /// kubectl's human duration (`45s`, `3m20s`, `5h12m`, `3d4h`, `692d`, `2y5d`).
    static func age(seconds value: Double) -> String {
        if value < -1 { return "<invalid>" }
        let seconds = max(0, Int(value))
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(hours % 24)h" }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = hours / 24 % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }
}
