import Foundation

/// The controller's ConfigMap and pull secret the stand-in serves, and their 403 switches.
extension StandInServer {
    /// The ConfigMap's `config.yaml` (nil: no ConfigMap); each change moves its resourceVersion
    /// and is a MODIFIED event to its watches (as `kubectl apply` or an Argo CD sync makes it).
    public var controllerConfig: String? {
        get { state.withLock { $0.controllerObjects.configYAML } }
        set {
            ring(state.withLock {
                $0.controllerObjects.configYAML = newValue
                $0.controllerObjects.configVersion += 1
                return $0.watch.watchers
            })
        }
    }

    /// The pull secret's `.dockerconfigjson` (nil: no Secret).
    public var pullSecret: Data? {
        get { state.withLock { $0.controllerObjects.pullSecret } }
        set { state.withLock { $0.controllerObjects.pullSecret = newValue } }
    }

    /// Whether reading ConfigMaps is answered 403.
    public var configMapsForbidden: Bool {
        get { state.withLock { $0.controllerObjects.configMapsForbidden } }
        set { state.withLock { $0.controllerObjects.configMapsForbidden = newValue } }
    }

    /// Whether reading Secrets is answered 403.
    public var secretsForbidden: Bool {
        get { state.withLock { $0.controllerObjects.secretsForbidden } }
        set { state.withLock { $0.controllerObjects.secretsForbidden = newValue } }
    }
}
