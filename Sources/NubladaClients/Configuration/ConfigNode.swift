import Foundation
import NubladaEngine
import Yams

/// A configuration problem, named by key path and file: `images.source.projectId: missing in values.yaml`.
public struct ConfigError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = MessageText.oneLine(description)
    }
}

/// A position in a parsed YAML document that knows its key path, for precise errors.
struct ConfigNode {
    let value: Any?
    let path: String
    let file: String
    /// How messages name the document: a file's last path component, or an object's
    /// `namespace/name` (which is no path).
    let fileName: String

    init(value: Any?, path: String, file: String, fileName: String? = nil) {
        self.value = value
        self.path = path
        self.file = file
        self.fileName = fileName ?? (file as NSString).lastPathComponent
    }

    /// Parses YAML text; syntax errors name the file and the line.
    /// - Parameter fileName: how messages name the document (default: `file`'s last component).
    static func parse(yaml text: String, file: String, fileName: String? = nil) throws -> ConfigNode {
        ConfigNode(value: normalize(try YAMLDocument.load(text, file: file)), path: "", file: file, fileName: fileName)
    }

    /// Reads and parses a YAML file (configuration, values, kubeconfig: every YAML nubladash reads).
    static func load(path: String) throws -> ConfigNode {
        let text: String
        do { text = try TextFile.read(path) } catch { throw ConfigError("\(path): \(error)") }
        return try parse(yaml: text, file: path)
    }

    var isMissing: Bool { value == nil || value is NSNull }

    subscript(key: String) -> ConfigNode {
        let child = path.isEmpty ? key : "\(path).\(key)"
        return ConfigNode(value: (value as? [String: Any])?[key], path: child, file: file, fileName: fileName)
    }

    func fail(_ what: String) -> ConfigError { ConfigError("\(path): \(what) in \(fileName)") }

    var missing: ConfigError { fail("missing") }

    func string() throws -> String {
        guard let text = try optionalString() else { throw missing }
        return text
    }

    func optionalString() throws -> String? {
        if isMissing { return nil }
        switch value {
        case let text as String: return text
        case let number as Int: return String(number)
        case let number as Double: return String(number)
        default: throw fail("expected a string, found \(describe())")
        }
    }

    func optionalInt() throws -> Int? {
        if isMissing { return nil }
        if let number = value as? Int { return number }
        if let text = value as? String, let number = Int(text) { return number }
        throw fail("expected an integer, found \(describe())")
    }

    func optionalBool() throws -> Bool? {
        if isMissing { return nil }
        if let flag = value as? Bool { return flag }
        throw fail("expected true or false, found \(describe())")
    }

    /// The members of a mapping, in key order (empty when missing).
    func members() throws -> [(String, ConfigNode)] {
        if isMissing { return [] }
        guard let map = value as? [String: Any] else { throw fail("expected a mapping, found \(describe())") }
        return map.keys.sorted().map { ($0, self[$0]) }
    }

    /// The items of a sequence (empty when missing).
    func items() throws -> [ConfigNode] {
        if isMissing { return [] }
        guard let list = value as? [Any] else { throw fail("expected a list, found \(describe())") }
        return list.enumerated().map { ConfigNode(value: $0.element, path: "\(path)[\($0.offset)]", file: file, fileName: fileName) }
    }

    func stringList() throws -> [String] { try items().map { try $0.string() } }

    private func describe() -> String {
        switch value {
        case is [String: Any]: return "a mapping"
        case is [Any]: return "a list"
        case let flag as Bool: return "\(flag)"
        case let text as String: return "'\(text.prefix(40))'"
        case let other?: return "'\(String(describing: other).prefix(40))'"
        case nil: return "nothing"
        }
    }
}

/// Yams gives mappings with `AnyHashable` keys; the configuration code wants `String` keys.
private func normalize(_ value: Any?) -> Any? {
    switch value {
    case let map as [AnyHashable: Any]:
        var result: [String: Any] = [:]
        for (key, item) in map { result[String(describing: key.base)] = normalize(item) }
        return result
    case let list as [Any]:
        return list.map { normalize($0) ?? NSNull() }
    default:
        return value
    }
}

enum YAMLErrorText {
    /// Yams' multi-line error text as one line ("line 3, column 5: could not find expected ':'").
    static func oneLine(_ error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case let .duplicatedKeysInMapping(duplicates, _):
            return "duplicated keys \(duplicates.joined(separator: ", "))"
        default:
            let lines = "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            return lines.first { !$0.isEmpty } ?? "invalid YAML"
        }
    }
}
