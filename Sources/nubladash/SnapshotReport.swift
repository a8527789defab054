import Foundation
import NubladaEngine
import NubladaTUI

/// The readable form of a snapshot: aliases, the prepull set, and a node × image table.
/// ASCII throughout when the locale cannot show more (`ascii`).
struct SnapshotReport {
    let data: DashboardData
    let menu: MenuImages
    var ascii = !Locale.isUTF8

    private var arrow: String { ascii ? "->" : "→" }
    private var times: String { ascii ? "x" : "×" }
    private var columnCorner: String { ascii ? "+" : "┌" }

    var text: String {
        var lines: [String] = []
        lines.append("Registry  \(shown(data.registryPath))")
        lines.append("Images    \(data.images.count) listed, \(data.columns.count) to prepull")
        lines.append("Nodes     \(data.nodes.count) listed, \(data.eligibleNodeCount) eligible")
        lines.append("")
        lines.append("Aliases")
        // A Docker alias's target found by a search is said as the listing's; one not found, as `?`.
        let aliases = AliasTargetText.aliases(data)
        if aliases.isEmpty { lines.append("  (none)") }
        for (alias, target) in aliases {
            lines.append("  \(shown(alias.tag)) \(arrow) \(shown(target))  \(shown(alias.displayName))")
        }
        lines.append("")
        lines.append("Prepull set")
        for column in data.columns {
            let state = column.cachedCount == column.eligibleCount ? "prepulled" : "pending"
            lines.append("  \(pad(shown(column.tag), 28)) \(pad("\(column.cachedCount)/\(column.eligibleCount)", 9)) \(pad(state, 10)) \(shown(column.displayName))")
        }
        lines.append("")
        lines.append("Menu")
        for entry in menu.menu { lines.append("  \(shown(entry.name))") }
        lines.append("")
        lines.append("Nodes \(times) prepull images  (# cached, o missing, . not required, ? unknown: node lists 50 images)")
        let names = data.nodes.map { shown($0.name) }
        let width = max(4, names.map(\.count).max() ?? 4)
        for (index, column) in data.columns.enumerated() {
            lines.append(String(repeating: " ", count: width + 2 + index * 2) + "\(columnCorner) \(shown(column.tag))")
        }
        for (node, name) in zip(data.nodes, names) {
            let cells = node.cells.map { cell -> String in
                switch cell {
                case .cached: return "#"
                case .missing: return "o"
                case .notRequired: return "."
                case .unknown: return "?"
                }
            }.joined(separator: " ")
            let note = node.eligible ? "" : "  \(shown(node.comment ?? "not eligible"))"
            lines.append("\(pad(name, width))  \(cells)\(note)")
        }
        return lines.joined(separator: "\n")
    }

    /// Text from the registry or the cluster, escaped and cut for the terminal.
    private func shown(_ text: String) -> String { MessageText.oneLine(text, limit: MessageText.fieldLimit) }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
