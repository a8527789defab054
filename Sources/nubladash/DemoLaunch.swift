import ArgumentParser
import Foundation
import NubladaClients
import NubladaDemo
import NubladaEngine
import Synchronization

/// `--demo`: starts the simulated registry and cluster in this process and builds the real
/// clients on it as on a real cluster: from a kubeconfig written for the purpose (then removed:
/// the clients hold what they read), the configuration read from the controller's ConfigMap and
/// a Docker world's credentials from its pull secret.
enum DemoLaunch {
    /// Simulated seconds per real second by default: a simulated hour a minute, so pulls
    /// finish within seconds and the first day's script plays out in a few minutes.
    static let defaultSpeed = 60.0

    /// The running demos (one, or the overview's four), kept for the life of the process.
    private static let sessions = Mutex<[DemoSession]>([])

    /// The checks `ClusterOptions.validate()` makes.
    static func validate(_ options: ClusterOptions<some OptionListing>) throws {
        guard options.demo else {
            try EnvironmentsOption.validate(options)
            if options.demoSource != nil { throw ValidationError("--source goes with --demo (a configuration names its own source)") }
            return
        }
        if options.configFile != nil || options.environmentsOption != nil || options.kubeconfig != nil || options.context != nil || options.registryEndpoint != nil
            || options.dockerConfig != nil {
            throw ValidationError("--demo brings its own cluster: drop --config, --environments, --kubeconfig, --context, --registry-endpoint and --docker-config")
        }
        try checkSpeed(options.demoSpeed)
    }

    /// `--demo-speed`, for `--demo` and `demo-server`: within `DemoDriver.speeds`.
    static func checkSpeed(_ speed: Double) throws {
        guard DemoDriver.speeds.contains(speed) else {
            let range = DemoDriver.speeds
            throw ValidationError("--demo-speed must be a number from \(range.lowerBound) to \(Int(range.upperBound)) (simulated seconds per real second)")
        }
    }

    /// Starts the demo and returns a refresher reading it through the production code path.
    static func refresher(speed: Double, seed: UInt64 = 1, kind: DemoRegistryKind = .google, cycle: Int? = nil,
                          controllerNamespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace,
                          outages: Bool = false) throws -> ClusterRefresher {
        let demo = try DemoSession(seed: seed, speed: speed, kind: kind, cycle: cycle)
        if outages { DemoOutage.schedule(on: demo.server) }
        var environment = ProcessInfo.processInfo.environment.merging(demo.clientEnvironment) { $1 }
        environment["KUBECONFIG"] = nil
        defer { demo.removeFiles() }
        do {
            let refresher = try ClusterRefresher.make(
                configPath: nil, kubeconfig: demo.kubeconfigPath, context: nil,
                registryEndpoint: demo.registryEndpoint, dockerConfig: nil,
                controllerNamespace: controllerNamespace, environment: environment)
            // The Docker credential is read on first use: read it now, its file goes next.
            _ = (refresher.registry as? DockerRegistryClient)?.describeCredential()
            sessions.withLock { $0.append(demo) }
            return refresher
        } catch {
            demo.stop()
            throw error
        }
    }
}

extension DemoRegistryKind: ExpressibleByArgument {}
