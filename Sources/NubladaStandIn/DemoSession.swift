import Foundation

/// A running demo: the stand-in server on loopback, the simulator driven in real time, and
/// the files a client needs (controller configuration and kubeconfig) in a private
/// temporary folder. `stop()` ends it all and removes the folder.
public final class DemoSession: @unchecked Sendable {
    public let server: StandInServer
    public let driver: DemoDriver
    public let settings: DemoSettings
    /// The bearer token the registry side accepts (`GOOGLE_OAUTH_ACCESS_TOKEN`).
    public let registryToken: String
    /// The folder holding the files below.
    public let directory: String
    public let configPath: String
    public let kubeconfigPath: String
    /// A Docker demo's `config.json` (for `--docker-config`), holding the stand-in registry's
    /// demo credentials; nil for an Artifact Registry demo.
    public let dockerConfigPath: String?
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
        server = StandInServer(StandInConfiguration(registryToken: registryToken, kubernetesToken: kubernetesToken))
        try server.start()
        directory = NSTemporaryDirectory() + "nubladash-demo-\(ProcessInfo.processInfo.processIdentifier)-\(token(""))"
        configPath = directory + "/config.yaml"
        kubeconfigPath = directory + "/kubeconfig"
        dockerConfigPath = kind == .docker ? directory + "/docker-config.json" : nil
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
            try Data(settings.configurationYAML(speed: DemoDriver.pace(speed)).utf8).write(to: URL(fileURLWithPath: configPath))
            let kubeconfig = Self.kubeconfigYAML(for: server, token: kubernetesToken)
            guard FileManager.default.createFile(atPath: kubeconfigPath, contents: Data(kubeconfig.utf8),
                                                 attributes: [.posixPermissions: 0o600])
            else { throw StandInError.invalidDocument("cannot write \(kubeconfigPath)") }
            if let dockerConfigPath {
                let docker = server.dockerSettings
                let auth = Data("\(docker.username):\(docker.password)".utf8).base64EncodedString()
                let json = #"{"auths": {"\#(settings.prepuller.source.registry)": {"auth": "\#(auth)"}}}"#
                guard FileManager.default.createFile(atPath: dockerConfigPath, contents: Data(json.utf8),
                                                     attributes: [.posixPermissions: 0o600])
                else { throw StandInError.invalidDocument("cannot write \(dockerConfigPath)") }
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

    /// How a client gets the registry's credential: the Google token in the environment, or
    /// the Docker config file.
    public var credentialArguments: (environment: String, options: String) {
        guard let dockerConfigPath else { return ("GOOGLE_OAUTH_ACCESS_TOKEN=\(registryToken) ", "") }
        return ("", " --docker-config \(dockerConfigPath)")
    }

    /// A `nubladash snapshot` command line that reads this demo.
    public func snapshotCommand(executable: String = "nubladash") -> String {
        let credentials = credentialArguments
        return "\(credentials.environment)\(executable) snapshot --config \(configPath) "
            + "--kubeconfig \(kubeconfigPath) --registry-endpoint \(registryEndpoint)\(credentials.options)"
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
