import Foundation
import NubladaEngine

/// The Nublado controller's own objects beside it in its namespace, as Phalanx deploys them:
/// the ConfigMap `nublado-controller-config` (key `config.yaml`) and, for a Docker source, the
/// pull secret `pull-secret` (`kubernetes.io/dockerconfigjson`). Either can be absent (404)
/// or forbidden (403).
struct ControllerObjects: Sendable {
    var namespace = ActivitySettings.defaultControllerNamespace.name
    /// The ConfigMap's `config.yaml`; nil: no ConfigMap.
    var configYAML: String?
    /// Moves on each time the configuration is replaced.
    var configVersion = 1
    /// The pull secret's `.dockerconfigjson`; nil: no Secret.
    var pullSecret: Data?
    var configMapsForbidden = false
    var secretsForbidden = false

    static let configMapName = "nublado-controller-config"
    static let pullSecretName = "pull-secret"

    /// The namespaces that exist: the controller's and the ones every cluster has.
    var namespaces: [String] { [namespace, "default", "kube-system"] }

    /// The ConfigMap as JSON, its `metadata.resourceVersion` the configuration's version; nil
    /// when there is none.
    var configMapJSON: [UInt8]? {
        guard let configYAML else { return nil }
        var writer = JSONWriter()
        writer.raw(#"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"#)
        writer.field("name", Self.configMapName, first: true)
        writer.field("namespace", namespace)
        writer.field("resourceVersion", String(configVersion))
        writer.raw("},\"data\":{")
        writer.field("config.yaml", configYAML, first: true)
        writer.raw("}}")
        return writer.bytes
    }

    /// `GET …/configmaps?fieldSelector=metadata.name=…`: a ConfigMapList of the controller's
    /// ConfigMap (when the selector names it, or there is none), at the configuration's version.
    func configMapList(query: [String: String]) -> StandInReply {
        if configMapsForbidden { return Self.forbidden("configmaps", namespace) }
        let wanted = query["fieldSelector"].map { $0 == "metadata.name=\(Self.configMapName)" } ?? true
        var writer = JSONWriter()
        writer.raw(#"{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"#)
        writer.field("resourceVersion", String(configVersion), first: true)
        writer.raw(#"},"items":["#)
        if wanted, let object = configMapJSON { writer.raw(object) }
        writer.raw("]}")
        return .json(writer.bytes)
    }

    /// The path of the controller namespace's ConfigMaps (list and watch).
    var configMapsPath: String { "/api/v1/namespaces/\(namespace)/configmaps" }

    /// The answer to a GET of `path`, or nil when the path is not one of these objects (or a namespace).
    func answer(path: String) -> StandInReply? {
        if path.hasPrefix("/api/v1/namespaces/"), case let name = String(path.dropFirst("/api/v1/namespaces/".count)),
           !name.contains("/") {
            guard namespaces.contains(name) else {
                return .json(ErrorBodies.kubernetes(404, message: #"namespaces "\#(name)" not found"#, details: (name, "namespaces")),
                             status: 404)
            }
            var writer = JSONWriter()
            writer.raw(#"{"kind":"Namespace","apiVersion":"v1","metadata":{"#)
            writer.field("name", name, first: true)
            writer.raw(#"},"status":{"phase":"Active"}}"#)
            return .json(writer.bytes)
        }
        let prefix = "/api/v1/namespaces/\(namespace)/"
        guard path.hasPrefix(prefix) else { return nil }
        switch String(path.dropFirst(prefix.count)) {
        case "configmaps/\(Self.configMapName)":
            if configMapsForbidden { return Self.forbidden("configmaps", namespace) }
            guard let object = configMapJSON else { return Self.notFound("configmaps", Self.configMapName) }
            return .json(object)
        case "secrets/\(Self.pullSecretName)":
            if secretsForbidden { return Self.forbidden("secrets", namespace) }
            guard let pullSecret else { return Self.notFound("secrets", Self.pullSecretName) }
            var writer = JSONWriter()
            writer.raw(#"{"kind":"Secret","apiVersion":"v1","type":"kubernetes.io/dockerconfigjson","metadata":{"#)
            writer.field("name", Self.pullSecretName, first: true)
            writer.field("namespace", namespace)
            writer.raw("},\"data\":{")
            writer.field(".dockerconfigjson", pullSecret.base64EncodedString(), first: true)
            writer.raw("}}")
            return .json(writer.bytes)
        default:
            return nil
        }
    }

    static func forbidden(_ resource: String, _ namespace: String) -> StandInReply {
        let message = #"\#(resource) is forbidden: User "nubladash" cannot get resource "\#(resource)" in API group "" in the namespace "\#(namespace)""#
        return .json(ErrorBodies.kubernetes(403, message: message), status: 403)
    }

    private static func notFound(_ resource: String, _ name: String) -> StandInReply {
        .json(ErrorBodies.kubernetes(404, message: #"\#(resource) "\#(name)" not found"#, details: (name, resource)), status: 404)
    }
}

/// The controller's ConfigMap as a watch feed: the stand-in keeps only its current state, so
/// a watch from an older version gets one MODIFIED event with it (what a client needs to
/// follow a change), and none when it is gone.
struct ConfigMapFeed: WatchFeed {
    var kind: String { "ConfigMap" }

    func versions(_ state: StandInState) -> (horizon: Int, current: Int) { (0, state.controllerObjects.configVersion) }

    func initial(_ state: StandInState, selector: LabelSelector) -> [[UInt8]] {
        state.controllerObjects.configMapJSON.map { [$0] } ?? []
    }

    func events(_ state: StandInState, after version: Int, selector: LabelSelector) -> [(type: String, object: [UInt8])]? {
        guard state.controllerObjects.configVersion > version, let object = state.controllerObjects.configMapJSON else { return [] }
        return [("MODIFIED", object)]
    }
}
