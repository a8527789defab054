import Foundation

/// A pod the stand-in serves: the controller's prepull pods and the users' lab pods,
/// with just what a Pod object of theirs carries that clients read.
public struct StandInPod: Hashable, Sendable {
    public var namespace: String
    public var name: String
    public var labels: [String: String]
    public var nodeName: String?
    public var phase: String
    /// `metadata.creationTimestamp`, RFC 3339.
    public var creationTimestamp: String
    public var containerName: String
    public var image: String
    public var waitingReason: String?
    public var waitingMessage: String?
    /// The pod that owns it (a prepull pod's controller pod), as an owner reference of kind Pod.
    public var ownerPod: String?
    /// `spec.restartPolicy` (a prepull pod's is `Never`); nil leaves it out.
    public var restartPolicy: String?

    public init(namespace: String, name: String, labels: [String: String], nodeName: String?, phase: String,
                creationTimestamp: String, containerName: String, image: String, waitingReason: String? = nil,
                waitingMessage: String? = nil, ownerPod: String? = nil, restartPolicy: String? = nil) {
        self.namespace = namespace
        self.name = name
        self.labels = labels
        self.nodeName = nodeName
        self.phase = phase
        self.creationTimestamp = creationTimestamp
        self.containerName = containerName
        self.image = image
        self.waitingReason = waitingReason
        self.waitingMessage = waitingMessage
        self.ownerPod = ownerPod
        self.restartPolicy = restartPolicy
    }

    /// Where the list sorts it, as the apiserver does: by namespace, then name.
    var key: String { "\(namespace)/\(name)" }

    /// The Pod object as the apiserver would send it.
    func encoded(resourceVersion: Int) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.raw("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{")
        writer.field("name", name, first: true)
        writer.field("namespace", namespace)
        writer.field("resourceVersion", String(resourceVersion))
        writer.field("creationTimestamp", creationTimestamp)
        writer.key("labels")
        writer.raw("{")
        for (index, label) in labels.keys.sorted().enumerated() { writer.field(label, labels[label]!, first: index == 0) }
        writer.raw("}")
        if let ownerPod {
            writer.raw(",\"ownerReferences\":[{")
            writer.field("apiVersion", "v1", first: true)
            writer.field("kind", "Pod")
            writer.field("name", ownerPod)
            writer.raw("}]")
        }
        writer.raw("},\"spec\":{")
        writer.raw("\"containers\":[{")
        writer.field("name", containerName, first: true)
        writer.field("image", image)
        writer.raw("}]")
        if let nodeName { writer.field("nodeName", nodeName) }
        if let restartPolicy { writer.field("restartPolicy", restartPolicy) }
        writer.raw("},\"status\":{")
        writer.field("phase", phase, first: true)
        writer.raw(",\"containerStatuses\":[{")
        writer.field("name", containerName, first: true)
        writer.field("image", image)
        writer.field("ready", phase == "Running")
        writer.raw(",\"state\":{")
        if phase == "Pending" {
            writer.raw("\"waiting\":{")
            writer.field("reason", waitingReason ?? "ContainerCreating", first: true)
            if let waitingMessage { writer.field("message", waitingMessage) }
            writer.raw("}")
        } else if phase == "Running" {
            writer.raw("\"running\":{}")
        } else {
            writer.raw("\"terminated\":{")
            writer.field("exitCode", phase == "Succeeded" ? 0 : 1, first: true)
            writer.raw("}")
        }
        writer.raw("}}]}}")
        return writer.bytes
    }
}

/// One change to the pods, kept for watches.
struct PodChange: Sendable {
    var kind: NodeChange.Kind
    var resourceVersion: Int
    var labels: [String: String]
    var json: [UInt8]
    /// Before a modification: its labels, and the old object at this change's version.
    var previousLabels: [String: String]?
    var previousJSON: [UInt8]?
}

/// The pods the stand-in serves, sorted by namespace and name, each encoded once, and the
/// last changes to them (for watches).
struct PodDataset: Sendable {
    struct Record: Sendable {
        var key: String
        var labels: [String: String]
        var json: [UInt8]
        var pod: StandInPod
    }

    /// How many changes are kept for watches.
    static let historyCapacity = 10_000
    /// How many this one keeps (the demo, which runs for days, keeps fewer).
    var keptChanges = historyCapacity

    private(set) var records: [Record]
    private(set) var resourceVersion: Int
    /// The changes, oldest first, and the version before the oldest kept one.
    private(set) var history: [PodChange] = []
    private(set) var horizon: Int

    static let empty = PodDataset(records: [], resourceVersion: 1, horizon: 1)

    private init(records: [Record], resourceVersion: Int, horizon: Int) {
        self.records = records
        self.resourceVersion = resourceVersion
        self.horizon = horizon
    }

    /// Serves `pods` instead: one change (and resourceVersion) per pod added, changed or gone,
    /// in key order; the resourceVersion moves on even when nothing changed, so continue tokens
    /// of the old list expire.
    mutating func replace(with pods: [StandInPod]) {
        var incoming: [String: StandInPod] = [:]
        for pod in pods { incoming[pod.key] = pod }
        let old = Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        var version = resourceVersion
        var fresh: [Record] = []
        for key in Set(old.keys).union(incoming.keys).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let before = old[key]
            guard let pod = incoming[key] else {
                version += 1
                let gone = before!.pod
                record(PodChange(kind: .deleted, resourceVersion: version, labels: gone.labels,
                                 json: gone.encoded(resourceVersion: version)))
                continue
            }
            if let before, before.pod == pod {
                fresh.append(before)
                continue
            }
            version += 1
            let json = pod.encoded(resourceVersion: version)
            fresh.append(Record(key: key, labels: pod.labels, json: json, pod: pod))
            record(PodChange(kind: before == nil ? .added : .modified, resourceVersion: version, labels: pod.labels, json: json,
                             previousLabels: before?.labels, previousJSON: before?.pod.encoded(resourceVersion: version)))
        }
        records = fresh
        resourceVersion = version == resourceVersion ? version + 1 : version
    }

    private mutating func record(_ change: PodChange) {
        history.append(change)
        while history.count > keptChanges {
            horizon = history.removeFirst().resourceVersion
        }
    }

    /// The changes after `version`; nil when some of them are no longer kept.
    func changes(after version: Int) -> [PodChange]? {
        guard version >= horizon else { return nil }
        return Array(history.drop { $0.resourceVersion <= version })
    }

    /// The position of the first record whose key is `key` or sorts after it.
    func firstPosition(atOrAfter key: String) -> Int {
        ListPaging.firstPosition(count: records.count, atOrAfter: key) { records[$0].key }
    }

    /// A PodList page for `query` (`labelSelector`, `limit`, `continue`), or a Table of it
    /// (`asTable`, what kubectl asks for).
    func list(_ query: [String: String], asTable: Bool = false, now: Date = Date()) -> StandInReply {
        let page: ListPaging
        switch ListPaging.page(query, resourceVersion: resourceVersion, count: records.count, key: { records[$0].key },
                               labels: { records[$0].labels }, firstPosition: firstPosition(atOrAfter:)) {
        case .success(let found): page = found
        case .failure(let error): return error.reply
        }
        if asTable {
            return .json(PodTable.document(page.positions.map { records[$0].pod }, resourceVersion: resourceVersion,
                                           continueToken: page.continueToken, now: now))
        }
        var writer = JSONWriter(capacity: page.positions.reduce(256) { $0 + records[$1].json.count + 1 })
        writer.raw("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{")
        writer.field("resourceVersion", String(resourceVersion), first: true)
        if let token = page.continueToken { writer.field("continue", token) }
        writer.raw("},\"items\":[")
        for (index, position) in page.positions.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw(records[position].json)
        }
        writer.raw("]}")
        return .json(writer.bytes)
    }
}
