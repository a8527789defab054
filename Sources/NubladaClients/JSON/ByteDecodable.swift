import Foundation
import NubladaEngine

/// A type read by `JSONByteReader` on the hot path, with the same result as its `Decodable`
/// conformance through `JSONDecoder` (the differential test holds the two to that). Objects
/// get both from one member list (`WireObject`); the scalars, arrays and maps are here.
protocol ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self
}

extension ByteDecodable where Self: Decodable {
    /// Decodes `data` on the fast path; what it declines (anything unusual, every error)
    /// `JSONDecoder` decodes, so values and errors are exactly the straightforward decoder's.
    static func decodeFast(_ data: Data) throws -> Self {
        if let value = try? fastOnly(data) { return value }
        return try JSONDecoder().decode(Self.self, from: data)
    }

    /// The fast path alone: the value, or `Decline`.
    static func fastOnly(_ data: Data) throws(Decline) -> Self {
        try data.withBytes { (bytes: UnsafeRawBufferPointer) throws(Decline) -> Self in
            var reader = JSONByteReader(bytes, interner: StringInterner(capacity: bytes.count / 4096 + 64))
            return try reader.document { (reader: inout JSONByteReader) throws(Decline) -> Self in try decode(from: &reader) }
        }
    }
}

extension Data {
    /// `withUnsafeBytes` for a body that throws only `Decline`.
    func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws(Decline) -> T) throws(Decline) -> T {
        try withUnsafeBytes { bytes in Result { () throws(Decline) -> T in try body(bytes) } }.get()
    }
}

extension JSONByteReader {
    /// A member that `Decodable` reads with `decodeIfPresent`: null gives nil.
    mutating func optional<T: ByteDecodable>(_: T.Type) throws(Decline) -> T? {
        try takeNull() ? nil : T.decode(from: &self)
    }

    /// Marks member `bit` of `seen` as read; a second occurrence is declined (`JSONDecoder`
    /// keeps the first, a rule this path need not copy).
    @inline(__always) func once(_ seen: inout UInt32, _ bit: Int) throws(Decline) {
        guard seen & (1 << bit) == 0 else { throw Decline() }
        seen |= 1 << bit
    }

    /// Reads an object member by member: `body` gets each key and either reads the value or
    /// returns false to have it skipped.
    mutating func members(_ body: (inout JSONByteReader, JSONKey) throws(Decline) -> Bool) throws(Decline) {
        try beginObject()
        var first = true
        while let key = try nextKey(&first) {
            if try !body(&self, key) { try skipValue() }
        }
    }
}

extension String: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> String { try reader.string() }
}

extension Int: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Int { try reader.integer() }
}

extension Bool: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Bool { try reader.bool() }
}

extension Array: ByteDecodable where Element: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> [Element] {
        try reader.beginArray()
        var elements: [Element] = []
        var first = true
        while try reader.nextElement(&first) { elements.append(try Element.decode(from: &reader)) }
        return elements
    }
}

extension Dictionary: ByteDecodable where Key == String, Value: ByteDecodable {
    /// A duplicate key (after Unicode canonical equivalence, as `String` compares) is declined.
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> [String: Value] {
        var dictionary: [String: Value] = [:]
        try reader.beginObject()
        var first = true
        while let key = try reader.nextKey(&first) {
            guard let key = key.string(reader.interner) else { throw Decline() }
            guard dictionary.updateValue(try Value.decode(from: &reader), forKey: key) == nil else { throw Decline() }
        }
        return dictionary
    }
}
