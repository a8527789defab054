extension ClusterActivity {
    /// The `activity` object of `snapshot`: each prepull pod as `{node, tag,
    /// digest, phase, reason, message, started}`, the lab pods by image digest as `{count,
    /// namespaces}`, and the totals of pulls `pulling`, `failing` and `stuck`.
    public var json: JSONValue {
        .object([
            "prepull_pods": .array(prepullPods.map(\.json)),
            "in_use": .object(inUse.mapValues { use in
                .object(["count": .int(use.pods.count), "namespaces": .strings(use.namespaces)])
            }),
            "totals": .object(Dictionary(uniqueKeysWithValues: PullState.allCases.map { ($0.name, JSONValue.int(totals[$0])) })),
        ])
    }
}

extension ClusterActivity.PrepullPod {
    var json: JSONValue {
        .object([
            "node": .optional(pod.nodeName), "tag": .optional(tag), "digest": .optional(digest),
            "phase": .string(pod.phase), "reason": .optional(pod.waitingReason),
            "message": .optional(pod.waitingMessage), "started": .optional(pod.createdAt.map(RFC3339.format)),
        ])
    }
}
