/// Finds the raw bytes of the elements of one top-level array member of a JSON document
/// (`items` of a NodeList, `dockerImages` of a GAR listing) without re-serializing them, so
/// the stand-in serves exactly what it was given.
struct RawJSONScanner {
    enum ScanError: Error, CustomStringConvertible {
        case malformed(String)
        var description: String {
            switch self { case .malformed(let why): return "malformed JSON: \(why)" }
        }
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The byte ranges of the elements of the top-level member `member`, or nil when the
    /// document has no such member (or it is null).
    static func elements(of member: String, in bytes: [UInt8]) throws -> [Range<Int>]? {
        var scanner = RawJSONScanner(bytes)
        return try scanner.topLevelArray(member)
    }

    /// The byte range of the value of member `member` of the object at `range` (nil when absent).
    static func member(_ member: String, ofObjectAt range: Range<Int>, in bytes: [UInt8]) throws -> Range<Int>? {
        var scanner = RawJSONScanner(bytes)
        scanner.position = range.lowerBound
        return try scanner.objectMember(member)
    }

    private mutating func objectMember(_ member: String) throws -> Range<Int>? {
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek == UInt8(ascii: "}") { return nil }
        while true {
            skipWhitespace()
            let key = try stringValue()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let range = try value()
            if key == member { return range }
            skipWhitespace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            return nil
        }
    }

    private mutating func topLevelArray(_ member: String) throws -> [Range<Int>]? {
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek == UInt8(ascii: "}") { return nil }
        var found: [Range<Int>]? = nil
        while true {
            skipWhitespace()
            let key = try stringValue()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            if key == member && peek == UInt8(ascii: "[") {
                found = try arrayElements()
            } else {
                _ = try value()
            }
            skipWhitespace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            return found
        }
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else {
            throw ScanError.malformed("expected '\(Character(Unicode.Scalar(byte)))' at offset \(position)")
        }
        position += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func arrayElements() throws -> [Range<Int>] {
        try expect(UInt8(ascii: "["))
        var ranges: [Range<Int>] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") { position += 1; return ranges }
        while true {
            skipWhitespace()
            ranges.append(try value())
            skipWhitespace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            return ranges
        }
    }

    /// Skips one value and returns its range.
    private mutating func value() throws -> Range<Int> {
        let start = position
        guard let byte = peek else { throw ScanError.malformed("unexpected end of document") }
        switch byte {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                guard let current = peek else { throw ScanError.malformed("unterminated container") }
                switch current {
                case UInt8(ascii: "\""): try skipString(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                position += 1
            } while depth > 0
        default:
            while let current = peek, !(current == UInt8(ascii: ",") || current == UInt8(ascii: "}")
                || current == UInt8(ascii: "]") || current == 0x20 || current == 0x0A || current == 0x0D
                || current == 0x09)
            {
                position += 1
            }
            if position == start { throw ScanError.malformed("unexpected byte at offset \(start)") }
        }
        return start..<position
    }

    private mutating func skipString() throws {
        try expect(UInt8(ascii: "\""))
        while let byte = peek {
            position += 1
            if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { return }
        }
        throw ScanError.malformed("unterminated string")
    }

    private mutating func stringValue() throws -> String {
        let start = position
        try skipString()
        return String(decoding: bytes[(start + 1)..<(position - 1)], as: UTF8.self)
    }
}

extension RawJSONScanner {
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
