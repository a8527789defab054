import Foundation

/// How to reach and authenticate to a Kubernetes API server, resolved from a kubeconfig
/// (or the in-cluster service account).
public struct KubernetesConnection: Sendable {
    public enum Authentication: Sendable {
        case none
        case token(String)
        /// A file re-read when it changes (service-account tokens rotate).
        case tokenFile(String)
        case basic(username: String, password: String)
        /// An exec credential plugin (`user.exec`), run when its credential is missing or expired.
        case exec(ExecCredentialPlugin)
    }

    public var server: String
    public var tls: TLSOptions
    public var authentication: Authentication
    public var proxy: String?
    /// Where it came from, for messages: `context admin@prod in /home/me/.kube/config`.
    public var origin: String
    public var contextName: String
    public var clusterName: String

    /// Which credential this connection uses, never the credential itself.
    public var credentialDescription: String {
        var parts: [String] = []
        switch authentication {
        case .none: break
        case .token: parts.append("bearer token")
        case .tokenFile(let path): parts.append("token file \(path)")
        case .basic(let user, _): parts.append("basic auth as \(user)")
        case .exec(let plugin): parts.append(plugin.description)
        }
        if tls.clientCertificatePEM != nil { parts.append("client certificate") }
        return parts.isEmpty ? "no credentials" : parts.joined(separator: " + ")
    }
}

/// Reads kubeconfig files as kubectl does: `--kubeconfig`, else `KUBECONFIG` (several files,
/// the first definition of each name wins, relative paths against their file), else
/// `~/.kube/config`; or the in-cluster service account when `KUBERNETES_SERVICE_HOST` is set
/// and no kubeconfig is given.
public enum KubeConfigLoader {
    /// - Parameter helperTimeout: the longest the user's exec plugin may run, if it has one.
    public static func connection(kubeconfig: String?, context: String?,
                                  environment: [String: String] = ProcessInfo.processInfo.environment,
                                  helperTimeout: HelperTimeout = .longest) throws
        -> KubernetesConnection
    {
        let files: [String]
        if let kubeconfig {
            files = [kubeconfig]
        } else if let list = environment["KUBECONFIG"], !list.isEmpty {
            files = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            if files.isEmpty {
                throw ConfigError("KUBECONFIG ('\(list.prefix(40))') names no file; set it to kubeconfig paths separated by ':', or unset it")
            }
        } else if let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty {
            return try inCluster(environment: environment)
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            files = ["\(home)/.kube/config"]
        }
        return try resolve(files: files, context: context, mustExist: kubeconfig != nil, environment: environment,
                           helperTimeout: helperTimeout)
    }

    /// The in-cluster configuration: service host and port, the mounted token and CA.
    public static func inCluster(environment: [String: String],
                                 secretsDirectory: String = "/var/run/secrets/kubernetes.io/serviceaccount") throws
        -> KubernetesConnection
    {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], let port = environment["KUBERNETES_SERVICE_PORT"] else {
            throw ConfigError("in-cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set")
        }
        let tokenPath = "\(secretsDirectory)/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw ConfigError("in-cluster: no service-account token at \(tokenPath)")
        }
        var tls = TLSOptions()
        tls.certificateAuthorityPEM = FileManager.default.contents(atPath: "\(secretsDirectory)/ca.crt")
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return KubernetesConnection(
            server: "https://\(hostPart):\(port)", tls: tls, authentication: .tokenFile(tokenPath), proxy: nil,
            origin: "in-cluster service account", contextName: "in-cluster", clusterName: "in-cluster")
    }

    /// One parsed kubeconfig file.
    private struct File {
        let path: String
        let node: ConfigNode
        var directory: String { (path as NSString).deletingLastPathComponent }

        func named(_ section: String, _ name: String) throws -> ConfigNode? {
            for item in try node[section].items() where try item["name"].optionalString() == name {
                return item
            }
            return nil
        }
    }

    static func resolve(files paths: [String], context requested: String?, mustExist: Bool,
                        environment: [String: String] = ProcessInfo.processInfo.environment,
                        helperTimeout: HelperTimeout = .longest) throws -> KubernetesConnection {
        var files: [File] = []
        for path in paths {
            if !FileManager.default.fileExists(atPath: path) {
                if mustExist || paths.count == 1 { throw ConfigError("kubeconfig \(path): no such file") }
                continue
            }
            let node = try ConfigNode.load(path: path)
            if !node.isMissing, !(node.value is [String: Any]) {
                throw ConfigError("kubeconfig \(path): expected a mapping with clusters, users and contexts")
            }
            files.append(File(path: path, node: node))
        }
        guard !files.isEmpty else { throw ConfigError("kubeconfig: none of \(paths.joined(separator: ", ")) exists") }

        var contextName = requested
        if contextName == nil {
            for file in files {
                if let current = try file.node["current-context"].optionalString(), !current.isEmpty {
                    contextName = current
                    break
                }
            }
        }
        let where_ = files.map(\.path).joined(separator: ":")
        guard let contextName else { throw ConfigError("kubeconfig \(where_): no current-context; pass --context") }
        func first(_ section: String, _ name: String) throws -> (File, ConfigNode)? {
            for file in files { if let found = try file.named(section, name) { return (file, found) } }
            return nil
        }
        guard let (_, contextEntry) = try first("contexts", contextName) else {
            throw ConfigError("kubeconfig \(where_): no context named \"\(contextName)\"")
        }
        let context = contextEntry["context"]
        let clusterName = try context["cluster"].string()
        guard let (clusterFile, clusterEntry) = try first("clusters", clusterName) else {
            throw ConfigError("kubeconfig \(where_): context \"\(contextName)\" names cluster \"\(clusterName)\", which is not defined")
        }
        let cluster = clusterEntry["cluster"]
        let server = try cluster["server"].string()
        var tls = TLSOptions()
        tls.insecureSkipVerify = try cluster["insecure-skip-tls-verify"].optionalBool() ?? false
        tls.certificateAuthorityPEM = try pemData(cluster, "certificate-authority", clusterFile)
        tls.serverName = try cluster["tls-server-name"].optionalString()
        let proxy = try cluster["proxy-url"].optionalString()

        var authentication = KubernetesConnection.Authentication.none
        if let userName = try context["user"].optionalString(), !userName.isEmpty {
            guard let (userFile, userEntry) = try first("users", userName) else {
                throw ConfigError("kubeconfig \(where_): context \"\(contextName)\" names user \"\(userName)\", which is not defined")
            }
            let user = userEntry["user"]
            if let token = try user["token"].optionalString(), !token.isEmpty {
                authentication = .token(token)
            } else if let tokenFile = try user["tokenFile"].optionalString(), !tokenFile.isEmpty {
                authentication = .tokenFile(absolute(tokenFile, userFile.directory))
            } else if !user["exec"].isMissing {
                let cluster = ExecClusterInfo(
                    server: server, tlsServerName: tls.serverName, insecureSkipTLSVerify: tls.insecureSkipVerify,
                    certificateAuthorityData: tls.certificateAuthorityPEM, proxyURL: proxy,
                    configJSON: try execExtension(cluster))
                authentication = .exec(ExecCredentialPlugin(
                    configuration: try execConfiguration(user["exec"], directory: userFile.directory),
                    cluster: cluster, environment: environment, helperTimeout: helperTimeout))
            } else if let username = try user["username"].optionalString() {
                authentication = .basic(username: username, password: try user["password"].optionalString() ?? "")
            } else if !user["auth-provider"].isMissing {
                let name = (try? user["auth-provider"]["name"].optionalString()) ?? nil
                throw ConfigError("kubeconfig \(where_): user \"\(userName)\" uses auth-provider \(name ?? "(unnamed)"), which kubectl no longer supports; switch to an exec plugin (GKE: install gke-gcloud-auth-plugin and run 'gcloud container clusters get-credentials' again)")
            }
            tls.clientCertificatePEM = try pemData(user, "client-certificate", userFile)
            tls.clientKeyPEM = try pemData(user, "client-key", userFile)
            if (tls.clientCertificatePEM == nil) != (tls.clientKeyPEM == nil) {
                throw user.fail("client-certificate and client-key must be given together")
            }
        }
        return KubernetesConnection(
            server: server, tls: tls, authentication: authentication, proxy: proxy,
            origin: "context \(contextName) in \(where_)", contextName: contextName, clusterName: clusterName)
    }

    /// The `user.exec` entry.
    private static func execConfiguration(_ node: ConfigNode, directory: String) throws -> ExecPluginConfiguration {
        let apiVersion = try node["apiVersion"].optionalString() ?? ""
        guard !apiVersion.isEmpty else { throw node["apiVersion"].fail("missing (client.authentication.k8s.io/v1 or v1beta1)") }
        let command = try node["command"].string()
        guard !command.isEmpty else { throw node["command"].missing }
        var env: [(name: String, value: String)] = []
        for item in try node["env"].items() {
            env.append((try item["name"].string(), try item["value"].optionalString() ?? ""))
        }
        let modeText = try node["interactiveMode"].optionalString() ?? "IfAvailable"
        guard let mode = ExecPluginConfiguration.InteractiveMode(rawValue: modeText) else {
            throw node["interactiveMode"].fail("expected Never, IfAvailable or Always, found '\(modeText.prefix(20))'")
        }
        return ExecPluginConfiguration(
            apiVersion: apiVersion, command: command, args: try node["args"].stringList(), env: env,
            provideClusterInfo: try node["provideClusterInfo"].optionalBool() ?? false, interactiveMode: mode,
            installHint: try node["installHint"].optionalString(), directory: directory)
    }

    /// `cluster.extensions[name=client.authentication.k8s.io/exec].extension`, for the plugin.
    private static func execExtension(_ cluster: ConfigNode) throws -> Data? {
        for item in try cluster["extensions"].items()
        where try item["name"].optionalString() == "client.authentication.k8s.io/exec" {
            guard let value = item["extension"].value, JSONSerialization.isValidJSONObject(["x": value]) else { return nil }
            return try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
        }
        return nil
    }

    /// `NAME-data` (base64) or `NAME` (a file path, relative to the kubeconfig's folder).
    private static func pemData(_ node: ConfigNode, _ name: String, _ file: File) throws -> Data? {
        if let encoded = try node["\(name)-data"].optionalString(), !encoded.isEmpty {
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw node["\(name)-data"].fail("not valid base64")
            }
            return data
        }
        guard let path = try node[name].optionalString(), !path.isEmpty else { return nil }
        let full = absolute(path, file.directory)
        guard let data = FileManager.default.contents(atPath: full) else {
            throw node[name].fail("cannot read \(full)")
        }
        return data
    }

    private static func absolute(_ path: String, _ directory: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst(1) }
        return directory.isEmpty ? path : "\(directory)/\(path)"
    }
}
