import Foundation
import NubladaEngine

/// One node as the Kubernetes side serves it: its name and labels for lookups and
/// selectors, and its pre-serialized object.
struct NodeRecord: Sendable {
    var name: String
    var labels: [String: String]
    /// The object, compact; its `metadata.resourceVersion` is that of the node's last change
    /// once the dataset holds it.
    var json: [UInt8]
    /// The position a typed node was encoded at (its uid and addresses derive from it), so a
    /// replaced node keeps its identity; nil for nodes from a document.
    var ordinal: Int? = nil
}

/// The Kubernetes side's data: the nodes sorted by name (as etcd lists them) and the
/// resourceVersion of this snapshot.
struct NodeDataset: Sendable {
    var records: [NodeRecord]
    var resourceVersion: Int
    private var index: [String: Int]

    static let empty = NodeDataset(records: [], resourceVersion: 1)

    init(records: [NodeRecord], resourceVersion: Int) {
        let sorted = records.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        self.records = sorted
        self.resourceVersion = resourceVersion
        var index: [String: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (position, record) in sorted.enumerated() { index[record.name] = position }
        self.index = index
    }

    func record(named name: String) -> NodeRecord? { index[name].map { records[$0] } }

    /// Adds `record`, or replaces the node of that name, keeping the name order.
    mutating func upsert(_ record: NodeRecord) {
        if let position = index[record.name] {
            records[position] = record
            return
        }
        let position = firstPosition(atOrAfter: record.name)
        records.insert(record, at: position)
        for moved in position..<records.count { index[records[moved].name] = moved }
    }

    /// Removes the node `name`; returns it (nil when there was none).
    @discardableResult
    mutating func remove(named name: String) -> NodeRecord? {
        guard let position = index[name] else { return nil }
        let removed = records.remove(at: position)
        index[name] = nil
        for moved in position..<records.count { index[records[moved].name] = moved }
        return removed
    }

    /// The position of the first node whose name sorts after `name` (or equal to it).
    func firstPosition(atOrAfter name: String) -> Int {
        ListPaging.firstPosition(count: records.count, atOrAfter: name) { records[$0].name }
    }

    /// The records of a NodeList document (`items`), with the document's resourceVersion.
    static func records(fromDocument document: Data) throws -> (records: [NodeRecord], resourceVersion: Int?) {
        let bytes = [UInt8](document)
        let ranges: [Range<Int>]
        do {
            ranges = try RawJSONScanner.elements(of: "items", in: bytes) ?? []
        } catch {
            throw StandInError.invalidDocument("NodeList: \(error)")
        }
        struct Metadata: Decodable {
            var name: String
            var labels: [String: String]?
        }
        struct ListMetadata: Decodable { var resourceVersion: String? }
        struct List: Decodable { var metadata: ListMetadata? }
        let decoder = JSONDecoder()
        var records: [NodeRecord] = []
        records.reserveCapacity(ranges.count)
        for range in ranges {
            // Decode only the metadata; the rest is kept as raw bytes.
            let metadata: Metadata
            do {
                guard bytes[range.lowerBound] == UInt8(ascii: "{"),
                    let metadataRange = try RawJSONScanner.member("metadata", ofObjectAt: range, in: bytes)
                else {
                    throw StandInError.invalidDocument("NodeList: item without metadata")
                }
                metadata = try decoder.decode(Metadata.self, from: Data(bytes[metadataRange]))
            } catch let error as StandInError {
                throw error
            } catch {
                throw StandInError.invalidDocument("NodeList: item without metadata.name: \(error)")
            }
            records.append(NodeRecord(name: metadata.name, labels: metadata.labels ?? [:],
                                      json: RawJSONScanner.compact(bytes[range])))
        }
        let version = (try? decoder.decode(List.self, from: document))?.metadata?.resourceVersion.flatMap { Int($0) }
        return (records, version)
    }

    /// A Kubernetes `Node` object for a typed node.
    static func encode(_ node: ClusterNode, resourceVersion: Int, ordinal: Int) -> NodeRecord {
        var writer = JSONWriter(capacity: 256 + node.images.count * 240)
        writer.raw("{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{")
        writer.field("name", node.name, first: true)
        writer.field("uid", uid(ordinal))
        writer.field("resourceVersion", String(resourceVersion))
        writer.field("creationTimestamp", "2025-01-06T12:00:00Z")
        writer.key("labels")
        writer.stringMap(node.labels)
        writer.raw("},\"spec\":{")
        writer.field("podCIDR", "10.\(ordinal / 256 % 256).\(ordinal % 256).0/24", first: true)
        writer.field("providerID", "gce://stand-in/us-central1-a/\(node.name)")
        if node.unschedulable { writer.field("unschedulable", true) }
        if !node.taints.isEmpty {
            writer.raw(",\"taints\":[")
            for (position, taint) in node.taints.enumerated() {
                writer.raw(position == 0 ? "{" : ",{")
                writer.field("key", taint.key, first: true)
                if let value = taint.value { writer.field("value", value) }
                writer.field("effect", taint.effect)
                writer.raw("}")
            }
            writer.raw("]")
        }
        writer.raw("},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\",")
        writer.raw("\"message\":\"kubelet is posting ready status\"}],\"addresses\":[")
        writer.raw("{\"type\":\"InternalIP\",\"address\":\"10.128.\(ordinal / 256 % 256).\(ordinal % 256)\"},")
        writer.raw("{\"type\":\"Hostname\",\"address\":")
        writer.string(node.name)
        writer.raw("}],\"nodeInfo\":{\"kubeletVersion\":\"v1.30.5-gke.1014001\",\"kernelVersion\":\"6.1.100+\",\"osImage\":")
        writer.raw("\"Container-Optimized OS from Google\",\"containerRuntimeVersion\":\"containerd://1.7.22\",")
        writer.raw("\"architecture\":\"amd64\",\"operatingSystem\":\"linux\"},\"images\":[")
        for (position, image) in node.images.enumerated() {
            writer.raw(position == 0 ? "{" : ",{")
            writer.key("names", first: true)
            writer.strings(image.names)
            if let size = image.sizeBytes { writer.field("sizeBytes", size) }
            writer.raw("}")
        }
        writer.raw("]}}")
        return NodeRecord(name: node.name, labels: node.labels, json: writer.bytes, ordinal: ordinal)
    }

    private static func uid(_ ordinal: Int) -> String {
        let hex = String(UInt64(truncatingIfNeeded: ordinal &* 2_654_435_761 &+ 40_503), radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return "6a1f3c2e-0000-4000-8000-" + padded.suffix(12)
    }
}
