/// Where a controller configuration was read: a file given with `--config`, or the
/// controller's own ConfigMap in the cluster (what the deployed controller runs with).
public enum ConfigurationOrigin: Sendable, Hashable {
    case file(String)
    case configMap(KubernetesObjectName, resourceVersion: String?)

    /// The path, or `namespace/name`: how errors name it.
    public var label: String {
        switch self {
        case .file(let path): return path
        case .configMap(let object, _): return object.description
        }
    }

    /// For the dashboard's header and `auth-check`: `ConfigMap nublado/nublado-controller-config
    /// (resourceVersion 42)` or `file values-idfprod.yaml`.
    public var description: String {
        switch self {
        case .file(let path): return "file \(path)"
        case .configMap(let object, let version):
            return "ConfigMap \(object)" + (version.map { " (resourceVersion \($0))" } ?? "")
        }
    }
}
