import Foundation
import Testing

/// Issue 10 end to end: the dashboard on the demo (`--demo`, at 10× so that a pull spans a few
/// refreshes) shows a matrix cell go missing → pulling → cached as a node pulls its prepull
/// images, and the failing node's pull in the status line with the kubelet's message.
@Suite("Demo activity under tmux", .serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct DemoActivityTmuxTests {
    /// The matrix part of each screen line (right of the panels' separator, at 250 columns),
    /// by node name (as the matrix shows it, without the shared prefix).
    static func matrixRows(_ screen: String) -> [String: [Character]] {
        var rows: [String: [Character]] = [:]
        for line in screen.split(separator: "\n") {
            guard let separator = line.lastIndex(of: "│") else { continue }
            let part = Array(line[line.index(after: separator)...])
            let name = String(part.drop { $0 == " " }.prefix { $0 != " " })
            if name.contains("-pool-") { rows[name] = part }
        }
        return rows
    }

    static func cell(_ screen: String, node: String, at offset: Int) -> Character? {
        guard let row = matrixRows(screen)[node], offset < row.count else { return nil }
        return row[offset]
    }

    @Test("a cell goes missing → pulling → cached; the failing pull is in the status line")
    func pullsOnTheDemo() async throws {
        let scratch = ScratchDirectory()
        let session = try await TmuxSession(
            command: "TERM=xterm-256color LANG=C.UTF-8 \(Binary.path) --demo --demo-speed 10 --refresh 5",
            cols: 250, rows: 60, scratch: scratch)
        _ = await session.waitFor { $0.contains("cached/eligible") }
        try await session.send("s")  // nodes by missing images: the node that has just joined first

        // A node pulling one image with others still missing; the next missing cell after the
        // one it pulls is the next it pulls (the prepuller takes them in the matrix's order).
        var tracked: (node: String, offset: Int)?
        let pulling = await session.waitFor(timeout: 60) { screen in
            for (node, row) in Self.matrixRows(screen) {
                guard let busy = row.firstIndex(of: "◐"), let next = row[busy...].firstIndex(of: "○") else { continue }
                tracked = (node, next)
                return true
            }
            return false
        }
        let (node, offset) = try #require(tracked, "no node pulling with images missing:\n\(pulling.screen)")
        #expect(pulling.screen.split(separator: "\n").first?.contains(" pulling") == true, "\(pulling.screen)")
        let becamePulling = await session.waitFor(timeout: 120) { Self.cell($0, node: node, at: offset) == "◐" }
        #expect(becamePulling.met, "\(node) never pulled the cell at \(offset):\n\(becamePulling.screen)")
        let becameCached = await session.waitFor(timeout: 120) { Self.cell($0, node: node, at: offset) == "●" }
        #expect(becameCached.met, "\(node) never cached the cell at \(offset):\n\(becameCached.screen)")

        // The node whose disk is full: its cell fails and the status line names node, tag and the
        // kubelet's message (or says it is stuck, once past the demo's scaled prepullTimeout).
        let failing = await session.waitFor(timeout: 60) { screen in
            guard let failingNode = Self.matrixRows(screen).first(where: { $0.value.contains("✗") || $0.value.contains("!") })?.key,
                  let status = screen.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
            else { return false }
            return (status.contains("failing on \(failingNode): ErrImagePull: Failed to pull image \"")
                || status.contains("failing on \(failingNode): ImagePullBackOff: Back-off pulling image \"")
                || status.contains("stuck on \(failingNode)")) && status.contains("⚠ ")
        }
        #expect(failing.met, "\(failing.screen)")

        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }
}
