import NubladaEngine

/// The activity parts of the detail overlays: who runs an image and
/// where, and a node's prepull and lab pods. Nothing when no pods were read; one line saying
/// why when they could not be.
enum ActivityDetailView {
    /// The image's lab pods: how many, the users (namespaces) and nodes, and a warning when
    /// the image is outside the prepull set.
    static func imageLines(_ state: DashboardState, image: ImageRow) -> [StyledLine] {
        guard let reading = state.prepared?.activity?.reading else { return [] }
        guard let activity = reading.activity else { return unreadable(reading) }
        let use = image.digest.flatMap { activity.inUse[$0] }
        guard let use, !use.pods.isEmpty else {
            return [OverlayContent.field("In use", "no lab pod runs it", role: .dim)]
        }
        var lines = [
            OverlayContent.field("In use", "\(count(use.pods.count, "lab pod")) of \(count(use.namespaces.count, "user"))"
                                     + " on \(count(use.nodes.count, "node"))"),
            OverlayContent.field("Users", use.namespaces.joined(separator: ", ")),
            OverlayContent.field("Nodes", use.nodes.joined(separator: ", ")),
        ]
        let prepullDigests = Set(state.data?.columns.map(\.digest) ?? [])
        if let digest = image.digest, !prepullDigests.contains(digest) {
            lines.append(StyledLine(
                "\(state.glyphs.warning) Outside the prepull set, yet labs run it: removing it from the registry"
                    + " would break these users' next spawn.", role: .warning))
        }
        return lines
    }

    /// A node's prepull pods (tag, phase, age, waiting reason and message) and lab pods (user,
    /// image, age).
    static func nodeLines(_ state: DashboardState, node: String) -> [StyledLine] {
        guard let reading = state.prepared?.activity?.reading else { return [] }
        guard let activity = reading.activity else { return [StyledLine()] + unreadable(reading) }
        let glyphs = state.glyphs
        let prepull = activity.prepullPods.filter { $0.pod.nodeName == node }
        var lines = [StyledLine(), StyledLine("Prepull pods (\(prepull.count))", role: .group)]
        if prepull.isEmpty { lines.append(StyledLine("  none", role: .dim)) }
        for entry in prepull {
            let pod = entry.pod
            let (glyph, role) = entry.state.map { MatrixCellStyle.glyph(.missing, pull: $0, glyphs: glyphs) } ?? (" ", .text)
            var line = StyledLine([
                .init(text: "  \(glyph) ", role: role), .init(text: (entry.tag ?? pod.image).padded(toWidth: 24)),
                .init(text: " \(pod.phase.padded(toWidth: 9))", role: .dim), .init(text: age(state, pod).leftPadded(toWidth: 8)),
            ])
            let waiting = [pod.waitingReason, pod.waitingMessage].compactMap { $0 }.map(PullWarning.oneLine)
            if !waiting.isEmpty { line.append("  " + waiting.joined(separator: ": "), role: entry.state == .pulling ? .dim : role) }
            lines.append(line)
        }
        let labs = activity.inUse.values.flatMap(\.pods).filter { $0.nodeName == node }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        lines += [StyledLine(), StyledLine("Lab pods (\(labs.count))", role: .group)]
        if labs.isEmpty { lines.append(StyledLine("  none", role: .dim)) }
        for pod in labs {
            let reference = DockerReference(parsing: pod.image)
            let image = reference?.tag ?? reference?.digest.map(Formatting.shortDigest) ?? pod.image
            lines.append(StyledLine([
                .init(text: "  " + MessageText.oneLine(pod.namespace).padded(toWidth: 24)),
                .init(text: " " + MessageText.oneLine(image).padded(toWidth: 24), role: .alias),
                .init(text: age(state, pod).leftPadded(toWidth: 8)),
            ]))
        }
        return lines
    }

    private static func unreadable(_ reading: ActivityReading) -> [StyledLine] {
        guard case .error(let message) = reading else { return [] }
        return [OverlayContent.field("Pods", "not read: \(message)", role: .warning)]
    }

    private static func age(_ state: DashboardState, _ pod: LabPod) -> String {
        pod.createdAt.map { Formatting.duration(state.now - $0) } ?? "?"
    }

    private static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}
