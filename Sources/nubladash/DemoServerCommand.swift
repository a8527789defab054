import ArgumentParser
import Dispatch
import Foundation
import NubladaStandIn

/// `nubladash demo-server`: the demo's simulated Artifact Registry and Kubernetes API alone,
/// until ctrl-c, for `snapshot`, `kubectl` or any other client.
struct DemoServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-server",
        abstract: "Run the demo's simulated registry and cluster on loopback until ctrl-c.",
        discussion: """
            Prints a kubeconfig path, the registry endpoint and its token, and ready command \
            lines; then one line per event of the simulated world (unless --quiet).
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
        guard speed > 0, speed.isFinite else { throw ValidationError("--demo-speed must be a positive number") }
    }

    func run() throws {
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
        Self.write(Self.banner(session, speed: speed))
        Self.stopOnSignals(session)
        dispatchMain()
    }

    static func banner(_ session: DemoSession, speed: Double) -> String {
        let executable = CommandLine.arguments.first ?? "nubladash"
        let credentials = session.credentialArguments
        let credentialLine = session.dockerConfigPath.map { "Docker config   \($0)" }
            ?? "Registry token  export GOOGLE_OAUTH_ACCESS_TOKEN=\(session.registryToken)"
        let pace = speed == speed.rounded() && speed < 1e9 ? String(Int(speed)) : String(speed)
        return """
            nubladash demo server: simulated time runs \(pace)× real time; ctrl-c stops it.
              Kubernetes API  \(session.server.kubernetesURL)
              kubeconfig      \(session.kubeconfigPath)
              Registry        \(session.registryEndpoint)
              \(credentialLine)
              Configuration   \(session.configPath)

            Try:
              kubectl --kubeconfig \(session.kubeconfigPath) get nodes
              \(session.snapshotCommand(executable: executable))
              \(credentials.environment)\(executable) --config \(session.configPath) --kubeconfig \(session.kubeconfigPath) --registry-endpoint \(session.registryEndpoint)\(credentials.options) --refresh 5


            """
    }

    /// SIGINT and SIGTERM stop the server, remove its files and exit 0.
    private static func stopOnSignals(_ session: DemoSession) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler {
                session.stop()
                DemoServerCommand.write("demo-server stopped\n")
                Foundation.exit(0)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
