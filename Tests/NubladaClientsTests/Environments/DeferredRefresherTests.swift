import Foundation
import NubladaEngine
import Testing
@testable import NubladaClients

/// An environment whose configuration is its cluster's: its clients are built in its refresh
/// (reading the ConfigMap), a failure is tried again on the next refresh, and once built they are kept.
@Suite("Clients built on first refresh")
struct DeferredRefresherTests {
    @Test("a missing ConfigMap fails the build, the next try reads it, then the clients are kept")
    func buildsFromTheConfigMap() throws {
        let harness = try StandInHarness()
        let spec = EnvironmentSpec(name: "int", configuration: nil, kubeconfig: harness.kubeconfigFile(),
                                   registryEndpoint: harness.server.registryURL)
        let environment = ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token", "HOME": NSTemporaryDirectory()]
        let connection = try spec.connection(environment: environment)
        let deferred = DeferredRefresher(server: connection.server) { try spec.makeFollowingRefresher(environment: environment) }
        #expect(deferred.existing == nil && deferred.waitingOn.isEmpty, "nothing is read before the first refresh")

        let error = #expect(throws: (any Error).self) { try deferred.refresher() }
        #expect("\(error.map { "\($0)" } ?? "")".hasPrefix("no Nublado controller configuration nublado/nublado-controller-config"))
        #expect(deferred.existing == nil, "a failure is not kept: the next refresh tries again")

        harness.server.controllerConfig = try String(contentsOfFile: harness.configFile(), encoding: .utf8)
        let following = try deferred.refresher()
        defer { following.stopWatching() }
        let built = following.refresher
        #expect(built.configuration.file == DeployedConfiguration.object(namespace: "nublado").description,
                "read from the ConfigMap: \(built.configuration.origin)")
        harness.server.controllerConfig = nil
        #expect(try deferred.refresher() === following, "once built, the clients are kept (the ConfigMap is not read again)")
        #expect(deferred.existing === built)
        _ = try built.snapshot()
    }
}
