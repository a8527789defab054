@testable import NubladaClients
import Testing

/// The controller configuration (or Phalanx values) and the kubeconfig, read from a file as
/// `--config` and `--kubeconfig` read them.
extension FuzzTests {
    static let configurationWords = [
        "images:", "source:", "type: google", "type: docker", "location:", "projectId:", "repository:", "image:",
        "recommendedTag:", "numReleases:", "numWeeklies:", "numDailies:", "cycle:", "pin:", "aliasTags:",
        "refreshInterval:", "lab:", "nodeSelector:", "tolerations:", "operator:", "Equal", "Exists", "effect:",
        "NoSchedule", "NoExecute", "key:", "value:", "tolerationSeconds:", "dropdownMenu:", "release:", "weekly:",
        "daily:", "releaseCandidate:", "experimental:", "number:", "age:", "cutoffVersion:", "cutoffDate:",
        "cutoffBuild:", "controller:", "config:", "5m", "1w2d", "1h 30m", "25.0.0", "2026-10-15T00:00:00Z",
    ]

    @Test func controllerConfiguration() async throws {
        let file = ScratchFile("values.yaml")
        try await Self.expectClean(FuzzTarget(
            name: "controller-configuration",
            mutator: Mutator(seeds: FuzzSeeds.snapshotCases("config.yaml") + FuzzSeeds.own("values-"),
                             syntax: .yaml, words: Self.configurationWords, maximumSize: 64 * 1024),
            iterations: 600,
            parse: { input in
                file.write(input)
                return .of { _ = try ControllerConfiguration.load(path: file.path) }
            }))
    }

    static let kubeconfigWords = [
        "clusters:", "cluster:", "server:", "certificate-authority-data:", "certificate-authority:",
        "insecure-skip-tls-verify:", "tls-server-name:", "proxy-url:", "users:", "user:", "token:", "tokenFile:",
        "exec:", "apiVersion:", "command:", "args:", "env:", "interactiveMode:", "Never", "Always",
        "provideClusterInfo:", "installHint:", "client-certificate-data:", "client-key-data:", "username:",
        "password:", "auth-provider:", "contexts:", "context:", "current-context:", "name:", "extensions:",
        "extension:", "client.authentication.k8s.io/exec", "client.authentication.k8s.io/v1", "basic@prod",
        "files@prod", "legacy@prod", "anonymous@dev", "admin@dev", "- name: x",
    ]

    @Test func kubeconfig() async throws {
        let file = ScratchFile("config")
        try await Self.expectClean(FuzzTarget(
            name: "kubeconfig",
            mutator: Mutator(seeds: FuzzSeeds.own("kubeconfig-"), syntax: .yaml, words: Self.kubeconfigWords,
                             maximumSize: 64 * 1024),
            iterations: 600,
            parse: { input in
                file.write(input)
                return .of {
                    _ = try KubeConfigLoader.connection(kubeconfig: file.path, context: nil, environment: [:])
                }
            }))
    }
}
