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

    /// Serves the nodes of a NodeList document (items kept byte for byte, minus whitespace,
    /// but for `metadata.resourceVersion`, which each changed node gets from its change).
    /// Nodes added, changed or gone since the last data are one watch event each (in name
    /// order, each a resourceVersion); the list's resourceVersion ends at the document's if that
    /// is newer, and moves on by at least one in any case, so continue tokens of the old data
    /// expire.
    public func setNodes(json: Data) throws {
        let (records, documentVersion) = try NodeDataset.records(fromDocument: json)
        ring(state.withLock { state in
            state.replaceNodes(with: records, documentVersion: documentVersion)
            return state.watch.watchers
        })
    }

    /// Serves typed nodes (encoded as GKE-like Node objects) in place of the current ones:
    /// one watch event (and resourceVersion) per node added, changed or gone, none for the
    /// unchanged.
    public func setNodes(_ nodes: [ClusterNode]) {
        // Encoded outside the lock; each changed node is stamped with its change's version.
        let records = nodes.enumerated().map { NodeDataset.encode($1, resourceVersion: 0, ordinal: $0) }
        ring(state.withLock { state in
            state.replaceNodes(with: records)
            return state.watch.watchers
        })
    }

    /// Adds or replaces one node (by name); bumps the resourceVersion (a watch event unless
    /// the node is unchanged).
    public func setNode(_ node: ClusterNode) {
        ring(state.withLock { state in
            let ordinal = state.nodes.record(named: node.name)?.ordinal ?? state.nodes.records.count
            state.upsertNode(NodeDataset.encode(node, resourceVersion: state.nodes.resourceVersion + 1, ordinal: ordinal))
            return state.watch.watchers
        })
    }

    /// Removes one node; bumps the resourceVersion (a DELETED watch event). False when there
    /// was no such node.
    @discardableResult
    public func removeNode(named name: String) -> Bool {
        let (removed, watchers) = state.withLock { state in (state.deleteNode(named: name), state.watch.watchers) }
        ring(watchers)
        return removed
    }

    /// Wakes the open watches (after a change; a watch with nothing new goes back to sleep).
    func ring(_ watchers: [AsyncStream<Void>.Continuation]) {
        for watcher in watchers { watcher.yield() }
    }

    /// How many nodes the Kubernetes side serves.
    public var nodeCount: Int { state.withLock { $0.nodes.records.count } }

    /// The node list's resourceVersion now.
    public var nodeListResourceVersion: String { state.withLock { String($0.nodes.resourceVersion) } }

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

extension StandInServer {
    /// Keeps at most `changes` node and pod changes for watches to resume after.
    package func keepWatchHistory(_ changes: Int) {
        state.withLock {
            $0.watch.setCapacity(changes)
            $0.pods.keptChanges = changes
        }
    }
}
