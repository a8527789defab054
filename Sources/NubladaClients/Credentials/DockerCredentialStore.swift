import Foundation

/// Finds the credential for a Docker registry host as the docker CLI would, plus the
/// controller's pull secret, so nubladash authenticates like both.
///
/// Files: `--docker-config FILE` when given, else `$DOCKER_CONFIG/config.json`, else
/// `~/.docker/config.json` (a missing default file means no credentials). For a host, the
/// docker config decides first: `credHelpers[host]`, else `credsStore` (a helper answering
/// "credentials not found" falls through), else its `auths` entry. When it has nothing, the
/// pull secret at the controller's `images.dockerCredentialsPath` (when that file exists)
/// is asked the same way, then the controller's pull secret in the cluster (when allowed);
/// otherwise the registry is used anonymously.
public struct DockerCredentialStore: Sendable {
    /// The docker config file in use, and whether it was named explicitly.
    public let configPath: String?
    public let explicitConfig: Bool
    /// The controller-style pull secret, when given.
    public let pullSecretPath: String?
    let environment: [String: String]
    /// Seconds a credential helper may run.
    let helperTimeout: Double
    /// The controller's pull secret in the cluster, asked last; nil when not allowed (or no cluster).
    public let clusterSecret: ClusterPullSecret?

    public init(dockerConfig: String? = nil, pullSecretPath: String? = nil, clusterSecret: ClusterPullSecret? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, helperTimeout: Double = 60) {
        self.environment = environment
        self.clusterSecret = clusterSecret
        self.helperTimeout = min(60, max(0.1, helperTimeout))
        self.pullSecretPath = pullSecretPath
        if let dockerConfig {
            configPath = dockerConfig
            explicitConfig = true
        } else if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty {
            configPath = "\(directory)/config.json"
            explicitConfig = false
        } else if let home = environment["HOME"], !home.isEmpty {
            configPath = "\(home)/.docker/config.json"
            explicitConfig = false
        } else {
            configPath = nil
            explicitConfig = false
        }
    }

    /// The credential for `host` (`registry[:port]` as configured). Errors: an unreadable or
    /// malformed file, a helper missing, failing or too slow; each one line, never a secret.
    public func credential(forRegistry host: String) throws -> DockerCredential {
        var searched: [String] = []
        for file in try files() {
            if let found = try credential(forRegistry: host, in: file) { return found }
            searched.append(file.path)
        }
        var reason = searched.isEmpty ? "no docker config file" : "no entry for \(host) in \(searched.joined(separator: ", "))"
        // Read only now: a local credential, when there is one, is what the admin chose. Its
        // `auths` only: what the cluster says never picks a program to run here.
        if let clusterSecret {
            do {
                if let file = try clusterSecret.configFile() {
                    if let found = try credential(forRegistry: host, in: file, helpers: false) { return found }
                    reason += "; no entry for \(host) in \(clusterSecret.label)"
                } else {
                    reason += "; no \(clusterSecret.label)"
                }
            } catch let error as KubernetesError where error.status == 403 {
                // Not allowed to read it: a public repository still works anonymously.
                reason += "; \(clusterSecret.label) not readable (forbidden: the user needs permission to get secrets in namespace \(clusterSecret.object.namespace))"
            }
        }
        return .anonymous(reason: reason)
    }

    /// The files to consult, in order: the docker config, then the pull secret, when present.
    func files() throws -> [DockerConfigFile] {
        var result: [DockerConfigFile] = []
        if let configPath, explicitConfig || FileManager.default.fileExists(atPath: configPath) {
            result.append(try DockerConfigFile.load(path: configPath))
        }
        if let pullSecretPath, FileManager.default.fileExists(atPath: pullSecretPath) {
            result.append(try DockerConfigFile.load(path: pullSecretPath))
        }
        return result
    }

    private func credential(forRegistry host: String, in file: DockerConfigFile, helpers: Bool = true) throws -> DockerCredential? {
        let hub = DockerConfigFile.dockerHubHosts.contains(DockerConfigFile.normalizedHost(host))
        if helpers, let (name, setting) = file.helper(forHost: host) {
            let helper = DockerCredentialHelper(name: name, setting: "\(setting) in \(file.path)", environment: environment,
                                                timeout: helperTimeout)
            if let found = try helper.get(serverURL: hub ? DockerConfigFile.dockerHubKey : host) { return found }
        }
        guard let entry = file.entry(forHost: host), entry.hasCredential else { return nil }
        let origin = "auths[\"\(entry.key)\"] in \(file.path)"
        if let token = entry.identityToken { return .identityToken(token, origin: origin) }
        return .basic(username: entry.username ?? "", password: entry.password ?? "", origin: origin)
    }
}
