#if canImport(Glibc)
import Glibc
#endif

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

    /// Where the digest of a reference's UTF-8 bytes is (after the `@`), nil when it has none:
    /// the rules of `init(parsing:)`, read straight from the bytes (nodes list hundreds of
    /// thousands of image names; the decoder interns each digest it finds here).
    public static func digestRange(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        func find(_ byte: UInt8, from: Int, to end: Int) -> Int? {
            guard from < end, let found = memchr(base + from, Int32(byte), end - from) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        guard let slash = find(UInt8(ascii: "/"), from: 0, to: bytes.count), slash != 0,
              let at = find(UInt8(ascii: "@"), from: slash, to: bytes.count) else { return nil }
        let repositoryStart = slash + 1
        let repositoryEnd = find(UInt8(ascii: ":"), from: repositoryStart, to: at) ?? at
        guard repositoryEnd != repositoryStart else { return nil }
        if repositoryEnd != at, repositoryEnd + 1 == at { return nil }
        return at + 1 < bytes.count ? (at + 1)..<bytes.count : nil
    }

    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }
}
