import Foundation
import NubladaEngine
import Synchronization

/// Follows the controller's deployed configuration: its ConfigMap, kept current by a watch.
/// Each `check()` says whether the configuration changed since the last one taken (and
/// which keys), or why the ConfigMap cannot be used now; a ConfigMap that stops parsing, or
/// goes, leaves the last good configuration in use, marked with the reason.
public final class ConfigurationFollower: Sendable {
    public enum Check: Sendable {
        case unchanged
        /// A new configuration, and its changes by key (`images.numWeeklies 2 → 4`).
        case changed(ControllerConfiguration, changes: [String])
        /// The last good configuration stays in use, for this reason (a failure of the
        /// configuration side).
        case unusable(SideFailure)
    }

    private let informer: ConfigMapInformer
    private let state: Mutex<State>

    private struct State {
        var configuration: ControllerConfiguration
        /// The resourceVersion last taken (good or not), so a broken version is parsed once.
        var version: String?
        /// Why the version last taken cannot be used.
        var problem: SideFailure?
    }

    /// - Parameter initial: the configuration read from the ConfigMap at start.
    public init(client: KubernetesClient, namespace: String, initial: ControllerConfiguration) {
        informer = ConfigMapInformer(client: client, object: DeployedConfiguration.object(namespace: namespace))
        var version: String?
        if case .configMap(_, let read) = initial.origin { version = read }
        state = Mutex(State(configuration: initial, version: version))
    }

    /// The ConfigMap as the watch has it now, against the configuration last taken.
    public func check() -> Check {
        let object = informer.object
        let configMap: KubernetesConfigMap?
        do {
            configMap = try informer.current()
        } catch {
            return .unusable(SideFailure(side: .configuration, cause: FailureCause(of: error),
                                         message: "configuration: \(error) (the last one read stays in use)"))
        }
        return state.withLock { state in
            let good = state.configuration.origin.description
            guard let configMap else {
                return .unusable(SideFailure(
                    side: .configuration, cause: FailureCause(.notFound, place: "\(object)"),
                    message: "the ConfigMap \(object) is gone; the last configuration read (\(good)) stays in use"))
            }
            if configMap.resourceVersion != nil && configMap.resourceVersion == state.version {
                return state.problem.map(Check.unusable) ?? .unchanged
            }
            state.version = configMap.resourceVersion
            let next: ControllerConfiguration
            do {
                next = try DeployedConfiguration.parse(configMap)
            } catch {
                let problem = SideFailure(
                    side: .configuration, cause: FailureCause(.configuration, place: "\(object)"),
                    message: "the ConfigMap \(object) (resourceVersion \(configMap.resourceVersion ?? "?")) cannot be used: \(error); the last good configuration (\(good)) stays in use")
                state.problem = problem
                return .unusable(problem)
            }
            state.problem = nil
            let changes = ControllerConfiguration.keyChanges(from: state.configuration, to: next).map(\.announcement)
            state.configuration = next
            return .changed(next, changes: changes)
        }
    }

    /// Ends the watch (within about a second).
    public func stop() { informer.stop() }
}
