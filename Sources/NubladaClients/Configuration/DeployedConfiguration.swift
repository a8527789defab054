/// The configuration the Nublado controller runs with, read from its cluster: Phalanx renders
/// it (chart defaults included) into the ConfigMap `nublado-controller-config`, key
/// `config.yaml`, in the controller's namespace. Read with the same parser and the same
/// one-line errors as a file, naming the ConfigMap instead of a path.
public enum DeployedConfiguration {
    public static let configMapName = "nublado-controller-config"
    public static let key = "config.yaml"

    /// The ConfigMap's name in `namespace`.
    public static func object(namespace: String) -> KubernetesObjectName {
        KubernetesObjectName(namespace: namespace, name: configMapName)
    }

    /// Reads and parses the ConfigMap through `client`. Errors: not found (with what to do),
    /// forbidden (with the permission), no `config.yaml` key, or the parser's own.
    public static func read(from client: KubernetesClient, namespace: String) throws -> ControllerConfiguration {
        let object = object(namespace: namespace)
        let context = client.connection.contextName
        let found: KubernetesConfigMap?
        do {
            found = try client.configMap(object)
        } catch let error as KubernetesError where error.status == 403 {
            throw KubernetesError(description: "\(error) (or give the configuration with --config FILE)", status: 403,
                                  place: "\(object)", serverMessage: error.cause.serverMessage)
        }
        guard let configMap = found else {
            if try client.namespaceExists(namespace) == false {
                throw ConfigError("namespace \(namespace) does not exist in context \(context); use --controller-namespace NAME (where the Nublado controller runs) or --config FILE")
            }
            throw ConfigError("no Nublado controller configuration \(object) in context \(context); is Nublado installed here? use --controller-namespace or --config FILE")
        }
        return try parse(configMap)
    }

    /// The configuration in a ConfigMap as read.
    public static func parse(_ configMap: KubernetesConfigMap) throws -> ControllerConfiguration {
        let label = configMap.object.description
        guard let text = configMap.data[key] else {
            let keys = configMap.data.keys.sorted().prefix(5).joined(separator: ", ")
            throw ConfigError("the ConfigMap \(label) has no \(key) key (it has: \(keys.isEmpty ? "none" : keys))")
        }
        var configuration = try ControllerConfiguration.parse(ConfigNode.parse(yaml: text, file: label, fileName: label))
        configuration.origin = .configMap(configMap.object, resourceVersion: configMap.resourceVersion)
        return configuration
    }
}
