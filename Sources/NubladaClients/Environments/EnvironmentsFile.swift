import Foundation
import NubladaEngine

/// The environments an admin team watches together (`--environments FILE`): a YAML file with
/// an `environments:` list of `{name, config?, kubeconfig?, context?, registryEndpoint?, refresh?}`
/// (without `config`, the cluster's own: see `EnvironmentSpec`)
/// and/or `phalanx: PATH` with `contexts: {ENV: CONTEXT}` (see `PhalanxEnvironments`).
/// Relative paths are against the file. A bad entry is one `EnvironmentProblem` and the others
/// still load; only a file that cannot be read as such at all throws.
public struct EnvironmentsFile: Sendable {
    public var path: String
    /// In file order: the list's entries, then the Phalanx checkout's environments by name.
    public var environments: [EnvironmentSpec]
    public var problems: [EnvironmentProblem]

    public init(path: String, environments: [EnvironmentSpec], problems: [EnvironmentProblem]) {
        self.path = path
        self.environments = environments
        self.problems = problems
    }

    /// The keys of the file's top level.
    static let topLevelKeys = ["environments", "phalanx", "contexts"]

    public static func load(path: String) throws -> EnvironmentsFile {
        let document = try ConfigNode.load(path: path)
        guard document.value is [String: Any] else {
            throw ConfigError("\(document.fileName): expected a mapping with environments (a list) or phalanx and contexts")
        }
        var reader = EnvironmentsReader(document: document, directory: (path as NSString).deletingLastPathComponent)
        try reader.read()
        return EnvironmentsFile(path: path, environments: reader.environments, problems: reader.problems)
    }

    /// `$XDG_CONFIG_HOME/nubladash/environments.yaml`, else `~/.config/nubladash/environments.yaml`:
    /// the first that exists, or nil.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { candidates.append("\(xdg)/nubladash/environments.yaml") }
        if let home = environment["HOME"], !home.isEmpty { candidates.append("\(home)/.config/nubladash/environments.yaml") }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}

/// Reads one environments document into specs and problems.
struct EnvironmentsReader {
    let document: ConfigNode
    let directory: String
    var environments: [EnvironmentSpec] = []
    var problems: [EnvironmentProblem] = []
    /// Where each name was first defined (`environments[3]`, `phalanx values-idfprod.yaml`).
    var definedAt: [String: String] = [:]

    init(document: ConfigNode, directory: String) {
        self.document = document
        self.directory = directory.isEmpty ? "." : directory
    }

    mutating func read() throws {
        let list = document["environments"], phalanx = document["phalanx"]
        if list.isMissing && phalanx.isMissing {
            throw ConfigError("\(document.fileName): no environments: expected an environments list, or phalanx and contexts")
        }
        for (key, _) in try document.members() where !EnvironmentsFile.topLevelKeys.contains(key) {
            problem(entry: key, "unknown key (expected \(EnvironmentsFile.topLevelKeys.joined(separator: ", ")))")
        }
        if !list.isMissing {
            guard list.value is [Any] else { throw list.fail("expected a list of {name, config, …}") }
            for (index, item) in try list.items().enumerated() { readEntry(item, index: index) }
        }
        if !phalanx.isMissing {
            readPhalanx(phalanx)
        } else if !document["contexts"].isMissing {
            problem(entry: "contexts", "goes with phalanx (the Phalanx checkout whose environments it names)")
        }
    }

    /// A path from the file: absolute as is, `~/` under HOME, else against the file's folder.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSString(string: path).expandingTildeInPath }
        return (directory as NSString).appendingPathComponent(path)
    }

    mutating func problem(entry: String, isName: Bool = false, _ message: String) {
        problems.append(EnvironmentProblem(file: document.fileName, entry: entry, entryIsName: isName, message: message))
    }

    /// Whether this is the first definition of `name` (at `place`). A second one is a
    /// problem of its own naming both places, whatever else is wrong with either, and is
    /// not read further: the first is used, good or bad.
    mutating func isFirstDefinition(of name: String, at place: String) -> Bool {
        if let first = definedAt[name] {
            problem(entry: name, isName: true, "defined twice, as \(first) and \(place) (the first is used)")
            return false
        }
        definedAt[name] = place
        return true
    }

    /// Letters, digits, `-`, `_` and `.`: what Phalanx environment names are made of, and what
    /// `:name` can type.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 63 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
