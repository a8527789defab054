import Foundation
@testable import NubladaClients
import NubladaStandIn

/// A clock tests move by hand (seconds since the epoch, starting at the real time).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: Double

    init(offset: Double = 0) { self.offset = offset }

    var now: @Sendable () -> Double {
        { [self] in lock.withLock { Date().timeIntervalSince1970 + offset } }
    }

    func advance(_ seconds: Double) { lock.withLock { offset += seconds } }
}

/// An exec credential plugin for the tests: a shell script in a scratch folder that counts its
/// runs, records its arguments, environment and KUBERNETES_EXEC_INFO, and prints
/// `credential-<run>.json` when present, else `credential.json`.
struct TestExecPlugin {
    let directory: String
    let path: String

    init(in scratch: ScratchDirectory, name: String = "test-auth-plugin") {
        directory = "\(scratch.path)/plugin-\(UUID().uuidString.prefix(8))"
        path = "\(directory)/\(name)"
        _ = scratch.write(String(path.dropFirst(scratch.path.count + 1)), """
            #!/bin/sh
            dir="$(dirname "$0")"
            n=$(cat "$dir/runs" 2>/dev/null || echo 0)
            n=$((n + 1))
            echo "$n" > "$dir/runs"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec-info.json"
            printf '%s\\n' "$@" > "$dir/args.txt"
            printf '%s' "$PLUGIN_GREETING" > "$dir/env.txt"
            if [ -n "$PLUGIN_FAIL" ]; then echo "plugin: $PLUGIN_FAIL" >&2; exit 3; fi
            if [ -f "$dir/credential-$n.json" ]; then cat "$dir/credential-$n.json"; else cat "$dir/credential.json"; fi
            """)
        chmod(path, 0o755)
    }

    var runs: Int {
        Int((try? String(contentsOfFile: "\(directory)/runs", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }

    func file(_ name: String) -> String {
        (try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)) ?? ""
    }

    /// Sets what the plugin prints (on run `run`, or every run).
    func respond(apiVersion: String = "client.authentication.k8s.io/v1", token: String? = nil,
                 certificatePEM: String? = nil, keyPEM: String? = nil, expires: Date? = nil, run: Int? = nil) {
        var status: [String: String] = [:]
        if let token { status["token"] = token }
        if let certificatePEM { status["clientCertificateData"] = certificatePEM }
        if let keyPEM { status["clientKeyData"] = keyPEM }
        if let expires { status["expirationTimestamp"] = ISO8601DateFormatter().string(from: expires) }
        let document: [String: Any] = ["apiVersion": apiVersion, "kind": "ExecCredential", "status": status]
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        FileManager.default.createFile(atPath: "\(directory)/credential\(run.map { "-\($0)" } ?? "").json", contents: data)
    }
}

extension StandInHarness {
    /// A kubeconfig for the stand-in with `user` (YAML lines under `user:`, indented 4) and
    /// extra lines under `cluster:`.
    func kubeconfig(user: String, cluster: String = "", server: String? = nil, name: String = "kubeconfig") -> String {
        scratch.write(name, self.server.kubeconfigYAML(
            userLines: yamlLines(user), clusterLines: yamlLines(cluster), server: server))
    }

    func kubernetesClient(kubeconfig path: String, environment: [String: String] = ["PATH": "/usr/bin:/bin"]) throws
        -> KubernetesClient
    {
        KubernetesClient(connection: try KubeConfigLoader.connection(kubeconfig: path, context: nil, environment: environment))
    }

    /// A GAR client with the tokens the ADC chain finds in `environment`.
    func registry(environment: [String: String], now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 })
        throws -> (GARClient, any AccessTokenProvider)
    {
        let tokens = try GoogleCredentialChain.provider(environment: environment, now: now)
        return (GARClient(endpoint: server.registryURL, tokens: tokens, retry: StandInHarness.instantRetry), tokens)
    }
}

/// YAML text written indented 4 (as under `user:` or `cluster:`) as lines without that indent.
func yamlLines(_ text: String) -> [String] {
    text.split(separator: "\n").map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }
}

/// Lines of a PEM body long enough to be recognised if they leaked.
func pemBodyLines(_ pem: String) -> [String] {
    pem.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 40 }
}
