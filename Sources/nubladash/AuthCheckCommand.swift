import ArgumentParser
import Foundation
import NubladaClients
import NubladaProcess

/// `nubladash auth-check`: which credentials each side would use, and whether one small call
/// with them succeeds. What to run when the dashboard shows 401. Never prints a secret.
struct AuthCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth-check",
        abstract: "Show which credentials the registry and Kubernetes sides use and try one small call with each.",
        discussion: """
            Lists one registry page (pageSize=1), one node (limit=1) and one of the controller's \
            pods in all namespaces (limit=1). Exits 0 when the registry and node checks succeed, \
            1 otherwise; a failed pods check (no permission to list pods) is only a warning, as \
            the dashboard and snapshot work without pod activity. Secrets (tokens, keys, \
            passwords) are never printed.
            """)

    @OptionGroup var cluster: ClusterOptions<Refused>

    func validate() throws {
        if cluster.demo {
            throw ValidationError("auth-check checks real credentials; the demo needs none (drop --demo)")
        }
        if cluster.contexts != nil {
            throw ValidationError("auth-check checks one context: give it with --context NAME (not --contexts)")
        }
    }

    func run() throws {
        LiveChildren.exitOnTerminationSignals()
        let report: AuthCheckReport
        do {
            report = try AuthCheck.run(configPath: cluster.configFile, kubeconfig: cluster.kubeconfig, context: cluster.context,
                                       registryEndpoint: cluster.registryEndpoint, dockerConfig: cluster.dockerConfig,
                                       controllerNamespace: cluster.controllerNamespace,
                                       clusterSecrets: !cluster.noClusterSecrets, helperTimeout: cluster.helperTimeout) { try Output.printLine($0.text) }
            try Output.printLine(report.verdict)
        } catch {
            throw fail("\(error)")
        }
        if !report.ok { throw ExitCode.failure }
    }
}
