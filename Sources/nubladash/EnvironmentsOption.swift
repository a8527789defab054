import ArgumentParser

/// The rules of `--environments`: the file names each environment's configuration,
/// kubeconfig, context and registry endpoint, so the one-environment options do not go with it.
enum EnvironmentsOption {
    static func validate(_ options: ClusterOptions) throws {
        guard options.environmentsOption != nil else { return }
        if options.configFile != nil || options.kubeconfig != nil || options.context != nil || options.registryEndpoint != nil {
            throw ValidationError("--environments names each environment's config, kubeconfig, context and registry endpoint: drop --config, --kubeconfig, --context and --registry-endpoint")
        }
    }
}
