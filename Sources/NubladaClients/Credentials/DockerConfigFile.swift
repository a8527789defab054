import Foundation

/// A docker `config.json` (or a Kubernetes pull secret's `.dockerconfigjson`, the same format):
/// the parts that say which credential a registry host gets.
struct DockerConfigFile: Sendable {
    /// One `auths` entry, secrets decoded.
    struct Entry: Sendable, Equatable {
        var key: String
        var username: String?
        var password: String?
        var identityToken: String?

        var hasCredential: Bool { identityToken != nil || (username != nil && password != nil) }
    }

    var path: String
    var auths: [Entry]
    var credHelpers: [String: String]
    var credsStore: String?

    /// The hosts Docker Hub answers on; docker keeps their credentials under `https://index.docker.io/v1/`.
    static let dockerHubHosts: Set<String> = ["docker.io", "registry.hub.docker.com", "registry-1.docker.io", "index.docker.io"]
    /// The key (and helper server URL) docker uses for Docker Hub.
    static let dockerHubKey = "https://index.docker.io/v1/"

    /// Reads and checks the file; every problem is one line naming the file (never a secret).
    static func load(path: String) throws -> DockerConfigFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CredentialError("cannot read docker config \(path): \((error as NSError).localizedDescription)")
        }
        return try parse(data, path: path)
    }

    static func parse(_ data: Data, path: String) throws -> DockerConfigFile {
        func malformed(_ why: String) -> CredentialError { CredentialError("malformed docker config \(path): \(why)") }
        guard let top = try? JSONSerialization.jsonObject(with: data), let document = top as? [String: Any] else {
            throw malformed("not a JSON object")
        }
        var config = DockerConfigFile(path: path, auths: [], credHelpers: [:], credsStore: nil)
        if let auths = document["auths"] {
            guard let auths = auths as? [String: Any] else { throw malformed("auths is not an object") }
            for key in auths.keys.sorted() {
                guard let fields = auths[key] as? [String: Any] else { throw malformed("auths[\"\(key)\"] is not an object") }
                config.auths.append(try entry(key: key, fields: fields, malformed: malformed))
            }
        }
        if let helpers = document["credHelpers"] {
            guard let helpers = helpers as? [String: Any], helpers.values.allSatisfy({ $0 is String }) else {
                throw malformed("credHelpers is not an object of helper names")
            }
            config.credHelpers = helpers.compactMapValues { $0 as? String }
        }
        if let store = document["credsStore"] {
            guard let store = store as? String else { throw malformed("credsStore is not a string") }
            config.credsStore = store.isEmpty ? nil : store
        }
        return config
    }

    private static func entry(key: String, fields: [String: Any], malformed: (String) -> CredentialError) throws -> Entry {
        func text(_ name: String) throws -> String? {
            guard let value = fields[name] else { return nil }
            guard let string = value as? String else { throw malformed("auths[\"\(key)\"].\(name) is not a string") }
            return string.isEmpty ? nil : string
        }
        var entry = Entry(key: key, username: try text("username"), password: try text("password"),
                          identityToken: try text("identitytoken"))
        if let auth = try text("auth") {
            guard let decoded = Data(base64Encoded: auth, options: .ignoreUnknownCharacters),
                  let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":") else {
                throw malformed("auths[\"\(key)\"].auth is not base64 of user:password")
            }
            entry.username = String(pair[..<colon])
            entry.password = String(pair[pair.index(after: colon)...])
        }
        return entry
    }

    /// `https://host:port/path` → `host:port`, lower-cased: how docker compares `auths` keys.
    static func normalizedHost(_ key: String) -> String {
        var text = key.trimmingCharacters(in: .whitespaces)
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        return text.lowercased()
    }

    /// The `auths` entry for `host`: the exact host first, then the nearest parent domain
    /// (same port); Docker Hub hosts match each other and `https://index.docker.io/v1/`.
    func entry(forHost host: String) -> Entry? {
        let wanted = DockerConfigFile.normalizedHost(host)
        let hub = DockerConfigFile.dockerHubHosts.contains(wanted)
        let keyed = auths.map { (host: DockerConfigFile.normalizedHost($0.key), entry: $0) }
        if let exact = keyed.first(where: { $0.host == wanted || (hub && DockerConfigFile.dockerHubHosts.contains($0.host)) }) {
            return exact.entry
        }
        let (name, port) = DockerConfigFile.splitPort(wanted)
        let parents = keyed.filter {
            let (keyName, keyPort) = DockerConfigFile.splitPort($0.host)
            return keyPort == port && name.hasSuffix("." + keyName)
        }
        return parents.max { $0.host.count < $1.host.count }?.entry
    }

    /// The helper named for `host` by `credHelpers` (exact host), else `credsStore`.
    func helper(forHost host: String) -> (name: String, setting: String)? {
        let wanted = DockerConfigFile.normalizedHost(host)
        if let name = credHelpers.first(where: { DockerConfigFile.normalizedHost($0.key) == wanted })?.value, !name.isEmpty {
            return (name, "credHelpers")
        }
        return credsStore.map { ($0, "credsStore") }
    }

    private static func splitPort(_ host: String) -> (String, String?) {
        guard !host.hasSuffix("]"), let colon = host.lastIndex(of: ":") else { return (host, nil) }
        return (String(host[..<colon]), String(host[host.index(after: colon)...]))
    }
}
