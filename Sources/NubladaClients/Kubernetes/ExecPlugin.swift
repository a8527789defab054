import Foundation
import Synchronization
import NubladaEngine

/// A kubeconfig `user.exec` entry: a credential plugin such as `gke-gcloud-auth-plugin`,
/// `aws eks get-token` or `kubelogin`, speaking `client.authentication.k8s.io/v1` or `v1beta1`.
public struct ExecPluginConfiguration: Sendable {
    public enum InteractiveMode: String, Sendable {
        case never = "Never", ifAvailable = "IfAvailable", always = "Always"
    }

    public static let supportedVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    public var apiVersion: String
    /// The command as written in the kubeconfig.
    public var command: String
    public var args: [String]
    public var env: [(name: String, value: String)]
    public var provideClusterInfo: Bool
    public var interactiveMode: InteractiveMode
    public var installHint: String?
    /// The kubeconfig's folder: a relative command with a `/` is resolved against it.
    public var directory: String

    public init(apiVersion: String, command: String, args: [String] = [], env: [(name: String, value: String)] = [],
                provideClusterInfo: Bool = false, interactiveMode: InteractiveMode = .ifAvailable,
                installHint: String? = nil, directory: String = "") {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
        self.installHint = installHint
        self.directory = directory
    }

    /// The plugin's name for messages: the command's last path component.
    public var name: String { (command as NSString).lastPathComponent }
}

/// What the API server is told about the cluster in `KUBERNETES_EXEC_INFO` when
/// `provideClusterInfo` is set.
public struct ExecClusterInfo: Sendable {
    public var server: String
    public var tlsServerName: String?
    public var insecureSkipTLSVerify: Bool
    public var certificateAuthorityData: Data?
    public var proxyURL: String?
    /// `extensions[name=client.authentication.k8s.io/exec].extension`, as JSON.
    public var configJSON: Data?

    public init(server: String, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false,
                certificateAuthorityData: Data? = nil, proxyURL: String? = nil, configJSON: Data? = nil) {
        self.server = server
        self.tlsServerName = tlsServerName
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.certificateAuthorityData = certificateAuthorityData
        self.proxyURL = proxyURL
        self.configJSON = configJSON
    }
}

/// The credential a plugin printed: a bearer token, a client certificate, or both.
public struct ExecCredential: Sendable, Equatable {
    public var token: String?
    public var clientCertificatePEM: Data?
    public var clientKeyPEM: Data?
    /// Seconds since the epoch, or nil when the plugin gave no expiry.
    public var expiry: Double?
}

/// Runs an exec credential plugin and caches what it prints until `expirationTimestamp`
/// (shortly before it); `invalidate()` (after a 401) makes the next request run it again.
/// The plugin never gets a terminal: stdin is empty and `spec.interactive` is false.
///
/// One run serves every request that needs the credential meanwhile (the nodes and the pods
/// of a refresh, a watch): they wait for it instead of each starting the plugin. A failed run
/// is remembered until `forgetFailure()` (called when a refresh starts) or `invalidate()`, so
/// a plugin that hangs costs a refresh one timeout, not one per request.
public final class ExecCredentialPlugin: Sendable {
    public let configuration: ExecPluginConfiguration
    private let cluster: ExecClusterInfo
    private let environment: [String: String]
    /// The longest one run may take.
    private let helperTimeout: HelperTimeout
    private let now: @Sendable () -> Double
    /// The credential and when to run the plugin again, or the last run's failure; held while
    /// the plugin runs, so it runs once at a time and those waiting take its outcome.
    private let cache = Mutex(Cache())

    private struct Cache {
        var credential: ExecCredential?
        var refreshAt = Double.infinity
        var failure: (any Error)?
    }
    private let runs = Atomic<Int>(0)
    /// How many times the plugin ran (for tests and auth-check).
    public var runCount: Int { runs.load(ordering: .relaxed) }

    public init(configuration: ExecPluginConfiguration, cluster: ExecClusterInfo,
                environment: [String: String] = ProcessInfo.processInfo.environment, helperTimeout: HelperTimeout = .longest,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.configuration = configuration
        self.cluster = cluster
        self.environment = environment
        self.helperTimeout = helperTimeout
        self.now = now
    }

    public var description: String { "exec plugin \(configuration.name)" }

    /// The cached credential, the remembered failure, or the outcome of running the plugin.
    public func credential() throws -> ExecCredential {
        try cache.withLock { cache in
            if let cached = cache.credential, now() < cache.refreshAt { return cached }
            if let failure = cache.failure { throw failure }
            let credential: ExecCredential
            do { credential = try run() } catch {
                cache.failure = error
                throw error
            }
            var refreshAt = Double.infinity
            if let expiry = credential.expiry {
                refreshAt = expiry - CachedToken.margin(lifetime: expiry - now())
            }
            cache = Cache(credential: credential, refreshAt: refreshAt)
            return credential
        }
    }

    /// The server refused `refused` (the credential a request carried): the next request runs
    /// the plugin again, unless another refused request has had it replaced already (requests
    /// refused at the same time then share the one new run).
    public func invalidate(refused: ExecCredential? = nil) {
        cache.withLock {
            if let refused, $0.credential != refused { return }
            $0.credential = nil
            $0.failure = nil
        }
    }

    /// A new refresh starts: a failed run may be tried again (a cached credential stays).
    public func forgetFailure() {
        cache.withLock { $0.failure = nil }
    }

    /// The executable the command names: relative paths with a `/` against the kubeconfig's
    /// folder, bare names on the PATH.
    func executable() throws -> String {
        var command = configuration.command
        if command.hasPrefix("~/") {
            command = (environment["HOME"] ?? NSHomeDirectory()) + command.dropFirst(1)
        } else if command.contains("/") && !command.hasPrefix("/") {
            command = "\(configuration.directory)/\(command)"
        }
        guard let found = ExecutableSearch.find(command, environment: environment) else {
            let hint = configuration.installHint.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .flatMap { $0.isEmpty ? nil : $0 }
                ?? "install it, or fix user.exec.command in the kubeconfig (looked on the PATH)"
            throw KubernetesError(description: "exec plugin \(configuration.command) not found: \(hint.split(separator: "\n").joined(separator: " "))", .auth)
        }
        return found
    }

    private func run() throws -> ExecCredential {
        guard ExecPluginConfiguration.supportedVersions.contains(configuration.apiVersion) else {
            throw KubernetesError(description: "\(description): apiVersion \(configuration.apiVersion) is not supported; use client.authentication.k8s.io/v1 or v1beta1 in user.exec", .auth)
        }
        if configuration.interactiveMode == .always {
            throw KubernetesError(description: "\(description) needs an interactive terminal (interactiveMode: Always), which nubladash cannot give it; log in with the plugin first (or use kubectl once), or set interactiveMode: IfAvailable", .auth)
        }
        let executable = try executable()
        var env = environment
        for item in configuration.env { env[item.name] = item.value }
        env["KUBERNETES_EXEC_INFO"] = execInfo()
        runs.add(1, ordering: .relaxed)
        let result: RunCommand.Result
        do {
            result = try RunCommand.run(executable, configuration.args, environment: env, input: nil, timeout: helperTimeout.seconds)
        } catch let error as CredentialError {
            throw KubernetesError(description: "\(description): \(error.description)", .auth)
        }
        guard result.status == 0 else {
            let why = result.errorMessage.map { ": \($0)" } ?? ""
            throw KubernetesError(description: "\(description) failed (exit \(result.status))\(why); run it by hand to log in again or see why", .auth)
        }
        return try parse(Data(result.stdout.utf8))
    }

    /// The `KUBERNETES_EXEC_INFO` document: an ExecCredential with the spec.
    func execInfo() -> String {
        var spec: [String: Any] = ["interactive": false]
        if configuration.provideClusterInfo {
            var info: [String: Any] = ["server": cluster.server]
            if let name = cluster.tlsServerName { info["tls-server-name"] = name }
            if cluster.insecureSkipTLSVerify { info["insecure-skip-tls-verify"] = true }
            if let ca = cluster.certificateAuthorityData { info["certificate-authority-data"] = ca.base64EncodedString() }
            if let proxy = cluster.proxyURL { info["proxy-url"] = proxy }
            if let json = cluster.configJSON, let config = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) {
                info["config"] = config
            }
            spec["cluster"] = info
        }
        let document: [String: Any] = ["apiVersion": configuration.apiVersion, "kind": "ExecCredential", "spec": spec]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private struct Output: Decodable {
        struct Status: Decodable {
            var token: String?
            var clientCertificateData: String?
            var clientKeyData: String?
            var expirationTimestamp: String?
        }
        var apiVersion: String?
        var kind: String?
        var status: Status?
    }

    /// Reads the plugin's output. Errors never quote it: it holds the credential.
    func parse(_ data: Data) throws -> ExecCredential {
        guard let output = try? JSONDecoder().decode(Output.self, from: data) else {
            throw KubernetesError(description: "\(description) printed no ExecCredential JSON on stdout; check the plugin and its version", .auth)
        }
        guard output.kind == "ExecCredential" else {
            throw KubernetesError(description: "\(description) printed kind \(HelperMessage.quote(output.kind ?? "")), expected ExecCredential", .auth)
        }
        guard output.apiVersion == configuration.apiVersion else {
            throw KubernetesError(description: "\(description) answered apiVersion \(HelperMessage.quote(output.apiVersion ?? "")) but the kubeconfig asks for \(configuration.apiVersion); make user.exec.apiVersion match the plugin", .auth)
        }
        guard let status = output.status else {
            throw KubernetesError(description: "\(description) printed an ExecCredential without status", .auth)
        }
        var credential = ExecCredential()
        credential.token = status.token.flatMap { $0.isEmpty ? nil : $0 }
        credential.clientCertificatePEM = status.clientCertificateData.flatMap { $0.isEmpty ? nil : Data($0.utf8) }
        credential.clientKeyPEM = status.clientKeyData.flatMap { $0.isEmpty ? nil : Data($0.utf8) }
        if (credential.clientCertificatePEM == nil) != (credential.clientKeyPEM == nil) {
            throw KubernetesError(description: "\(description) printed only one of clientCertificateData and clientKeyData; both are needed", .auth)
        }
        if credential.token == nil && credential.clientCertificatePEM == nil {
            throw KubernetesError(description: "\(description) printed neither a token nor a client certificate", .auth)
        }
        if let text = status.expirationTimestamp, !text.isEmpty {
            guard let expiry = RFC3339.parse(text) else {
                throw KubernetesError(description: "\(description): expirationTimestamp \"\(HelperMessage.quote(text, limit: 40))\" is not an RFC 3339 time", .auth)
            }
            credential.expiry = expiry
        }
        return credential
    }
}
