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
        // Byte-wise: node image lists hold hundreds of thousands of these.
        let bytes = text.utf8
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash != bytes.startIndex else { return nil }
        registry = String(text[..<slash])
        var rest = bytes[bytes.index(after: slash)...]
        if let at = rest.firstIndex(of: UInt8(ascii: "@")) {
            let value = rest[rest.index(after: at)...]
            guard !value.isEmpty else { return nil }
            digest = String(Substring(value))
            rest = rest[..<at]
        }
        if let colon = rest.firstIndex(of: UInt8(ascii: ":")) {
            let value = rest[rest.index(after: colon)...]
            guard !value.isEmpty else { return nil }
            tag = String(Substring(value))
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { return nil }
        repository = String(Substring(rest))
    }

    /// Just the digest of a reference (`…@sha256:…`), without building the rest.
    static func digest(of text: String) -> String? {
        let bytes = text.utf8
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash != bytes.startIndex,
              let at = bytes[slash...].firstIndex(of: UInt8(ascii: "@")) else { return nil }
        let repositoryStart = bytes.index(after: slash)
        let beforeAt = bytes[repositoryStart..<at]
        let repositoryEnd = beforeAt.firstIndex(of: UInt8(ascii: ":")) ?? at
        guard repositoryEnd != repositoryStart else { return nil }
        if repositoryEnd != at, bytes.index(after: repositoryEnd) == at { return nil }
        let value = bytes[bytes.index(after: at)...]
        return value.isEmpty ? nil : String(Substring(value))
    }

    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }
}
