/// A namespaced Kubernetes object, by name: how nubladash names the controller's ConfigMap and
/// pull secret in requests and messages (`nublado/nublado-controller-config`).
public struct KubernetesObjectName: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public var description: String { "\(namespace)/\(name)" }
}
