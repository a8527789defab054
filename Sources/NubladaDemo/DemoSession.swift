import Foundation
import NubladaStandIn

/// A running demo: the stand-in server on loopback, the simulator driven in real time, and
/// the files a client needs (kubeconfig, and the controller configuration as an example of a
/// file) in a private temporary folder. Like a real deployment, the Kubernetes API serves the
/// controller's ConfigMap and, for a Docker world, its pull secret: a client reads them from
/// there. `stop()` ends it all and removes the folder.
public final class DemoSession: Sendable {
    public let server: StandInServer
    public let driver: DemoDriver
    public let settings: DemoSettings
    /// The bearer token the registry side accepts (`GOOGLE_OAUTH_ACCESS_TOKEN`).
    public let registryToken: String
    /// The folder holding the files below.
    public let directory: String
    public let configPath: String
    public let kubeconfigPath: String
    private let stopped = Locked(false)

    /// The kubeconfig's context and cluster names.
    public static let contextName = "nubladash-demo"
    public static let clusterName = "gke_rubin-demo_us-central1_science-platform"

    /// Starts the server and the world.
    /// - Parameters:
    ///   - speed: simulated seconds per real second.
    ///   - start: the simulated start (default: ``DemoSettings/startTime(near:)`` of now).
    ///   - onEvent: called for each event of the world as it is served.
    ///   - cycle: keep only this SAL cycle, as the summit does (see ``DemoSettings``).
    public init(seed: UInt64 = 1, speed: Double, start: Double? = nil, kind: DemoRegistryKind = .google, cycle: Int? = nil,
                onEvent: (@Sendable (DemoEvent) -> Void)? = nil) throws {
        settings = DemoSettings(seed: seed, start: start ?? DemoSettings.startTime(near: Date().timeIntervalSince1970),
                                kind: kind, cycle: cycle)
        var random = SystemRandomNumberGenerator()
        func token(_ prefix: String) -> String { prefix + String(random.next(), radix: 16) + String(random.next(), radix: 16) }
        registryToken = token("demo-gar-")
        let kubernetesToken = token("demo-kube-")
        server = StandInServer(configuration: StandInConfiguration(registryToken: registryToken, kubernetesToken: kubernetesToken),
                               filters: [DemoFailures(), DemoLoopbackAccess()])
        try server.start()
        directory = NSTemporaryDirectory() + "nubladash-demo-\(ProcessInfo.processInfo.processIdentifier)-\(token(""))"
        configPath = directory + "/config.yaml"
        kubeconfigPath = directory + "/kubeconfig"
        if kind == .docker {
            var docker = server.dockerSettings
            docker.username = "demo"
            docker.password = token("demo-docker-")
            docker.allowAnonymous = false
            server.dockerSettings = docker
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let configuration = settings.configurationYAML(speed: DemoDriver.pace(speed))
            server.controllerConfig = configuration
            try Data(configuration.utf8).write(to: URL(fileURLWithPath: configPath))
            let kubeconfig = Self.kubeconfigYAML(for: server, token: kubernetesToken)
            guard FileManager.default.createFile(atPath: kubeconfigPath, contents: Data(kubeconfig.utf8),
                                                 attributes: [.posixPermissions: 0o600])
            else { throw StandInError.invalidDocument("cannot write \(kubeconfigPath)") }
            if kind == .docker {
                // The registry's credentials only as the controller has them: its pull secret.
                let docker = server.dockerSettings
                let auth = Data("\(docker.username):\(docker.password)".utf8).base64EncodedString()
                server.pullSecret = Data(#"{"auths": {"\#(settings.prepuller.source.registry)": {"auth": "\#(auth)"}}}"#.utf8)
            }
        } catch {
            server.stop()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        driver = DemoDriver(world: DemoSimulator(settings), server: server, speed: speed, onEvent: onEvent)
        driver.start()
    }

    deinit { stop() }

    /// The registry endpoint (`--registry-endpoint`).
    public var registryEndpoint: String { server.registryURL }

    /// What a client's environment needs for the registry: the Google token, or for a Docker
    /// world a `DOCKER_CONFIG` with no `config.json` (so that a Docker login of the machine's
    /// does not stand in for the cluster's pull secret).
    public var clientEnvironment: [String: String] {
        settings.kind == .docker ? ["DOCKER_CONFIG": directory] : ["GOOGLE_OAUTH_ACCESS_TOKEN": registryToken]
    }

    /// A `nubladash` command line that reads this demo (`snapshot`, or none for the dashboard):
    /// the configuration from the ConfigMap, as on a real cluster.
    public func command(_ subcommand: String?, executable: String = "nubladash") -> String {
        let environment = clientEnvironment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value) " }.joined()
        return "\(environment)\(executable)\(subcommand.map { " \($0)" } ?? "") "
            + "--kubeconfig \(kubeconfigPath) --registry-endpoint \(registryEndpoint)"
    }

    /// Removes the files (clients already built keep working).
    public func removeFiles() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops the clock and the server and removes the files. Idempotent.
    public func stop() {
        let first = stopped.withLock { stopped -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        driver.stop()
        server.stop()
        removeFiles()
    }

    /// The demo's kubeconfig for `server`: its cluster, the admin user with a bearer token.
    public static func kubeconfigYAML(for server: StandInServer, token: String) -> String {
        server.kubeconfigYAML(userLines: ["token: \(token)"], contextName: contextName, clusterName: clusterName,
                              userName: "demo-admin")
    }
}
