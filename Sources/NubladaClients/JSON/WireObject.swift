import Foundation
import NubladaEngine

/// A JSON object type read from the wire, its members listed once, in `members(of:_:)`: each
/// member's key, where its value goes and whether it must be there. Both decoders are made
/// from that one list: `decode(from:)` walks the bytes with it (`ByteMembers`), and
/// `init(from:)` reads a `Decoder` with it (`DecoderMembers`), so the two cannot drift apart.
protocol WireObject: ByteDecodable, Decodable {
    /// A value with no member read yet: a required member holds a placeholder until it is read
    /// (a value missing one is never returned).
    init()

    /// Each member in order, through `reader`: `optional`, `required` or a special rule.
    static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure)
}

/// How one walk over a wire type's member list reads each member.
protocol MemberReader {
    associatedtype Failure: Error
    /// A member read as `decodeIfPresent` reads it: absent or null gives nil.
    mutating func optional<T: ByteDecodable & Decodable>(_ key: StaticString, _ value: inout T?) throws(Failure)
    /// A member that must be present and not null.
    mutating func required<T: ByteDecodable & Decodable>(_ key: StaticString, _ value: inout T) throws(Failure)
    /// A node's `status.images`: an optional array whose elements repeat byte for byte across
    /// the nodes of a page, read once each on the fast path.
    mutating func nodeImages(_ key: StaticString, _ value: inout [NodeImage]?) throws(Failure)
}

extension WireObject {
    /// The fast path: the object's members in document order, each one looked up in the member
    /// list (which the compiler specialises into a chain of key comparisons); a member not in
    /// the list is skipped, a duplicate or a missing required one is declined. Always inlined:
    /// each type's `ByteDecodable` witness then holds its own specialised copy, not a call to
    /// the generic one (which looks up type metadata per object: a third slower).
    @inline(__always) static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var value = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            try withUnsafeMutablePointer(to: &reader) { (pointer: UnsafeMutablePointer<JSONByteReader>) throws(Decline) -> Bool in
                var members = ByteMembers(key: key, reader: pointer, seen: seen)
                try Self.members(of: &value, &members)
                seen = members.seen
                return members.matched
            }
        }
        var required = RequiredMembers()
        Self.members(of: &value, &required)
        guard seen & required.mask == required.mask else { throw Decline() }
        return value
    }

    /// The `JSONDecoder` path (the reference the fast path is held to), from the same list.
    init(from decoder: any Decoder) throws {
        self.init()
        var members = DecoderMembers(container: try decoder.container(keyedBy: WireKey.self))
        try Self.members(of: &self, &members)
    }
}

/// Reads the one member whose key is `key`, if the list has it, from the bytes.
struct ByteMembers: MemberReader {
    let key: JSONKey
    let reader: UnsafeMutablePointer<JSONByteReader>
    /// The members of this object read so far, by their place in the list.
    var seen: UInt32
    /// Whether `key` was in the list (and its value read).
    private(set) var matched = false
    /// The place in the list of the member visited next.
    private var bit = 0

    init(key: JSONKey, reader: UnsafeMutablePointer<JSONByteReader>, seen: UInt32) {
        self.key = key
        self.reader = reader
        self.seen = seen
    }

    /// Whether the member visited now is `key` (then marked read; a second occurrence is
    /// declined, since `JSONDecoder` keeps the first, a rule this path need not copy).
    @inline(__always) private mutating func take(_ name: StaticString) throws(Decline) -> Bool {
        defer { bit += 1 }
        guard !matched, key == name else { return false }
        matched = true
        try reader.pointee.once(&seen, bit)
        return true
    }

    @inline(__always) mutating func optional<T: ByteDecodable & Decodable>(_ name: StaticString, _ value: inout T?) throws(Decline) {
        if try take(name) { value = try reader.pointee.optional(T.self) }
    }

    @inline(__always) mutating func required<T: ByteDecodable & Decodable>(_ name: StaticString, _ value: inout T) throws(Decline) {
        if try take(name) { value = try T.decode(from: &reader.pointee) }
    }

    mutating func nodeImages(_ name: StaticString, _ value: inout [NodeImage]?) throws(Decline) {
        guard try take(name), try !reader.pointee.takeNull() else { return }
        // The same image, named alike, is on hundreds of the page's nodes: read once.
        var images: [NodeImage] = []
        try reader.pointee.beginArray()
        var first = true
        while try reader.pointee.nextElement(&first) {
            images.append(try reader.pointee.repeated(in: reader.pointee.interner.nodeImages, prefix: #"{"names":[""#, NodeImage.decode))
        }
        value = images
    }
}

/// The places in the list of the required members.
struct RequiredMembers: MemberReader {
    typealias Failure = Never
    private(set) var mask: UInt32 = 0
    private var bit = 0

    mutating func optional<T: ByteDecodable & Decodable>(_: StaticString, _: inout T?) { bit += 1 }

    mutating func required<T: ByteDecodable & Decodable>(_: StaticString, _: inout T) {
        mask |= 1 << bit
        bit += 1
    }

    mutating func nodeImages(_: StaticString, _: inout [NodeImage]?) { bit += 1 }
}

/// Reads each member of the list from a `Decoder`'s keyed container, as a synthesized
/// `Decodable` conformance would.
struct DecoderMembers: MemberReader {
    let container: KeyedDecodingContainer<WireKey>

    func optional<T: ByteDecodable & Decodable>(_ key: StaticString, _ value: inout T?) throws(any Error) {
        value = try container.decodeIfPresent(T.self, forKey: WireKey(key))
    }

    func required<T: ByteDecodable & Decodable>(_ key: StaticString, _ value: inout T) throws(any Error) {
        value = try container.decode(T.self, forKey: WireKey(key))
    }

    func nodeImages(_ key: StaticString, _ value: inout [NodeImage]?) throws(any Error) {
        try optional(key, &value)
    }
}

/// A member's key for `DecoderMembers`.
struct WireKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ key: StaticString) { stringValue = "\(key)" }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue _: Int) { nil }
}
