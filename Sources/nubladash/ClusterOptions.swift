import ArgumentParser
import Foundation
import NubladaClients
import NubladaDemo
import NubladaEngine

/// What a command reads: one cluster (every command), several environments or the demo (the
/// dashboard and `snapshot`), and the checks of their combinations. `Listing` says whether the
/// command takes the environments and demo options (``Listed``) or refuses them (``Refused``:
/// still parsed, so that it can say why, but not in its `--help`).
struct ClusterOptions<Listing: OptionListing>: ParsableArguments {
    @OptionGroup var one: SingleClusterOptions
    @OptionGroup var several: EnvironmentsOptions<Listing>
    @OptionGroup var demoOptions: DemoOptions<Listing>

    var configFile: String? { one.configFile }
    var kubeconfig: String? { one.kubeconfig }
    var context: String? { one.context }
    var registryEndpoint: String? { one.registryEndpoint }
    var dockerConfig: String? { one.dockerConfig }
    var controllerNamespace: ControllerNamespace { one.controllerNamespace }
    var noClusterSecrets: Bool { one.noClusterSecrets }
    var helperTimeout: HelperTimeout { one.helperTimeout }
    var environmentsOption: String? { several.environmentsOption }
    var contexts: [String]? { several.contexts }
    var demo: Bool { demoOptions.demo }
    var demoSpeed: Double { demoOptions.demoSpeed }
    var demoSource: DemoRegistryKind? { demoOptions.demoSource }

    /// `--environments`, else the default environments file when no `--config` (nor `--demo`,
    /// nor `--contexts`) is given and it exists.
    var environmentsFile: String? {
        environmentsOption ?? (configFile == nil && !demo && contexts == nil ? EnvironmentsFile.defaultPath() : nil)
    }

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
                                         controllerNamespace: controllerNamespace, clusterSecrets: !noClusterSecrets,
                                         helperTimeout: helperTimeout)
    }
}

/// Prints one line on stderr and exits non-zero: the way every command fails.
func fail(_ message: String) -> ExitCode {
    Output.printError(message)
    return ExitCode.failure
}

/// Whether a command takes an option group (it is in its `--help`) or refuses it.
protocol OptionListing {
    static var visibility: ArgumentVisibility { get }
}

/// The command takes these options.
enum Listed: OptionListing {
    static let visibility = ArgumentVisibility.default
}

/// The command refuses these options: they are parsed only so that it can say why, with a
/// line of its own, and its `--help` does not list them.
enum Refused: OptionListing {
    static let visibility = ArgumentVisibility.private
}

/// Which one cluster and registry to read: the options every command takes.
struct SingleClusterOptions: ParsableArguments {
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
    var controllerNamespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace

    @Flag(name: .customLong("no-cluster-secrets"),
          help: "Never read the controller's pull secret from the cluster (otherwise used for a Docker registry that asks for credentials no local Docker config has).")
    var noClusterSecrets = false

    @Option(name: .customLong("helper-timeout"),
            help: "Seconds the kubeconfig's exec plugin may run before it is stopped, at most 60 (default: 60; not for an environments file's entries).",
            transform: SingleClusterOptions.helperTimeout)
    var helperTimeout = HelperTimeout.longest

    static func helperTimeout(_ text: String) throws -> HelperTimeout {
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 60 else {
            throw ValidationError("expected seconds, more than 0 and at most 60")
        }
        return HelperTimeout(seconds)
    }
}

/// Several environments at once: an environments file, or kubeconfig contexts.
struct EnvironmentsOptions<Listing: OptionListing>: ParsableArguments {
    @Option(name: .customLong("environments"),
            help: ArgumentHelp("A YAML file of environments to watch together (default without --config: $XDG_CONFIG_HOME/nubladash/environments.yaml, else ~/.config/nubladash/environments.yaml, when it exists).",
                               visibility: Listing.visibility))
    var environmentsOption: String?

    @Option(name: .customLong("contexts"),
            help: ArgumentHelp("Kubeconfig contexts to watch together, separated by commas: each an environment named after it, its configuration the controller's ConfigMap in its cluster (no environments file).",
                               visibility: Listing.visibility),
            transform: ContextsOption.parse)
    var contexts: [String]?
}

/// The demo's simulated registry and cluster instead of a real one.
struct DemoOptions<Listing: OptionListing>: ParsableArguments {
    @Flag(help: ArgumentHelp("Read a simulated registry and cluster that live on loopback instead (no credentials needed).",
                             visibility: Listing.visibility))
    var demo = false

    @Option(name: .customLong("demo-speed"),
            help: ArgumentHelp("With --demo: simulated seconds per real second (1 = real time).", visibility: Listing.visibility))
    var demoSpeed: Double = DemoLaunch.defaultSpeed

    @Option(name: .customLong("source"),
            help: ArgumentHelp("With --demo: serve the images from google (Artifact Registry) or docker (a Docker registry).",
                               visibility: Listing.visibility))
    var demoSource: DemoRegistryKind?
}
