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
        // Yams compares every mapping's keys while it composes, hashing each key with its
        // aliases expanded: an alias bomb as a key (`? *a11 : x`) would be walked 10^11 times
        // before any bound here could apply. So a document with aliases is first composed
        // with its aliases turned into plain text, which costs no more than its length, and a
        // key that is not plain text is refused before the real document is composed.
        if text.utf8.contains(UInt8(ascii: "*")) {
            let defanged = AliasFreeText(text)
            if let shape = try compose(defanged.text, file: file, shownAs: defanged.original),
               let key = nonTextKey(shape, isAlias: defanged.isAlias) {
                throw nonTextKeyError(key, file: file)
            }
        }
        guard let root = try compose(text, file: file, shownAs: { $0 }) else { return nil }
        var budget = maximumNodes
        guard fits(root, budget: &budget) else {
            throw ConfigError("\(file): YAML aliases expand to more than \(maximumNodes) values; refusing to read it (an alias bomb?)")
        }
        if let key = nonTextKey(root, isAlias: { _ in false }) { throw nonTextKeyError(key, file: file) }
        return root.any
    }

    /// The document's node tree; `shownAs` turns text quoted in an error back into what the file says.
    private static func compose(_ text: String, file: String, shownAs: (String) -> String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError("\(file): YAML syntax error: \(shownAs(YAMLErrorText.oneLine(error)))")
        } catch {
            throw ConfigError("\(file): cannot parse YAML")
        }
    }

    private static func nonTextKeyError(_ key: Node, file: String) -> ConfigError {
        let line = key.mark.map { "line \($0.line): " } ?? ""
        return ConfigError("\(file): \(line)a mapping key must be plain text, not a list, a mapping or an alias")
    }

    /// The first mapping key that is not plain text: a list, a mapping or an alias (Yams traps
    /// building a value with one). A walk of the document as written, aliases not followed.
    /// `isAlias` tells a scalar key that stands for an alias in the defanged text.
    private static func nonTextKey(_ node: Node, isAlias: (Node.Scalar) -> Bool) -> Node? {
        switch node {
        case .scalar, .alias:
            return nil
        case .sequence(let sequence):
            for item in sequence { if let found = nonTextKey(item, isAlias: isAlias) { return found } }
            return nil
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key, !isAlias(scalar) else { return key }
                if let found = nonTextKey(value, isAlias: isAlias) { return found }
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
