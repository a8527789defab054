import Foundation
import NubladaStandIn
import NubladaTestSupport
import Testing

/// `nubladash --contexts int,prod,nosuch,dead` under tmux: the overview opens at once on the
/// kubeconfig's contexts with no file, each configuration read from its cluster's ConfigMap in
/// its own refresh; a context not in the kubeconfig is an error row, and one whose API server
/// never answers shows its wait (naming the host) without holding up the others.
@Suite("Overview on --contexts under tmux", .serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct ContextsOverviewTmuxTests {
    @Test("both clusters' rows from their ConfigMaps; an unknown context and a dead one in their own rows")
    func rows() async throws {
        let setup = try ContextsTests.Setup()
        let silent = try SilentListener()
        defer { silent.stop() }
        let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(Cluster.registryToken) "
            + "\(Binary.path) --contexts int,prod,nosuch,dead --kubeconfig \(setup.kubeconfig(dead: silent.url)) "
            + "--registry-endpoint \(setup.endpoint) --refresh 5"
        let session = try await TmuxSession(command: command, cols: 160, rows: 30, scratch: setup.scratch)
        let row = OverviewHangTmuxTests.row
        let loaded = await session.waitFor(timeout: 60) { screen in
            row("int", screen).contains("ok") && row("prod", screen).contains("ok") && row("nosuch", screen).contains("error")
        }
        #expect(loaded.met, "\(loaded.screen)")
        #expect(loaded.screen.contains("4 environments"), "\(loaded.screen)")
        #expect(row("nosuch", loaded.screen).contains("nosuch"), "\(loaded.screen)")
        // The dead cluster's ConfigMap read waits on its API server, named, while the others refresh.
        let waiting = await session.waitFor(timeout: 60) { row("dead", $0).contains("no answer for") }
        #expect(waiting.met, "\(waiting.screen)")
        #expect(row("dead", waiting.screen).contains(silent.hostLabel), "\(waiting.screen)")
        #expect(row("int", waiting.screen).contains("ok") && row("prod", waiting.screen).contains("ok"), "\(waiting.screen)")
        // Opening one shows its own dashboard, its nodes those of its cluster.
        try await session.send(":")
        try await session.type("prod")
        try await session.send("Enter")
        let opened = await session.waitFor { $0.contains("Prepull matrix") && $0.contains("prod:") && $0.contains("6 nodes") }
        #expect(opened.met, "\(opened.screen)")
        try await session.send("Escape")
        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }
}
