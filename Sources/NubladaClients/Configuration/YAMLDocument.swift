import Foundation
import Yams

/// The one way nubladash reads YAML (controller configuration, Phalanx values, kubeconfigs):
/// parsed into Yams' node tree, where an alias shares its anchor's node, then measured as if
/// every alias were expanded before anything is built from it. A few hundred bytes of nested
/// anchors (`&a [*a, *a, …]` nine deep) expand to hundreds of millions of values; such a
/// document is refused instead of eating memory without bound.
enum YAMLDocument {
    /// More expanded nodes than any real configuration or kubeconfig holds, few enough to
    /// build in well under a second.
    static let maximumNodes = 250_000

    /// The document's value (mappings, lists, scalars), or nil when it is empty. Errors are
    /// one line naming `file`.
    static func load(_ text: String, file: String) throws -> Any? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError("\(file): YAML syntax error: \(YAMLErrorText.oneLine(error))")
        } catch {
            throw ConfigError("\(file): cannot parse YAML")
        }
        guard let root else { return nil }
        var budget = maximumNodes
        guard fits(root, budget: &budget) else {
            throw ConfigError("\(file): YAML aliases expand to more than \(maximumNodes) values; refusing to read it (an alias bomb?)")
        }
        if let key = nonTextKey(root) {
            let line = key.mark.map { "line \($0.line): " } ?? ""
            throw ConfigError("\(file): \(line)a mapping key must be plain text, not a list, a mapping or an alias")
        }
        return root.any
    }

    /// The first mapping key that is not plain text: a list, a mapping or an alias (Yams traps
    /// building a value with one). A walk of the document as written, aliases not followed.
    private static func nonTextKey(_ node: Node) -> Node? {
        switch node {
        case .scalar, .alias:
            return nil
        case .sequence(let sequence):
            return sequence.lazy.compactMap(nonTextKey).first
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard case .scalar = key else { return key }
                if let found = nonTextKey(value) { return found }
            }
            return nil
        }
    }

    /// Spends one unit of `budget` per node of the expanded tree; false as soon as it runs out,
    /// so the walk itself stays within the budget.
    private static func fits(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .sequence(let sequence):
            for child in sequence where !fits(child, budget: &budget) { return false }
            return true
        case .mapping(let mapping):
            for (key, value) in mapping where !fits(key, budget: &budget) || !fits(value, budget: &budget) { return false }
            return true
        }
    }
}
