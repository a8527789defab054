import ArgumentParser
import Dispatch
import Foundation
import NubladaDemo
import NubladaProcess
import NubladaStandIn
import Synchronization

/// `nubladash demo-server`: the demo's simulated Artifact Registry and Kubernetes API alone,
/// until ctrl-c, for `snapshot`, `kubectl` or any other client.
struct DemoServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-server",
        abstract: "Run the demo's simulated registry and cluster on loopback until ctrl-c.",
        discussion: """
            Prints a kubeconfig path, the registry endpoint and its token, and ready command \
            lines; then one line per event of the simulated world (unless --quiet).

            Reads commands on standard input, one a line: `outage` takes both APIs down \
            (every request answered 503, open watches ended) until `recover` brings them back. \
            Each is acknowledged with a line on standard output.
            """)

    @Option(name: .customLong("demo-speed"), help: "Simulated seconds per real second (1 = real time).")
    var speed: Double = DemoLaunch.defaultSpeed

    @Option(help: "Seed of the simulated world and its timeline.")
    var seed: UInt64 = 1

    @Flag(help: "Do not print the world's events.")
    var quiet = false

    @Option(help: "The registry the images are served from: google (Artifact Registry) or docker (a Docker Registry V2 with token auth).")
    var source: DemoRegistryKind = .google

    func validate() throws {
        try DemoLaunch.checkSpeed(speed)
    }

    func run() throws {
        // Before the server starts its threads (see `onTerminationSignals`).
        LiveChildren.onTerminationSignals(queue: .main) { _ in
            DemoServerCommand.stop(status: 0, saying: "demo-server stopped")
        }
        let quiet = self.quiet
        let session: DemoSession
        do {
            session = try DemoSession(seed: seed, speed: speed, kind: source) { event in
                guard !quiet else { return }
                DemoServerCommand.write("\(event)\n")
            }
        } catch {
            throw fail("demo-server: \(error)")
        }
        Self.running.withLock { $0 = session }
        Self.write(Self.banner(session, speed: speed))
        DemoServerControl.listen(to: session.server)
        dispatchMain()
    }

    static func banner(_ session: DemoSession, speed: Double) -> String {
        let executable = CommandLine.arguments.first ?? "nubladash"
        let credentialLine = session.settings.kind == .docker
            ? "Pull secret     nublado/pull-secret (the Kubernetes API above serves it)"
            : "Registry token  export GOOGLE_OAUTH_ACCESS_TOKEN=\(session.registryToken)"
        let pace = speed == speed.rounded() && speed < 1e9 ? String(Int(speed)) : String(speed)
        return """
            nubladash demo server: simulated time runs \(pace)× real time; ctrl-c stops it.
              Kubernetes API  \(session.server.kubernetesURL)
              kubeconfig      \(session.kubeconfigPath)
              Registry        \(session.registryEndpoint)
              \(credentialLine)
              ConfigMap       nublado/nublado-controller-config (the same as \(session.configPath))

            Try:
              kubectl --kubeconfig \(session.kubeconfigPath) get nodes
              kubectl --kubeconfig \(session.kubeconfigPath) get pods -A -l nublado.lsst.io/category
              \(session.command("snapshot", executable: executable))
              \(session.command(nil, executable: executable)) --refresh 5


            """
    }

    /// The running server, for `stop`.
    private static let running = Mutex<DemoSession?>(nil)

    /// Stops the server, removes its files (every termination signal comes here: a closed
    /// terminal or SIGQUIT must not leave the folder with its kubeconfig behind), says why (on stdout for a normal stop, on
    /// stderr for a failure) and exits.
    static func stop(status: Int32, saying message: String) -> Never {
        running.withLock { $0 }?.stop()
        if status == 0 {
            try? Output.printLine(message)
        } else {
            Output.printError(message)
        }
        Foundation.exit(status)
    }

    /// Writes to standard output; when that fails (a full disk, a closed pipe) the server
    /// stops: nobody can read its banner or events any more.
    static func write(_ text: String) {
        do { try Output.write(text) } catch { stop(status: 1, saying: "demo-server: \(error)") }
    }
}

/// `demo-server`'s commands on standard input: outages when the user (or a test) says.
enum DemoServerControl {
    /// What a line of standard input asks for.
    enum Command: String, CaseIterable {
        case outage
        case recover

        /// The acknowledgement printed once it is done.
        var acknowledgement: String {
            switch self {
            case .outage: "outage: the registry and the Kubernetes API answer 503 until recover"
            case .recover: "recovered: the registry and the Kubernetes API answer again"
            }
        }
    }

    /// Reads commands on a thread of its own until standard input ends (the server runs on).
    /// Not from a terminal it does not own: a server started in the background (`&`) would be
    /// stopped by the read.
    static func listen(to server: StandInServer) {
        guard isatty(STDIN_FILENO) == 0 || tcgetpgrp(STDIN_FILENO) == getpgrp() else { return }
        let reader = Thread {
            while let line = readLine() {
                let word = line.trimmingCharacters(in: .whitespaces)
                guard !word.isEmpty else { continue }
                guard let command = Command(rawValue: word) else {
                    let known = Command.allCases.map(\.rawValue).joined(separator: ", ")
                    Output.printError("demo-server: unknown command '\(word)' (there are \(known))")
                    continue
                }
                switch command {
                case .outage: DemoOutage.begin(on: server)
                case .recover: DemoOutage.end(on: server)
                }
                DemoServerCommand.write(command.acknowledgement + "\n")
            }
        }
        reader.name = "demo-server-commands"
        reader.start()
    }
}
