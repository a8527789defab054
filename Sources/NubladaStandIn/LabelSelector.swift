/// A Kubernetes label selector (`labelSelector=`): equality-based requirements `k=v`,
/// `k==v`, `k!=v`, existence `k` and `!k`, and set-based `k in (a,b)`, `k notin (a,b)`.
/// Requirements are joined by commas and must all hold.
public struct LabelSelector: Sendable, Hashable {
    /// One requirement of a selector.
    public enum Requirement: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
        case doesNotExist(String)
        case `in`(String, Set<String>)
        case notIn(String, Set<String>)

        /// Whether a node with `labels` satisfies the requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            switch self {
            case .equals(let key, let value): return labels[key] == value
            case .notEquals(let key, let value): return labels[key] != value
            case .exists(let key): return labels[key] != nil
            case .doesNotExist(let key): return labels[key] == nil
            case .in(let key, let values): return labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): return labels[key].map { !values.contains($0) } ?? true
            }
        }
    }

    /// Why a selector does not parse (the apiserver answers 400).
    public struct ParseError: Error, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public var requirements: [Requirement]

    /// The selector of every node.
    public static let everything = LabelSelector(requirements: [])

    public init(requirements: [Requirement]) { self.requirements = requirements }

    /// Parses the `labelSelector` query value; empty text selects everything.
    public init(parsing text: String) throws(ParseError) {
        var requirements: [Requirement] = []
        for part in Self.splitRequirements(text) {
            let term = part.trimmingSpaces
            if term.isEmpty {
                if text.trimmingSpaces.isEmpty { continue }
                throw ParseError(message: "unable to parse requirement: found '', expected: identifier")
            }
            requirements.append(try Self.requirement(term))
        }
        self.requirements = requirements
    }

    /// Whether a node with `labels` satisfies every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// Splits at commas outside parentheses.
    private static func splitRequirements(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    private static func requirement(_ term: String) throws(ParseError) -> Requirement {
        if term.hasPrefix("!") {
            let key = String(term.dropFirst()).trimmingSpaces
            try validateKey(key)
            return .doesNotExist(key)
        }
        if let range = term.range(of: "!=") {
            let key = String(term[..<range.lowerBound]).trimmingSpaces
            let value = String(term[range.upperBound...]).trimmingSpaces
            try validateKey(key)
            try validateValue(value)
            return .notEquals(key, value)
        }
        if let range = term.range(of: "==") ?? term.range(of: "=") {
            let key = String(term[..<range.lowerBound]).trimmingSpaces
            let value = String(term[range.upperBound...]).trimmingSpaces
            try validateKey(key)
            try validateValue(value)
            return .equals(key, value)
        }
        let words = term.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2 {
            let rest = words[1].trimmingSpaces
            for (keyword, notIn) in [("notin", true), ("in", false)] where rest.hasPrefix(keyword) {
                let list = rest.dropFirst(keyword.count).trimmingSpaces
                guard list.hasPrefix("("), list.hasSuffix(")") else {
                    throw ParseError(message: "unable to parse requirement: found '\(list)', expected: '('")
                }
                let values = list.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
                    .map { String($0).trimmingSpaces }
                for value in values { try validateValue(value) }
                try validateKey(words[0])
                return notIn ? .notIn(words[0], Set(values)) : .in(words[0], Set(values))
            }
            throw ParseError(message: "unable to parse requirement: found '\(rest)', expected: in, notin, =, ==, !=, gt, lt")
        }
        try validateKey(term)
        return .exists(term)
    }

    private static func validateKey(_ key: String) throws(ParseError) {
        let name = key.split(separator: "/", maxSplits: 1).last.map(String.init) ?? key
        guard !key.isEmpty, !name.isEmpty, name.count <= 63, key.allSatisfy(isKeyCharacter),
            name.first.map(isAlphanumeric) == true, name.last.map(isAlphanumeric) == true
        else {
            throw ParseError(message: "unable to parse requirement: invalid label key \"\(key)\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")
        }
    }

    private static func validateValue(_ value: String) throws(ParseError) {
        guard value.isEmpty
            || (value.count <= 63 && value.allSatisfy(isValueCharacter) && isAlphanumeric(value.first!)
                && isAlphanumeric(value.last!))
        else {
            throw ParseError(message: "unable to parse requirement: invalid label value: \"\(value)\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")
        }
    }

    private static func isAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    private static func isValueCharacter(_ character: Character) -> Bool {
        isAlphanumeric(character) || character == "-" || character == "_" || character == "."
    }

    private static func isKeyCharacter(_ character: Character) -> Bool {
        isValueCharacter(character) || character == "/"
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
