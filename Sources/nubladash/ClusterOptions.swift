import ArgumentParser
import Foundation
import NubladaClients

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

    @Option(name: .customLong("gar-endpoint"), help: "Artifact Registry base URL.")
    var garEndpoint: String?

    @Flag(help: "Read a simulated registry and cluster that live on loopback instead (no credentials needed).")
    var demo = false

    @Option(name: .customLong("demo-speed"), help: "With --demo: simulated seconds per real second (1 = real time).")
    var demoSpeed: Double = DemoLaunch.defaultSpeed

    func validate() throws {
        try DemoLaunch.validate(self)
    }

    func makeRefresher() throws -> ClusterRefresher {
        if demo { return try DemoLaunch.refresher(speed: demoSpeed) }
        guard configFile != nil else { throw DemoLaunch.missingConfig }
        return try ClusterRefresher.make(configPath: config, kubeconfig: kubeconfig, context: context, garEndpoint: garEndpoint)
    }
}

/// Prints one line on stderr and exits non-zero: the way every command fails.
func fail(_ message: String) -> ExitCode {
    Output.printError(message)
    return ExitCode.failure
}
