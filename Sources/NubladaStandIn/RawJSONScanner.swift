import NubladaEngine

/// Finds the raw bytes of the elements of one top-level array member of a JSON document
/// (`items` of a NodeList, `dockerImages` of a GAR listing) without re-serializing them, so
/// the stand-in serves exactly what it was given. The engine's `JSONByteReader` walks the
/// bytes (strict JSON); this only says which ranges are wanted.
enum RawJSONScanner {
    enum ScanError: Error, CustomStringConvertible {
        case malformed(offset: Int)
        var description: String {
            switch self { case .malformed(let offset): return "malformed JSON at offset \(offset)" }
        }
    }

    /// The byte ranges of the elements of the top-level member `member`, or nil when the
    /// document has no such member (or it is not an array).
    static func elements(of member: String, in bytes: [UInt8]) throws -> [Range<Int>]? {
        try read(bytes, from: 0) { (reader: inout JSONByteReader) throws(Decline) -> [Range<Int>]? in
            var found: [Range<Int>]?
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(&first) {
                guard key.matches(member), reader.peek() == UInt8(ascii: "[") else {
                    try reader.skipValue()
                    continue
                }
                var ranges: [Range<Int>] = []
                try reader.beginArray()
                var firstElement = true
                while try reader.nextElement(&firstElement) {
                    let start = try reader.skipValue()
                    ranges.append(start..<reader.index)
                }
                found = ranges
            }
            return found
        }
    }

    /// The byte range of the value of member `member` of the object at `range` (nil when absent).
    static func member(_ member: String, ofObjectAt range: Range<Int>, in bytes: [UInt8]) throws -> Range<Int>? {
        try read(bytes, from: range.lowerBound) { (reader: inout JSONByteReader) throws(Decline) -> Range<Int>? in
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(&first) {
                let start = try reader.skipValue()
                if key.matches(member) { return (range.lowerBound + start)..<(range.lowerBound + reader.index) }
            }
            return nil
        }
    }

    /// `body` over `bytes` from `offset` (its ranges count from there).
    private static func read<T>(_ bytes: [UInt8], from offset: Int,
                                _ body: (inout JSONByteReader) throws(Decline) -> T) throws -> T {
        try bytes.withUnsafeBytes { whole in
            var reader = JSONByteReader(UnsafeRawBufferPointer(rebasing: whole[offset...]), interner: StringInterner(capacity: 16))
            do {
                return try body(&reader)
            } catch {
                throw ScanError.malformed(offset: offset + reader.index)
            }
        }
    }

    /// `bytes` without the whitespace outside strings.
    static func compact(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                result.append(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                continue
            } else {
                if byte == UInt8(ascii: "\"") { inString = true }
                result.append(byte)
            }
        }
        return result
    }
}
