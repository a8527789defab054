import ArgumentParser
import NubladaClients

/// The rules of `--environments`: the file names each environment's configuration,
/// kubeconfig, context and registry endpoint, so the one-environment options do not go with it.
enum EnvironmentsOption {
    static func validate(_ options: ClusterOptions<some OptionListing>) throws {
        guard options.environmentsOption != nil else { return }
        if options.configFile != nil || options.kubeconfig != nil || options.context != nil || options.registryEndpoint != nil {
            throw ValidationError("--environments names each environment's config, kubeconfig, context and registry endpoint: drop --config, --kubeconfig, --context and --registry-endpoint")
        }
    }
}

extension EnvironmentsFile {
    /// The file's environments with `--no-cluster-secrets` applied: an entry read from its
    /// cluster must not fall back on the controller's pull secret when told not to.
    func allowingClusterSecrets(_ allowed: Bool) -> EnvironmentsFile {
        var file = self
        for index in file.environments.indices { file.environments[index].clusterSecrets = allowed }
        return file
    }
}
