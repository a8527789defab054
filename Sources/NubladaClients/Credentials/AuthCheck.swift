import Foundation
import NubladaEngine

/// `nubladash auth-check`: for each side (Artifact Registry, Kubernetes), which credential
/// would be used and whether one small call with it succeeds. Never shows a secret.
public struct AuthCheckReport: Sendable {
    public struct Side: Sendable {
        public var title: String
        /// (label, value) rows, in order.
        public var rows: [(String, String)] = []
        public var ok = false
        /// A check failed that the rest does without (listing pods: only activity needs it).
        public var warning = false
        /// What failed, typed (the rows say it in words).
        public var failures: [SideFailure] = []

        /// `error` as the failure of `side`, said in the row `label` (`FAILED: …`).
        mutating func failed(_ side: RefreshSide, _ error: any Error, row label: String = "check") {
            failed(SideFailure(side, error), row: label)
        }

        /// `failure`, said in the row `label` (`FAILED: …`).
        mutating func failed(_ failure: SideFailure, row label: String = "check") {
            failures.append(failure)
            rows.append((label, "FAILED: \(failure.message)"))
        }

        /// The title, then one `label: value` row per line; a value (a path, a server, an
        /// error from outside) escaped and cut for the terminal.
        public var text: String {
            let width = (rows.map(\.0.count).max() ?? 0) + 1
            return ([title] + rows.map {
                "  " + ($0.0 + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + MessageText.oneLine($0.1)
            }).joined(separator: "\n")
        }
    }

    public var registry = Side(title: "Registry")
    public var kubernetes = Side(title: "Kubernetes")
    public var ok: Bool { registry.ok && kubernetes.ok }

    /// The last line.
    public var verdict: String {
        guard ok else { return "At least one check failed." }
        return kubernetes.warning ? "Both checks passed; pod activity cannot be read (see pods above)." : "Both checks passed."
    }
}

public enum AuthCheck {
    /// Checks both sides, handing each to `show` as soon as it is done: the Kubernetes side
    /// may wait on a credential plugin, and the registry's answer should not wait with it.
    /// Without `configPath`, the configuration is the controller's ConfigMap in
    /// `controllerNamespace`; with `clusterSecrets`, a Docker registry may get the controller's
    /// pull secret (as `snapshot` and the dashboard would).
    public static func run(configPath: String?, kubeconfig: String?, context: String?, registryEndpoint: String?,
                           dockerConfig: String? = nil,
                           controllerNamespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace,
                           clusterSecrets: Bool = true,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           helperTimeout: HelperTimeout = .longest,
                           show: (AuthCheckReport.Side) throws -> Void = { _ in }) rethrows -> AuthCheckReport {
        var report = AuthCheckReport()
        let kubernetes = client(kubeconfig: kubeconfig, context: context, environment: environment, helperTimeout: helperTimeout)
        let configuration = Result {
            if let configPath { return try ControllerConfiguration.load(path: configPath) }
            return try DeployedConfiguration.read(from: kubernetes.get(), namespace: controllerNamespace.name)
        }
        let secret = clusterSecrets ? (try? kubernetes.get()).map { ClusterPullSecret(client: $0, namespace: controllerNamespace.name) } : nil
        report.registry = registry(configuration: configuration, endpoint: registryEndpoint, dockerConfig: dockerConfig,
                                   clusterSecret: secret, environment: environment)
        try show(report.registry)
        report.kubernetes = self.kubernetes(kubernetes)
        try show(report.kubernetes)
        return report
    }

    /// The registry side, for the configuration's source, its first row saying where the
    /// configuration came from (or why it could not be read).
    static func registry(configuration read: Result<ControllerConfiguration, any Error>, endpoint: String?, dockerConfig: String?,
                         clusterSecret: ClusterPullSecret?, environment: [String: String]) -> AuthCheckReport.Side {
        let configuration: ControllerConfiguration
        do {
            configuration = try read.get()
        } catch {
            var side = AuthCheckReport.Side(title: "Registry")
            side.failed(.configuration, error, row: "config")
            return side
        }
        let config = ("config", configuration.origin.description)
        do {
            if let endpoint { try RegistryEndpoint.validate(endpoint) }
        } catch {
            var side = AuthCheckReport.Side(title: "Registry")
            side.rows = [config]
            side.failed(.configuration, error)
            return side
        }
        var side: AuthCheckReport.Side
        switch configuration.prepuller.source {
        case .google(let source):
            side = artifactRegistry(source, endpoint: endpoint ?? GARClient.defaultEndpoint, environment: environment)
        case .docker(let source):
            side = dockerRegistry(source, configuration: configuration, endpoint: endpoint, dockerConfig: dockerConfig,
                                  clusterSecret: clusterSecret, environment: environment)
        }
        side.rows.insert(config, at: 0)
        return side
    }

    /// A Docker registry: which credential, then `tags/list?n=1`.
    static func dockerRegistry(_ source: DockerSourceOptions, configuration: ControllerConfiguration, endpoint: String?,
                               dockerConfig: String?, clusterSecret: ClusterPullSecret?,
                               environment: [String: String]) -> AuthCheckReport.Side {
        var side = AuthCheckReport.Side(title: "Docker registry")
        let store = DockerCredentialStore(dockerConfig: dockerConfig, pullSecretPath: configuration.dockerCredentialsPath,
                                          clusterSecret: clusterSecret, environment: environment)
        let client = DockerRegistryClient(registry: source.registry, repository: source.repository, endpoint: endpoint,
                                          credentials: store, retry: .none)
        side.rows.append(("endpoint", client.endpoint))
        side.rows.append(("repository", "\(source.registry)/\(source.repository)"))
        side.rows.append(("credentials", client.describeCredential()))
        do {
            try client.checkAccess()
            side.ok = true
            side.rows.append(("check", "ok: listed tags (n=1)"))
        } catch {
            side.failed(.registry, error)
        }
        return side
    }

    /// Artifact Registry: which Google credential, then one listing page of one image.
    static func artifactRegistry(_ source: GARSourceOptions, endpoint: String, environment: [String: String]) -> AuthCheckReport.Side {
        var side = AuthCheckReport.Side(title: "Artifact Registry")
        side.rows.append(("endpoint", endpoint))
        side.rows.append(("repository", source.parent))
        let tokens: any AccessTokenProvider
        do {
            tokens = try GoogleCredentialChain.provider(environment: environment)
        } catch {
            side.rows.append(("credentials", "none found"))
            side.failed(.registry, error)
            return side
        }
        side.rows.append(("credentials", tokens.sourceDescription))
        if let project = tokens.quotaProject { side.rows.append(("quota project", project)) }
        let endpointBase = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        let url = "\(endpointBase)/v1/\(source.parent)/dockerImages?pageSize=1"
        let http = CurlHTTPClient()
        do {
            var response = try listOnce(url, tokens, http)
            if response.status == 401 {
                tokens.invalidate()
                response = try listOnce(url, tokens, http)
            }
            switch response.status {
            case 200:
                side.ok = true
                side.rows.append(("check", "ok: listed dockerImages (pageSize=1)"))
            default:
                let serverMessage = GoogleErrorBody.message(in: response.body)
                let message = switch response.status {
                case 401: "access token refused (401) even after fetching a new one; \(fix(tokens))"
                case 403: "permission denied (403); the account needs artifactregistry.dockerimages.list (roles/artifactregistry.reader) on \(source.parent)"
                case 404: "not found (404); check images.source projectId, location and repository"
                default: "HTTP \(response.status)" + (serverMessage.map { ": \($0)" } ?? "")
                }
                let cause = FailureCause(status: response.status, place: source.parent, serverMessage: serverMessage)
                side.failed(SideFailure(side: .registry, cause: cause, message: message))
            }
        } catch {
            side.failed(.registry, error)
        }
        return side
    }

    private static func listOnce(_ url: String, _ tokens: any AccessTokenProvider, _ http: CurlHTTPClient) throws -> HTTPResponse {
        var request = HTTPRequest(url: url)
        request.timeout = 30
        request.authorize(bearer: try tokens.token())
        if let project = tokens.quotaProject { request.headers.append(("x-goog-user-project", project)) }
        do { return try http.send(request) } catch let error as HTTPError {
            throw RegistryError(description: "Artifact Registry: \(error)", causedBy: error)
        }
    }

    private static func fix(_ tokens: any AccessTokenProvider) -> String {
        switch tokens {
        case is StaticAccessToken: return "GOOGLE_OAUTH_ACCESS_TOKEN may have expired: unset it or set a fresh token"
        case is GcloudTokens: return "run 'gcloud auth login' again"
        case is AuthorizedUserTokens: return "run 'gcloud auth application-default login' again"
        case is ServiceAccountTokens: return "check the service account's key and roles"
        default: return "check the Google credentials (\(tokens.sourceDescription))"
        }
    }

    /// The Kubernetes client of the kubeconfig (both sides use it: the configuration may be its ConfigMap).
    static func client(kubeconfig: String?, context: String?, environment: [String: String],
                       helperTimeout: HelperTimeout = .longest) -> Result<KubernetesClient, any Error> {
        Result {
            KubernetesClient(connection: try KubeConfigLoader.connection(kubeconfig: kubeconfig, context: context,
                                                                         environment: environment, helperTimeout: helperTimeout))
        }
    }

    static func kubernetes(_ built: Result<KubernetesClient, any Error>) -> AuthCheckReport.Side {
        var side = AuthCheckReport.Side(title: "Kubernetes")
        let client: KubernetesClient
        do {
            client = try built.get()
        } catch {
            side.failed(.nodes, error)
            return side
        }
        let connection = client.connection
        side.rows.append(("kubeconfig", connection.origin))
        side.rows.append(("server", connection.server))
        if let name = connection.tls.serverName { side.rows.append(("tls-server-name", name)) }
        if let proxy = connection.proxy { side.rows.append(("proxy", ProxyChoice.redacted(proxy))) }
        side.rows.append(("credentials", connection.credentialDescription))
        do {
            _ = try client.checkAccess()
            side.ok = true
            side.rows.append(("check", "ok: listed nodes (limit=1)"))
        } catch {
            side.failed(.nodes, error)
            return side
        }
        let pods = podAccess(client)
        side.rows.append(("pods", pods.text))
        side.warning = pods.warning
        return side
    }

    /// Listing the controller's pods in all namespaces (`limit=1`). Only activity needs it (the
    /// dashboard and `snapshot` work without), so a failure is a warning and leaves the exit
    /// status alone.
    static func podAccess(_ client: KubernetesClient) -> (text: String, warning: Bool) {
        do {
            _ = try client.checkPodAccess()
            return ("ok: listed pods in all namespaces (limit=1)", false)
        } catch let error as KubernetesError where error.status == 403 {
            return ("WARNING: \(PodInformer.forbiddenMessage) (403); the dashboard and snapshot work without pod activity", true)
        } catch {
            return ("WARNING: \(error); the dashboard and snapshot work without pod activity", true)
        }
    }
}
