import Foundation
import NubladaClients
import NubladaEngine

/// The forms of a `diff` preview: a report for a terminal and a JSON object for scripts
/// (documented in docs/diff.md). ASCII arrows when the locale cannot show more (`ascii`).
struct DiffReport {
    let preview: ConfigurationPreview
    var ascii = !Locale.isUTF8

    private var arrow: String { ascii ? "->" : "→" }

    var text: String {
        let change = preview.change
        var lines: [String] = []
        lines.append("Deployed  \(shown(preview.deployed.origin.description))")
        lines.append("Proposed  \(shown(preview.proposed.origin.description))")
        lines.append("")
        lines.append("Configuration")
        if preview.keys.isEmpty { lines.append("  (no setting differs)") }
        for key in preview.keys {
            lines.append("  \(shown(key.key)): \(value(key.from)) \(arrow) \(value(key.to))")
        }
        lines.append("")
        if change.isEmpty {
            lines.append("No change to the prepull set or the menu.")
            return lines.joined(separator: "\n")
        }
        lines.append("Prepull set")
        if change.prepullAdded.isEmpty && change.prepullRemoved.isEmpty { lines.append("  (unchanged)") }
        for image in change.prepullAdded {
            let pulls = image.pulls == 1 ? "1 node to pull" : "\(image.pulls) nodes to pull"
            lines.append("  + \(imageLabel(image))  \(shown(image.name))  (\(pulls))")
        }
        for image in change.prepullRemoved {
            lines.append("  - \(imageLabel(image))  \(shown(image.name))")
        }
        lines.append("")
        lines.append("Menu")
        if change.menuAdded.isEmpty && change.menuRemoved.isEmpty { lines.append("  (unchanged)") }
        for entry in change.menuAdded { lines.append("  + \(pad(entry.list, 8)) \(shown(entry.name))") }
        for entry in change.menuRemoved { lines.append("  - \(pad(entry.list, 8)) \(shown(entry.name))") }
        lines.append("")
        let images = change.prepullAdded.count
        lines.append("Pulls     \(change.pulls) node \(change.pulls == 1 ? "pull" : "pulls") "
                     + "(\(images) entering \(images == 1 ? "image" : "images") on the eligible nodes missing \(images == 1 ? "it" : "them"))")
        return lines.joined(separator: "\n")
    }

    var json: JSONValue {
        let change = preview.change
        return .object([
            "deployed": .string(preview.deployed.origin.description),
            "proposed": .string(preview.proposed.origin.description),
            "config": .array(preview.keys.map(\.json)),
            "prepull": .object(["add": .array(change.prepullAdded.map(\.json)), "remove": .array(change.prepullRemoved.map(\.json))]),
            "menu": .object(["add": .array(change.menuAdded.map(\.json)), "remove": .array(change.menuRemoved.map(\.json))]),
            "pulls": .int(change.pulls),
            "changed": .bool(!change.isEmpty),
        ])
    }

    /// The tag, or the whole reference when the source changes (the same tag in another
    /// repository is another image).
    private func imageLabel(_ image: PictureChange.PrepullImage) -> String {
        shown(preview.sourceChanged ? image.reference : image.tag)
    }

    private func value(_ text: String?) -> String { shown(text ?? ConfigurationKeyChange.unset) }

    /// Text from the files, the cluster or the registry, escaped and cut for the terminal.
    private func shown(_ text: String) -> String { MessageText.oneLine(text, limit: MessageText.fieldLimit) }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
