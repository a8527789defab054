import Foundation
import NubladaProcess
import NubladaWork
import Testing

/// A kubeconfig exec plugin that never exits (it waits on a child of its own): the real binary
/// gives up on it with an error naming it, and kills its whole process group, on the timeout
/// and whenever nubladash exits.
@Suite("Credential helpers that hang", .serialized)
struct HelperHangTests {
    /// The stand-in, and a kubeconfig whose user runs `hang.sh`. The script records its parent
    /// (nubladash) and its own child (a long sleep) before waiting forever.
    final class Hanging {
        let cluster: Cluster
        let kubeconfig: String

        init() throws {
            cluster = try Cluster()
            cluster.loadFixture(nodes: 3, tags: 10)
            let script = cluster.scratch.write("hang.sh", """
                #!/bin/sh
                echo $$ >> "$(dirname "$0")/starts"
                echo $PPID > "$(dirname "$0")/parent.pid"
                sleep 600 &
                echo $! >> "$(dirname "$0")/children"
                echo $! > "$(dirname "$0")/sleeper.pid"
                wait
                """)
            chmod(script, 0o755)
            kubeconfig = cluster.scratch.write("kubeconfig-hang", cluster.server.kubeconfigYAML(userLines: [
                "exec: {apiVersion: client.authentication.k8s.io/v1, command: ./hang.sh, interactiveMode: Never}",
            ]))
        }

        func run(_ command: String, timeout: String = "2") async throws -> Binary.Result {
            try await Binary.run([command, "--config", cluster.config(), "--kubeconfig", kubeconfig,
                                  "--gar-endpoint", cluster.server.registryURL, "--helper-timeout", timeout],
                                 environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken],
                                 timeout: 40)
        }

        /// The pids of every run of the script and of every child it started, so far.
        var recorded: (starts: [pid_t], all: [pid_t]) {
            func pids(_ name: String) -> [pid_t] {
                ((try? String(contentsOfFile: "\(cluster.scratch.path)/\(name)", encoding: .utf8)) ?? "")
                    .split(separator: "\n").compactMap { pid_t($0) }
            }
            let starts = pids("starts")
            return (starts, starts + pids("children"))
        }

        /// A pid the script wrote, once it is there.
        func pid(_ name: String) async -> pid_t? {
            for _ in 0..<300 {
                if let text = try? String(contentsOfFile: "\(cluster.scratch.path)/\(name)", encoding: .utf8),
                   let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
            return nil
        }
    }

    /// Whether `pid` is a running process (a zombie no one has reaped yet is not).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// Waits (up to 10 s) for `pid` to be gone.
    static func ended(_ pid: pid_t) async -> Bool {
        for _ in 0..<100 where isRunning(pid) { try? await Task.sleep(nanoseconds: 100_000_000) }
        return !isRunning(pid)
    }

    @Test("snapshot times out with one line naming the plugin, and kills the plugin's group") func snapshot() async throws {
        let hanging = try Hanging()
        let result = try await hanging.run("snapshot")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("nubladash: "))
        #expect(result.stderr.contains("exec plugin hang.sh"), "\(result.stderr)")
        #expect(result.stderr.contains("did not finish within 2 s"), "\(result.stderr)")
        let sleeper = try #require(await hanging.pid("sleeper.pid"))
        #expect(await Self.ended(sleeper))
        // The nodes and the pods requests wait for the same run; its failure is not run again.
        #expect(hanging.recorded.starts.count == 1, "\(hanging.recorded.starts)")
    }

    @Test("auth-check reports the timeout instead of printing nothing") func authCheck() async throws {
        let hanging = try Hanging()
        let result = try await hanging.run("auth-check")
        #expect(result.status == 1)
        #expect(result.stdout.contains("ok: listed dockerImages"), "\(result.stdout)")
        #expect(result.stdout.contains("FAILED: exec plugin hang.sh: hang.sh did not finish within 2 s"), "\(result.stdout)")
        let sleeper = try #require(await hanging.pid("sleeper.pid"))
        #expect(await Self.ended(sleeper))
        #expect(hanging.recorded.starts.count == 1, "\(hanging.recorded.starts)")
    }

    /// snapshot and auth-check waiting on the plugin (the default 60 s), then interrupted:
    /// they exit 128 + the signal and the plugin goes with them. auth-check has shown the
    /// registry's result meanwhile.
    @Test("a signal ends snapshot and auth-check, and the plugin with them",
          arguments: [("snapshot", SIGINT), ("snapshot", SIGTERM), ("auth-check", SIGHUP), ("auth-check", SIGQUIT)])
    func interrupted(command: String, signal: Int32) async throws {
        let hanging = try Hanging()
        let child = try ChildProcess(Binary.path, [command, "--config", hanging.cluster.config(), "--kubeconfig", hanging.kubeconfig,
                                                   "--gar-endpoint", hanging.cluster.server.registryURL],
                                     environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
                                                   "GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken],
                                     standardOutput: .pipe, standardError: .standardOutput)
        let output = LineCollector()
        output.collect(from: child, threadName: "\(command)-output")
        let sleeper = try #require(await hanging.pid("sleeper.pid"))
        if command == "auth-check" {
            let shown = try await Executor.blocking.run { output.wait(forLineContaining: "ok: listed dockerImages", timeout: 30) }
            #expect(shown, "\(output.text)")
        }
        #expect(Self.isRunning(sleeper))
        child.signal(signal)
        let ended = try await Executor.blocking.run { child.waitForExit() }
        #expect(ended == .init(exitCode: 128 + signal, signal: nil))
        #expect(await Self.ended(sleeper))
    }

    /// The dashboard waiting on the plugin (the default 60 s timeout), then ended by `q` or a
    /// signal: the plugin and its child go with it.
    @Test("the dashboard's exit kills a plugin still running",
          .enabled(if: TmuxSession.available, "tmux is not installed"),
          arguments: ["q", "SIGTERM", "SIGHUP"])
    func dashboardExit(how: String) async throws {
        let hanging = try Hanging()
        let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(Cluster.registryToken) "
            + "\(Binary.path) --config \(hanging.cluster.config()) --kubeconfig \(hanging.kubeconfig) "
            + "--gar-endpoint \(hanging.cluster.server.registryURL)"
        let session = try await TmuxSession(command: command, scratch: hanging.cluster.scratch)
        let sleeper = try #require(await hanging.pid("sleeper.pid"))
        let dashboard = try #require(await hanging.pid("parent.pid"))
        #expect(Self.isRunning(sleeper))
        switch how {
        case "q": try await session.send("q")
        case "SIGTERM": kill(dashboard, SIGTERM)
        default: kill(dashboard, SIGHUP)
        }
        let status = await session.exitStatus()
        #expect(status == (how == "q" ? 0 : how == "SIGTERM" ? 128 + SIGTERM : 128 + SIGHUP))
        #expect(await Self.ended(sleeper))
    }

    /// `q` while the plugin runs, on the dashboard's first refresh: the plugin is killed, and
    /// the request still waiting for a credential (the pods after the nodes) must not start it
    /// again while nubladash exits, which would leave that plugin and its child running with
    /// no parent. Whether the exit or that start wins is a race, so it is run a few times.
    @Test("q starts no plugin while exiting and leaves none running",
          .enabled(if: TmuxSession.available, "tmux is not installed"))
    func quitStartsNoPlugin() async throws {
        for attempt in 1...8 {
            let hanging = try Hanging()
            // Whatever outlived nubladash in a failing run is not left behind by the test.
            defer { for pid in hanging.recorded.all { kill(pid, SIGKILL) } }
            let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(Cluster.registryToken) "
                + "\(Binary.path) --config \(hanging.cluster.config()) --kubeconfig \(hanging.kubeconfig) "
                + "--gar-endpoint \(hanging.cluster.server.registryURL)"
            let session = try await TmuxSession(command: command, scratch: hanging.cluster.scratch)
            _ = try #require(await hanging.pid("sleeper.pid"))
            try await session.send("q")
            #expect(await session.exitStatus() == 0)
            // A plugin started on the way out has had time to record itself.
            try await Task.sleep(nanoseconds: 1_000_000_000)
            for pid in hanging.recorded.all {
                #expect(await Self.ended(pid), "attempt \(attempt): \(pid) outlived nubladash (runs: \(hanging.recorded.starts))")
            }
        }
    }
}
