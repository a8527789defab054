import Foundation

/// The pull secret the Nublado controller pulls with, in its cluster: the Secret `pull-secret`
/// (type `kubernetes.io/dockerconfigjson`, key `.dockerconfigjson`) beside the controller.
/// Asked only when no local Docker credential has an entry for the registry, and only once the
/// registry asks for credentials; what it holds stays in memory (never written, printed or
/// put in a message).
public struct ClusterPullSecret: Sendable {
    public static let name = "pull-secret"
    public static let key = ".dockerconfigjson"

    public let object: KubernetesObjectName
    private let read: @Sendable () throws -> [String: Data]?

    public init(client: KubernetesClient, namespace: String) {
        let object = KubernetesObjectName(namespace: namespace, name: ClusterPullSecret.name)
        self.object = object
        read = { try client.secretData(object) }
    }

    /// How credentials from it are described: `cluster secret nublado/pull-secret`.
    public var label: String { "cluster secret \(object)" }

    /// Its Docker config, or nil when the Secret does not exist. A forbidden read, a missing
    /// key or malformed content is an error naming the Secret (never its content).
    func configFile() throws -> DockerConfigFile? {
        guard let data = try read() else { return nil }
        guard let config = data[ClusterPullSecret.key] else {
            throw CredentialError("\(label) has no \(ClusterPullSecret.key) key (is it of type kubernetes.io/dockerconfigjson?)")
        }
        return try DockerConfigFile.parse(config, path: label)
    }
}
