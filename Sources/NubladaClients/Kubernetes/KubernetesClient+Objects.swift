import Foundation

/// A ConfigMap as nubladash reads it: its text entries and the version they were read at.
public struct KubernetesConfigMap: Sendable {
    public var object: KubernetesObjectName
    public var resourceVersion: String?
    public var data: [String: String]
}

extension KubernetesClient {
    /// `GET` of one ConfigMap; nil when it does not exist (404). A 403 names the permission to grant.
    public func configMap(_ object: KubernetesObjectName) throws -> KubernetesConfigMap? {
        struct Wire: Decodable {
            struct Metadata: Decodable { var resourceVersion: String? }
            var metadata: Metadata?
            var data: [String: String]?
        }
        guard let body = try namespacedObject(object, kind: "configmaps", noun: "ConfigMap") else { return nil }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: body) else {
            throw KubernetesError(description: "malformed JSON from Kubernetes \(hostLabel) for the ConfigMap \(object)", .parse, place: "\(object)")
        }
        return KubernetesConfigMap(object: object, resourceVersion: wire.metadata?.resourceVersion, data: wire.data ?? [:])
    }

    /// `GET` of one Secret's `data` member, each value decoded from base64; nil when the Secret
    /// does not exist (404). The values are secrets: they stay in memory and in no message.
    func secretData(_ object: KubernetesObjectName) throws -> [String: Data]? {
        struct Wire: Decodable { var data: [String: String]? }
        guard let body = try namespacedObject(object, kind: "secrets", noun: "Secret") else { return nil }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: body) else {
            throw KubernetesError(description: "malformed JSON from Kubernetes \(hostLabel) for the Secret \(object)", .parse, place: "\(object)")
        }
        var data: [String: Data] = [:]
        for (key, value) in wire.data ?? [:] {
            guard let decoded = Data(base64Encoded: value) else {
                throw KubernetesError(description: "the Secret \(object) at \(hostLabel): data[\"\(key)\"] is not base64", .parse, place: "\(object)")
            }
            data[key] = decoded
        }
        return data
    }

    /// Whether `namespace` exists; nil when the user may not read namespaces (most may not).
    func namespaceExists(_ namespace: String) throws -> Bool? {
        let resource = KubernetesResource(path: "/api/v1/namespaces/\(encode(namespace))", noun: "namespace \(namespace)",
                                          permission: "get namespaces", reading: "reading")
        do {
            _ = try get(resource.path, resource, newDeadline(resource))
            return true
        } catch let error as KubernetesError where error.status == 404 {
            return false
        } catch let error as KubernetesError where error.status == 403 {
            return nil
        }
    }

    private func namespacedObject(_ object: KubernetesObjectName, kind: String, noun: String) throws -> Data? {
        let resource = KubernetesResource(
            path: "/api/v1/namespaces/\(encode(object.namespace))/\(kind)/\(encode(object.name))",
            noun: "\(noun) \(object)", permission: "get \(kind) in namespace \(object.namespace)", reading: "reading")
        do {
            return try get(resource.path, resource, newDeadline(resource))
        } catch let error as KubernetesError where error.status == 404 {
            return nil
        }
    }
}
