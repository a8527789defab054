/// A Docker reference: `registry/repository[:tag][@digest]`.
public struct DockerReference: Hashable, Sendable, CustomStringConvertible {
    public var registry: String
    public var repository: String
    public var tag: String?
    public var digest: String?

    public init(registry: String, repository: String, tag: String? = nil, digest: String? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses a reference; nil when it has no registry and repository.
    public init?(parsing text: String) {
        guard let slash = text.firstIndex(of: "/"), slash != text.startIndex else { return nil }
        registry = String(text[..<slash])
        var rest = text[text.index(after: slash)...]
        if let at = rest.firstIndex(of: "@") {
            let value = rest[rest.index(after: at)...]
            guard !value.isEmpty else { return nil }
            digest = String(value)
            rest = rest[..<at]
        }
        if let colon = rest.firstIndex(of: ":") {
            let value = rest[rest.index(after: colon)...]
            guard !value.isEmpty else { return nil }
            tag = String(value)
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { return nil }
        repository = String(rest)
    }

    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }
}
