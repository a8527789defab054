import ArgumentParser
import Foundation
import NubladaClients

/// `--contexts a,b,c`: the overview (or `snapshot`) on these kubeconfig contexts, with no
/// environments file: each context is an environment named after it, its configuration the
/// controller's ConfigMap in its cluster. `--kubeconfig`, `--registry-endpoint`,
/// `--docker-config`, `--controller-namespace` and `--no-cluster-secrets` apply to every one.
enum ContextsOption {
    /// The list as given, read while the command line is parsed: an empty name or one given
    /// twice is a usage error (exit 64). Whether each is in the kubeconfig is that
    /// environment's own error, so the others still open.
    static func parse(_ text: String) throws -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else {
            throw ValidationError("expected kubeconfig context names separated by commas, found an empty one")
        }
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            throw ValidationError("context '\(name.prefix(60))' is given twice")
        }
        return names
    }

    /// The checks `ClusterOptions.validate()` makes: each context brings its own configuration
    /// and is its own context.
    static func validate(_ options: ClusterOptions<some OptionListing>) throws {
        guard options.contexts != nil else { return }
        if options.configFile != nil || options.environmentsOption != nil || options.context != nil || options.demo {
            throw ValidationError("--contexts reads each context's configuration from its cluster: drop --config, --environments, --context and --demo")
        }
    }

    /// The environments `--contexts` names, in its order.
    static func environments(_ options: ClusterOptions<some OptionListing>) -> EnvironmentsFile? {
        guard let contexts = options.contexts else { return nil }
        let specs = contexts.map { context in
            var spec = EnvironmentSpec(name: context, configuration: nil, kubeconfig: options.kubeconfig, context: context,
                                       registryEndpoint: options.registryEndpoint, controllerNamespace: options.controllerNamespace,
                                       clusterSecrets: !options.noClusterSecrets)
            spec.helperTimeout = options.helperTimeout
            return spec
        }
        return EnvironmentsFile(path: "--contexts", environments: specs, problems: [])
    }
}
