import Foundation
import Glibc
import Testing
import NubladaStandIn
import NubladaTestSupport

/// The dashboard binary under tmux against the stand-in.
@Suite("Dashboard under tmux", .serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct DashboardTmuxTests {
    /// The stand-in with a small cluster, and the dashboard running on it.
    final class Running {
        let cluster: Cluster
        let session: TmuxSession

        init(refresh: Int = 60, cols: Int = 120, rows: Int = 35, extra: String = "") async throws {
            cluster = try Cluster()
            cluster.loadFixture(nodes: 12, tags: 40)
            let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(Cluster.registryToken) "
                + "\(Binary.path) --config \(cluster.config()) --kubeconfig \(cluster.kubeconfig()) "
                + "--gar-endpoint \(cluster.server.registryURL) --refresh \(refresh) \(extra)"
            session = try await TmuxSession(command: command, cols: cols, rows: rows, scratch: cluster.scratch)
        }

        /// Waits for the first data on screen.
        func loaded() async -> String {
            await session.waitFor { $0.contains("Prepull matrix") && $0.contains("idle") }.screen
        }
    }

    @Test("panels show the tags, aliases and node rows") func panels() async throws {
        let running = try await Running()
        let screen = await running.loaded()
        #expect(screen.contains("Images"))
        #expect(screen.contains("recommended →"), "\(screen)")
        #expect(screen.contains("Alias ("))
        #expect(screen.contains("cached/eligible"))
        // Node names are shown without the prefix all nodes share.
        #expect(screen.contains("user-lab-pool"))
        #expect(screen.contains("12 nodes"))
        try await running.session.send("q")
        #expect(await running.session.exitStatus() == 0)
    }

    @Test("u asks the registry again") func updateNow() async throws {
        let running = try await Running()
        _ = await running.loaded()
        let before = running.cluster.server.registryRequestCount
        try await running.session.send("u")
        let deadline = Date().addingTimeInterval(20)
        while running.cluster.server.registryRequestCount == before && Date() < deadline { try await Task.sleep(nanoseconds: 100_000_000) }
        #expect(running.cluster.server.registryRequestCount > before)
        try await running.session.send("q")
    }

    @Test("/ filters images and nodes; Esc clears") func filter() async throws {
        let running = try await Running()
        _ = await running.loaded()
        try await running.session.send("/")
        try await running.session.type("recommended")
        try await running.session.send("Enter")
        let filtered = await running.session.waitFor { $0.contains("filter: recommended") }
        #expect(filtered.met, "\(filtered.screen)")
        #expect(!filtered.screen.contains("latest_weekly →"))
        #expect(filtered.screen.contains("recommended →"))
        try await running.session.send("Escape")
        let cleared = await running.session.waitFor { !$0.contains("filter: recommended") && $0.contains("latest_weekly →") }
        #expect(cleared.met, "\(cleared.screen)")
        try await running.session.send("q")
    }

    @Test("enter opens a detail view and Esc closes it") func detail() async throws {
        let running = try await Running()
        _ = await running.loaded()
        try await running.session.send("Enter")
        let opened = await running.session.waitFor { $0.contains("Digest") && $0.contains("sha256:") && $0.contains("Aliases") }
        #expect(opened.met, "\(opened.screen)")
        try await running.session.send("Escape")
        let closed = await running.session.waitFor { !$0.contains("Aliases ") && $0.contains("cached/eligible") }
        #expect(closed.met, "\(closed.screen)")
        try await running.session.send("q")
    }

    @Test("resizing to 60×20 and back keeps a sane screen") func resize() async throws {
        let running = try await Running()
        _ = await running.loaded()
        try await running.session.resize(cols: 60, rows: 20)
        let small = await running.session.waitFor { $0.split(separator: "\n").allSatisfy { $0.count <= 60 } && $0.contains("Images") }
        #expect(small.met, "\(small.screen)")
        try await running.session.resize(cols: 40, rows: 12)
        #expect(await running.session.waitFor { $0.contains("too small") }.met)
        try await running.session.resize(cols: 120, rows: 35)
        let back = await running.session.waitFor { $0.contains("cached/eligible") && $0.contains("recommended →") }
        #expect(back.met, "\(back.screen)")
        try await running.session.send("q")
        #expect(await running.session.exitStatus() == 0)
    }

    @Test("a registry outage shows the partial marker, and the dashboard recovers") func outage() async throws {
        let running = try await Running()
        _ = await running.loaded()
        // The registry refuses (401) while the nodes keep answering: the header says the
        // picture is partial, the status line names the registry, the last listing stays.
        running.cluster.server.unauthorized = true
        try await running.session.send("u")
        let partial = await running.session.waitFor(timeout: 60) {
            $0.contains(" partial") && $0.contains("Artifact Registry: access token refused (401)")
        }
        #expect(partial.met, "\(partial.screen)")
        #expect(partial.screen.contains("recommended →"))
        running.cluster.server.unauthorized = false
        try await running.session.send("u")
        let recovered = await running.session.waitFor(timeout: 60) {
            !$0.contains("stale") && !$0.contains(" partial") && $0.contains("idle")
        }
        #expect(recovered.met, "\(recovered.screen)")
        try await running.session.send("q")
        #expect(await running.session.exitStatus() == 0)
    }

    @Test("q exits 0 and restores the terminal") func quit() async throws {
        let running = try await Running()
        _ = await running.loaded()
        try await running.session.send("q")
        #expect(await running.session.exitStatus() == 0)
        let after = await running.session.waitFor { $0.contains("nubladash exited") }
        #expect(after.met)
        // The alternate screen is gone: nothing of the dashboard is left.
        #expect(!after.screen.contains("cached/eligible"))
    }

    /// Issue 8, defect 8: SIGQUIT went to the Swift runtime's crash handler, which printed a
    /// backtrace over the dashboard and waited 30 s on "Press space to interact".
    @Test("SIGQUIT restores the terminal and exits 131 without a backtrace") func quitSignal() async throws {
        let running = try await Running()
        _ = await running.loaded()
        #expect(try await running.session.alternateScreenIsOn())
        let pid = try #require(try await running.session.programPID())
        // A real crash must not wait on "Press space to interact" either: the dashboard runs
        // with the runtime's backtracer set to non-interactive.
        let environment = (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8)) ?? ""
        #expect(environment.split(separator: "\0").contains("SWIFT_BACKTRACE=interactive=no"))
        // And with two malloc arenas, so that its refresh threads do not spread memory over many.
        #expect(environment.split(separator: "\0").contains("MALLOC_ARENA_MAX=2"))
        #expect(kill(pid, SIGQUIT) == 0)
        #expect(await running.session.exitStatus() == 131)
        let after = await running.session.waitFor { $0.contains("nubladash exited") }
        #expect(after.met, "\(after.screen)")
        #expect(!after.screen.contains("cached/eligible"))
        #expect(!after.screen.contains("Backtrace") && !after.screen.contains("Press space"), "\(after.screen)")
        #expect(try await !running.session.alternateScreenIsOn())
    }

    @Test("no terminal: a clear error suggesting snapshot") func noTerminal() async throws {
        let cluster = try Cluster()
        let result = try await Binary.run(["--config", cluster.config(), "--kubeconfig", cluster.kubeconfig(),
                                     "--gar-endpoint", cluster.server.registryURL],
                                    environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken, "TERM": "xterm"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("snapshot"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

extension TmuxSession {
    /// The pid of the program the pane's shell runs (its one child), read from /proc.
    func programPID() async throws -> pid_t? {
        let shell = try await Self.tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children?.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// Whether the pane shows the alternate screen (the dashboard's; off once it restored the terminal).
    func alternateScreenIsOn() async throws -> Bool {
        try await Self.tmux(["display-message", "-p", "-t", name, "#{alternate_on}"])
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }
}
