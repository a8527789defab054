import Foundation
import NubladaEngine

/// One item of the `environments:` list.
extension EnvironmentsReader {
    static let entryKeys = ["name", "config", "kubeconfig", "context", "registryEndpoint", "refresh"]

    mutating func readEntry(_ item: ConfigNode, index: Int) {
        let position = "environments[\(index)]"
        guard item.value is [String: Any] else {
            return problem(entry: position, "expected a mapping with a name (and config, kubeconfig, context, …)")
        }
        let name: String
        switch Result(catching: { try item["name"].optionalString() }) {
        case .success(let text?) where Self.isValidName(text): name = text
        case .success(let text?): return problem(entry: position, "name: '\(text.prefix(40))' is not a name (letters, digits, -, _ and . only)")
        case .success(nil): return problem(entry: position, "name: missing")
        case .failure: return problem(entry: position, "name: expected a string")
        }
        guard isFirstDefinition(of: name, at: position) else { return }
        do {
            environments.append(try spec(item, name: name))
        } catch let failure as EntryKeyError {
            problem(entry: name, isName: true, "\(failure.key): \(failure.message)")
        } catch {
            problem(entry: name, isName: true, "\(error)")
        }
    }

    private func spec(_ item: ConfigNode, name: String) throws -> EnvironmentSpec {
        for (key, _) in try item.members() where !Self.entryKeys.contains(key) {
            throw EntryKeyError(key: key, message: "unknown key (expected \(Self.entryKeys.joined(separator: ", ")))")
        }
        // Without `config`, the cluster's own configuration is read when the environment refreshes.
        var configuration: ControllerConfiguration?
        if let config = try text(item, "config") {
            do { configuration = try ControllerConfiguration.load(path: resolve(config)) } catch {
                throw EntryKeyError(key: "config", message: "\(error)")
            }
        }
        let endpoint = try text(item, "registryEndpoint")
        if let endpoint {
            guard (try? RegistryEndpoint.validate(endpoint)) != nil else {
                throw EntryKeyError(key: "registryEndpoint", message: "malformed URL '\(endpoint.prefix(60))' (expected http(s)://host[:port])")
            }
        }
        let refresh: RefreshInterval?
        do { refresh = try ControllerConfiguration.refreshInterval(item["refresh"]) } catch {
            let found = (try? item["refresh"].optionalString()).flatMap { $0 }.map { ", found '\($0.prefix(40))'" } ?? ""
            throw EntryKeyError(key: "refresh", message: "expected \(RefreshInterval.rule) or a duration like 5m\(found)")
        }
        return EnvironmentSpec(name: name, configuration: configuration, kubeconfig: try text(item, "kubeconfig").map(resolve),
                               context: try text(item, "context"), registryEndpoint: endpoint, refresh: refresh)
    }

    /// A string member, with a type error said as that key's.
    private func text(_ item: ConfigNode, _ key: String) throws -> String? {
        do { return try item[key].optionalString() } catch {
            throw EntryKeyError(key: key, message: "expected a string")
        }
    }
}

/// What is wrong with one key of an entry.
struct EntryKeyError: Error {
    var key: String
    var message: String
}
