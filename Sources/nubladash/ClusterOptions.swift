import ArgumentParser
import Foundation
import NubladaClients
import NubladaEngine
import NubladaStandIn

/// The options that say which cluster and registry to read; shared by every command.
struct ClusterOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The controller's configuration YAML, or a Phalanx values file (default: the controller's ConfigMap nublado-controller-config in the cluster; not with --demo).")
    var configFile: String?

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

    @Option(name: .customLong("environments"),
            help: "A YAML file of environments to watch together (default without --config: $XDG_CONFIG_HOME/nubladash/environments.yaml, else ~/.config/nubladash/environments.yaml, when it exists).")
    var environmentsOption: String?

    @Option(name: .customLong("contexts"),
            help: "Kubeconfig contexts to watch together, separated by commas: each an environment named after it, its configuration the controller's ConfigMap in its cluster (no environments file).",
            transform: ContextsOption.parse)
    var contexts: [String]?

    /// `--environments`, else the default environments file when no `--config` (nor `--demo`,
    /// nor `--contexts`) is given and it exists.
    var environmentsFile: String? {
        environmentsOption ?? (configFile == nil && !demo && contexts == nil ? EnvironmentsFile.defaultPath() : nil)
    }

    @Flag(name: .customLong("no-cluster-secrets"),
          help: "Never read the controller's pull secret from the cluster (otherwise used for a Docker registry that asks for credentials no local Docker config has).")
    var noClusterSecrets = false

    @Flag(help: "Read a simulated registry and cluster that live on loopback instead (no credentials needed).")
    var demo = false

    @Option(name: .customLong("demo-speed"), help: "With --demo: simulated seconds per real second (1 = real time).")
    var demoSpeed: Double = DemoLaunch.defaultSpeed

    @Option(name: .customLong("source"), help: "With --demo: serve the images from google (Artifact Registry) or docker (a Docker registry).")
    var demoSource: DemoRegistryKind?

    func validate() throws {
        try ContextsOption.validate(self)
        try DemoLaunch.validate(self)
    }

    /// The dashboard's refresher: with the configuration from the cluster (no `--config`), it
    /// follows the ConfigMap's changes.
    func makeDashboardRefresher() throws -> FollowingRefresher {
        .following(try makeRefresher(), registryEndpoint: registryEndpoint, dockerConfig: dockerConfig,
                   clusterSecrets: !noClusterSecrets)
    }

    func makeRefresher() throws -> ClusterRefresher {
        if demo {
            return try DemoLaunch.refresher(speed: demoSpeed, kind: demoSource ?? .google, controllerNamespace: controllerNamespace)
        }
        return try ClusterRefresher.make(configPath: configFile, kubeconfig: kubeconfig, context: context,
                                         registryEndpoint: registryEndpoint, dockerConfig: dockerConfig,
                                         controllerNamespace: controllerNamespace, clusterSecrets: !noClusterSecrets)
    }
}

/// Prints one line on stderr and exits non-zero: the way every command fails.
func fail(_ message: String) -> ExitCode {
    Output.printError(message)
    return ExitCode.failure
}
