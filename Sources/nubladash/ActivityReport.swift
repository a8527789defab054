import NubladaClients
import NubladaEngine

/// The readable form of a snapshot's activity: the totals, each prepull pod, and the lab pods
/// by image digest.
struct ActivityReport {
    let activity: ActivityReading

    var text: String {
        var lines = ["", "Activity"]
        switch activity {
        case .error(let message):
            lines.append("  unavailable: \(shown(message))")
        case .activity(let activity):
            let totals = activity.totals
            lines.append("  \(totals.pulling) pulling, \(totals.failing) failing, \(totals.stuck) stuck")
            lines.append("Prepull pods")
            if activity.prepullPods.isEmpty { lines.append("  (none)") }
            for entry in activity.prepullPods {
                let pod = entry.pod
                var line = "  \(shown(pod.nodeName ?? "(no node)"))  \(shown(entry.tag ?? entry.digest ?? pod.image))  \(shown(pod.phase))"
                if let state = entry.state { line += "  \(state.name)" }
                if let reason = pod.waitingReason { line += "  \(shown(reason))" }
                if let message = pod.waitingMessage { line += ": \(shown(message))" }
                if let created = pod.createdAt { line += "  started \(RFC3339.format(created))" }
                lines.append(line)
            }
            lines.append("Lab pods by image")
            if activity.inUse.isEmpty { lines.append("  (none)") }
            for digest in activity.inUse.keys.sorted() {
                let use = activity.inUse[digest]!
                lines.append("  \(shown(digest))  \(use.pods.count)  \(shown(use.namespaces.joined(separator: ", ")))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What the cluster says (a kubelet's message, an image, a name), escaped and cut for the terminal.
    private func shown(_ text: String) -> String { MessageText.oneLine(text, limit: MessageText.fieldLimit) }
}
