import Foundation
import NubladaEngine

/// The listings the stand-in serves; every setter replaces data atomically and may be
/// called at any time, from any thread.
extension StandInServer {
    // MARK: Registry

    /// Serves the GAR listing document `{"dockerImages": [...]}` (items kept byte for byte,
    /// minus whitespace). The repository it belongs to is `parent`
    /// (`projects/P/locations/L/repositories/R`) or is read from the first item's `name`.
    public func setRegistry(json: Data, parent: String? = nil) throws {
        let dataset = try RegistryDataset(document: json, parent: parent)
        state.withLock { $0.registry = dataset }
    }

    /// Serves typed entries as the repository of `source`.
    public func setRegistry(entries: [RegistryEntry], source: GARSourceOptions) {
        setRegistry(entries: entries, parent: source.parent)
    }

    /// Serves typed entries as the repository `parent` (`projects/P/locations/L/repositories/R`).
    public func setRegistry(entries: [RegistryEntry], parent: String) {
        let dataset = RegistryDataset(entries: entries, parent: parent)
        state.withLock { $0.registry = dataset }
    }

    /// Adds typed entries at the end of the current listing (its repository unchanged, or
    /// `source`'s when the listing is empty).
    public func appendRegistry(entries: [RegistryEntry], source: GARSourceOptions) {
        state.withLock { state in
            let parent = state.registry.parent ?? source.parent
            state.registry = RegistryDataset(
                parent: parent, items: state.registry.items + entries.map { RegistryDataset.encode($0, parent: parent) })
        }
    }

    /// The repository the listing belongs to, `projects/P/locations/L/repositories/R`.
    public var registryParent: String? { state.withLock { $0.registry.parent } }

    /// How many `dockerImages` the registry serves.
    public var registryImageCount: Int { state.withLock { $0.registry.items.count } }

    // MARK: Kubernetes

    /// Serves the nodes of a NodeList document (items kept byte for byte, minus whitespace).
    /// The list's resourceVersion becomes the document's, or the previous one plus one if that
    /// is not newer, so continue tokens of the old data expire.
    public func setNodes(json: Data) throws {
        let (records, documentVersion) = try NodeDataset.records(fromDocument: json)
        state.withLock { state in
            let version = max(documentVersion ?? 0, state.nodes.resourceVersion + 1)
            state.nodes = NodeDataset(records: records, resourceVersion: version)
        }
    }

    /// Serves typed nodes (encoded as GKE-like Node objects).
    public func setNodes(_ nodes: [ClusterNode]) {
        let version = state.withLock { $0.nodes.resourceVersion } + 1
        let records = nodes.enumerated().map { NodeDataset.encode($1, resourceVersion: version, ordinal: $0) }
        state.withLock { state in
            state.nodes = NodeDataset(records: records, resourceVersion: max(version, state.nodes.resourceVersion + 1))
        }
    }

    /// Adds or replaces one node (by name); bumps the resourceVersion.
    public func setNode(_ node: ClusterNode) {
        state.withLock { state in
            let version = state.nodes.resourceVersion + 1
            var records = state.nodes.records.filter { $0.name != node.name }
            records.append(NodeDataset.encode(node, resourceVersion: version, ordinal: records.count))
            state.nodes = NodeDataset(records: records, resourceVersion: version)
        }
    }

    /// Removes one node; bumps the resourceVersion. False when there was no such node.
    @discardableResult
    public func removeNode(named name: String) -> Bool {
        state.withLock { state in
            guard state.nodes.record(named: name) != nil else { return false }
            state.nodes = NodeDataset(records: state.nodes.records.filter { $0.name != name },
                                      resourceVersion: state.nodes.resourceVersion + 1)
            return true
        }
    }

    /// How many nodes the Kubernetes side serves.
    public var nodeCount: Int { state.withLock { $0.nodes.records.count } }

    /// The node names, sorted as the list returns them.
    public var nodeNames: [String] { state.withLock { $0.nodes.records.map(\.name) } }

    /// The NodeList's current `metadata.resourceVersion`.
    public var nodesResourceVersion: String { state.withLock { String($0.nodes.resourceVersion) } }

    // MARK: Fixtures

    /// Serves a generated dataset on both sides.
    public func load(_ dataset: StandInDataset) {
        setRegistry(entries: dataset.entries, source: dataset.source)
        setNodes(dataset.nodes)
    }
}
