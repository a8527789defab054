import ArgumentParser
import Foundation
import NubladaClients

/// The options that say which cluster and registry to read; shared by every command.
struct ClusterOptions: ParsableArguments {
    @Option(name: .long, help: "The controller's configuration YAML, or a Phalanx values file.")
    var config: String

    @Option(name: .long, help: "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else in-cluster).")
    var kubeconfig: String?

    @Option(name: .long, help: "Kubeconfig context (default: its current-context).")
    var context: String?

    @Option(name: .customLong("gar-endpoint"), help: "Artifact Registry base URL.")
    var garEndpoint: String?

    func makeRefresher() throws -> ClusterRefresher {
        try ClusterRefresher.make(configPath: config, kubeconfig: kubeconfig, context: context, garEndpoint: garEndpoint)
    }
}

/// Prints one line on stderr and exits non-zero: the way every command fails.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("nubladash: \(message)\n".utf8))
    return ExitCode.failure
}
