import ArgumentParser
import Foundation
import NubladaClients
import NubladaEngine
import NubladaStandIn

/// The options that say which cluster and registry to read; shared by every command.
struct ClusterOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The controller's configuration YAML, or a Phalanx values file (not with --demo).")
    var configFile: String?

    /// The configuration file (required unless --demo, which `validate()` checks).
    var config: String { configFile ?? "" }

    @Option(name: .long, help: "Kubeconfig file (default: $KUBECONFIG, else in-cluster when KUBERNETES_SERVICE_HOST is set, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(name: .long, help: "Kubeconfig context (default: its current-context).")
    var context: String?

    @Option(name: [.customLong("registry-endpoint"), .customLong("gar-endpoint")],
            help: "Send registry requests to this base URL (image references and credentials keep the configured host).")
    var registryEndpoint: String?

    @Option(name: .customLong("docker-config"), help: "Docker config.json with registry credentials (default: $DOCKER_CONFIG/config.json, else ~/.docker/config.json).")
    var dockerConfig: String?

    @Option(name: .customLong("controller-namespace"),
            help: "The namespace the Nublado controller runs in, where its prepull pods are (default: nublado).",
            transform: ControllerNamespaceArgument.parse)
    var controllerNamespace: String = ActivitySettings.defaultControllerNamespace

    @Flag(help: "Read a simulated registry and cluster that live on loopback instead (no credentials needed).")
    var demo = false

    @Option(name: .customLong("demo-speed"), help: "With --demo: simulated seconds per real second (1 = real time).")
    var demoSpeed: Double = DemoLaunch.defaultSpeed

    @Option(name: .customLong("source"), help: "With --demo: serve the images from google (Artifact Registry) or docker (a Docker registry).")
    var demoSource: DemoRegistryKind?

    func validate() throws {
        try DemoLaunch.validate(self)
    }

    func makeRefresher() throws -> ClusterRefresher {
        if demo {
            return try DemoLaunch.refresher(speed: demoSpeed, kind: demoSource ?? .google, controllerNamespace: controllerNamespace)
        }
        guard configFile != nil else { throw DemoLaunch.missingConfig }
        return try ClusterRefresher.make(configPath: config, kubeconfig: kubeconfig, context: context,
                                         registryEndpoint: registryEndpoint, dockerConfig: dockerConfig,
                                         controllerNamespace: controllerNamespace)
    }
}

/// Prints one line on stderr and exits non-zero: the way every command fails.
func fail(_ message: String) -> ExitCode {
    Output.printError(message)
    return ExitCode.failure
}
