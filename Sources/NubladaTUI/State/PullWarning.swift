import NubladaEngine

/// The status line's warning about pulls that do not converge: the most
/// urgent failing or stuck prepull pod (stuck before failing, then the oldest), naming node,
/// tag and the kubelet's message, and how many more there are.
struct PullWarning: Hashable, Sendable {
    var state: PullState
    /// The node's name as the matrix shows it (without the prefix all nodes share).
    var node: String
    /// The tag of the pod's image, else its whole image reference.
    var image: String
    /// `ErrImagePull: rpc error: …`, on one line; nil when the container says nothing.
    var detail: String?
    /// Other failing or stuck pulls.
    var more: Int

    /// The warning for `activity`, nil when no pull fails or is stuck.
    init?(_ activity: ClusterActivity, nodePrefix: String) {
        let troubled = activity.prepullPods.filter { $0.state == .failing || $0.state == .stuck }
        let first = troubled.min { a, b in
            if a.state != b.state { return (a.state ?? .pulling) > (b.state ?? .pulling) }
            return (a.pod.createdAt ?? 0, a.pod.nodeName ?? "") < (b.pod.createdAt ?? 0, b.pod.nodeName ?? "")
        }
        guard let first, let state = first.state else { return nil }
        self.state = state
        let node = first.pod.nodeName ?? "no node"
        self.node = node.hasPrefix(nodePrefix) && node.count > nodePrefix.count ? String(node.dropFirst(nodePrefix.count)) : node
        image = MessageText.oneLine(first.tag ?? first.pod.image)
        let parts = [first.pod.waitingReason, first.pod.waitingMessage].compactMap { $0 }.map(PullWarning.oneLine)
        detail = parts.isEmpty ? nil : parts.joined(separator: ": ")
        more = troubled.count - 1
    }

    /// `⚠ w_2077_42 failing on 7f3a9c2e-hx4q: ErrImagePull: rpc error: … (+2 more)`.
    func text(glyphs: Glyphs) -> String {
        var text = "\(glyphs.warning) \(image) \(state.name) on \(node)"
        if let detail { text += ": \(detail)" }
        if more > 0 { text += " (+\(more) more)" }
        return text
    }

    /// Text from the kubelet on one line: escaped control characters, runs of white space as one space.
    static func oneLine(_ text: String) -> String {
        MessageText.oneLine(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
}
