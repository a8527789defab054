import ArgumentParser
import Foundation
import NubladaClients
import NubladaEngine
import NubladaProcess

/// `nubladash diff --config FILE`: what a configuration change would do, against what the
/// cluster runs now (the controller's ConfigMap), on the live registry and nodes. Exits as
/// `kubectl diff` does, so a review pipeline can tell "no effect" from "changes" from trouble.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Preview a configuration change against the controller's ConfigMap: keys, prepull set, menu, node pulls.",
        discussion: """
            Compares the configuration in --config FILE (a controller configuration or a Phalanx \
            values file) with the one the cluster runs (the ConfigMap nublado-controller-config \
            in --controller-namespace), then evaluates both on the live registry and nodes. Exits \
            0 when the prepull set and the menu stay the same, 1 when they differ, 2 when \
            something cannot be read (one line on stderr). See docs/diff.md.
            """)

    @OptionGroup var cluster: ClusterOptions<Refused>

    @Option(help: "text (a readable report) or json (for scripts; see docs/diff.md).")
    var format: SnapshotCommand.Format = .text

    /// Trouble, as `kubectl diff` says it: anything above 1.
    static let trouble = ExitCode(2)

    func validate() throws {
        if cluster.demo {
            throw ValidationError("diff compares a file with a real cluster's configuration (drop --demo)")
        }
        if cluster.contexts != nil {
            throw ValidationError("diff compares with one context: give it with --context NAME (not --contexts)")
        }
        if cluster.environmentsOption != nil {
            throw ValidationError("diff reads one cluster (drop --environments)")
        }
        if cluster.configFile == nil {
            throw ValidationError("diff needs --config FILE: the configuration to compare with the cluster's")
        }
    }

    func run() throws {
        LiveChildren.exitOnTerminationSignals()
        let preview: ConfigurationPreview
        do {
            preview = try ConfigurationPreview.read(
                proposedPath: cluster.configFile ?? "", kubeconfig: cluster.kubeconfig, context: cluster.context,
                registryEndpoint: cluster.registryEndpoint, dockerConfig: cluster.dockerConfig,
                controllerNamespace: cluster.controllerNamespace, clusterSecrets: !cluster.noClusterSecrets,
                helperTimeout: cluster.helperTimeout)
        } catch {
            Output.printError("\(error)")
            throw Self.trouble
        }
        do {
            switch format {
            case .json: try Output.printLine(DiffReport(preview: preview).json)
            case .text: try Output.printLine(DiffReport(preview: preview).text)
            }
        } catch {
            Output.printError("\(error)")
            throw Self.trouble
        }
        if !preview.change.isEmpty { throw ExitCode.failure }
    }
}
