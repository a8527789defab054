import Foundation
import Testing

/// Issue 10 end to end: the dashboard on the demo (`--demo --environment idfdemo`, one of the
/// overview's worlds opened alone, at 10× so that a pull spans a few refreshes) shows a matrix cell go missing → pulling → cached as a node pulls its prepull
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
            command: "TERM=xterm-256color LANG=C.UTF-8 \(Binary.path) --demo --environment idfdemo --demo-speed 10 --refresh 5",
            cols: 250, rows: 60, scratch: scratch)
        _ = await session.waitFor { $0.contains("cached/eligible") }
        try await session.send("s")  // nodes by missing images: those pulling come first

        // Every cell seen so far and what it showed, in order: some cell must be seen missing,
        // then pulling, then cached (the node that has just joined pulls the whole prepull set,
        // and every node pulls the daily pushed a simulated quarter of an hour in).
        var seen: [String: [Character]] = [:]
        var converged: String?
        var headerCounted = false
        let watched = await session.waitFor(timeout: 300) { screen in
            if screen.split(separator: "\n").first?.contains(" pulling") == true { headerCounted = true }
            for (node, row) in Self.matrixRows(screen) {
                for (offset, glyph) in row.enumerated() where "○◐●".contains(glyph) {
                    let key = "\(node) at \(offset)"
                    if seen[key]?.last != glyph { seen[key, default: []].append(glyph) }
                    if let history = seen[key], let missing = history.firstIndex(of: "○"),
                       let pulling = history[missing...].firstIndex(of: "◐"), history[pulling...].contains("●") {
                        converged = key
                        return true
                    }
                }
            }
            return false
        }
        #expect(converged != nil, "no cell went missing → pulling → cached:\n\(watched.screen)")
        #expect(headerCounted, "the header never counted pulls")

        // The node whose disk is full: its cell fails and the status line names node, tag and the
        // kubelet's message (or says it is stuck, once past the demo's scaled prepullTimeout).
        let failing = await session.waitFor(timeout: 240) { screen in
            let troubled = Self.matrixRows(screen).filter { $0.value.contains("✗") || $0.value.contains("!") }.keys
            guard let status = screen.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
                  status.contains("⚠ "), status.contains("ErrImagePull: Failed to pull image \"")
                    || status.contains("ImagePullBackOff: Back-off pulling image \"")
            else { return false }
            return troubled.contains { status.contains(" failing on \($0): ") || status.contains(" stuck on \($0): ") }
        }
        #expect(failing.met, "\(failing.screen)")

        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }
}
