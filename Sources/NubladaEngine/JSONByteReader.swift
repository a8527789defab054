#if canImport(Glibc)
import Glibc
#endif

/// The fast path met something it is not certain to read exactly as `JSONDecoder` would
/// (invalid or unusual JSON, a number in an odd form, a duplicate key, a wrong type): the
/// caller decodes the same bytes with `JSONDecoder`, whose value or error is then the answer.
/// Being stricter than `JSONDecoder` is always safe; being laxer never is.
public struct Decline: Error {
    @inlinable public init() {}
}

/// Reads JSON straight from its bytes, one value at a time, without building a tree: the
/// caller asks for the members it wants and skips the rest (which is still checked to be
/// strict JSON). Strings come from a `StringInterner`, so a name that repeats across thousands
/// of nodes is one shared string.
public struct JSONByteReader {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let count: Int
    /// Where the reader is: the next value starts here or after white space. Only the reader
    /// moves it (public so that its inlined methods may).
    public var index = 0
    @usableFromInline var depth = 0
    public let interner: StringInterner

    /// Deeper nesting is declined (`JSONDecoder` allows 512 levels; real documents use ten).
    public static let maximumDepth = 100

    public init(_ bytes: UnsafeRawBufferPointer, interner: StringInterner) {
        // An empty buffer may have no base address; any valid pointer does for zero bytes.
        base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        count = bytes.count
        self.interner = interner
    }

    // MARK: Bytes

    /// The byte at `position`, or 0 past the end (0 is never valid outside a string).
    @inlinable @inline(__always) @usableFromInline func byte(_ position: Int) -> UInt8 {
        position < count ? base[position] : 0
    }

    @inlinable @inline(__always) @usableFromInline mutating func skipSpace() {
        while index < count {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte after white space, not consumed.
    @inlinable @inline(__always) public mutating func peek() -> UInt8 {
        skipSpace()
        return byte(index)
    }

    @inlinable @inline(__always) @usableFromInline mutating func expect(_ expected: UInt8) throws(Decline) {
        guard peek() == expected else { throw Decline() }
        index += 1
    }

    /// After a scalar: only white space, `,`, `}` or `]` may follow (`truex`, `12a` are not JSON).
    @inlinable @inline(__always) @usableFromInline func expectDelimiter() throws(Decline) {
        switch byte(index) {
        case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): return
        default:
            if index < count { throw Decline() }
        }
    }

    // MARK: Documents, objects, arrays

    /// The whole input must be one object and nothing after it but white space.
    @inlinable public mutating func document<T>(_ body: (inout JSONByteReader) throws(Decline) -> T) throws(Decline) -> T {
        guard peek() == UInt8(ascii: "{") else { throw Decline() }
        let value = try body(&self)
        skipSpace()
        guard index == count else { throw Decline() }
        return value
    }

    @inlinable public mutating func beginObject() throws(Decline) {
        try expect(UInt8(ascii: "{"))
        depth += 1
        guard depth <= Self.maximumDepth else { throw Decline() }
    }

    /// The next member's key, its value next to read; nil after the closing brace. `first`
    /// starts true for each object. A trailing comma is declined.
    @inlinable public mutating func nextKey(_ first: inout Bool) throws(Decline) -> JSONKey? {
        var next = peek()
        if next == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !first {
            guard next == UInt8(ascii: ",") else { throw Decline() }
            index += 1
            next = peek()
        }
        first = false
        guard next == UInt8(ascii: "\"") else { throw Decline() }
        let start = index + 1
        var end = start
        while true {
            let character = byte(end)
            if character == UInt8(ascii: "\"") { break }
            if character == UInt8(ascii: "\\") {  // `kubernetes.io\/hostname`, as some encoders write it
                let unescaped = try escapedString()
                try expect(UInt8(ascii: ":"))
                return JSONKey(unescaped: unescaped)
            }
            if character < 0x20 { throw Decline() }
            end += 1
        }
        if !Self.isASCII(base + start, end - start) { try skipString() } else { index = end + 1 }
        try expect(UInt8(ascii: ":"))
        return JSONKey(start: base + start, count: end - start)
    }

    @inlinable public mutating func beginArray() throws(Decline) {
        try expect(UInt8(ascii: "["))
        depth += 1
        guard depth <= Self.maximumDepth else { throw Decline() }
    }

    /// Whether another element follows (then it is next to read); false after the closing bracket.
    @inlinable public mutating func nextElement(_ first: inout Bool) throws(Decline) -> Bool {
        let next = peek()
        if next == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        if !first {
            guard next == UInt8(ascii: ",") else { throw Decline() }
            index += 1
            guard peek() != UInt8(ascii: "]") else { throw Decline() }
        }
        first = false
        return true
    }

    /// Consumes a `null` when one is next.
    @inlinable public mutating func takeNull() throws(Decline) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// An array element that may repeat byte for byte in this document. When it begins with
    /// `prefix`, its bytes up to the end of the first string after it are looked up (by hash);
    /// when an element decoded before starts so and all of that element's bytes are these, its
    /// value is returned without reading them again; otherwise `decode` reads the element, and
    /// it is remembered. An element's value depends on its bytes alone (every element of a
    /// table is at the same depth), so this changes no result.
    @inlinable public mutating func repeated<T>(in table: RepeatedElements<T>, prefix: StaticString,
                              _ decode: (inout JSONByteReader) throws(Decline) -> T) throws(Decline) -> T {
        skipSpace()
        let start = index
        let prefixCount = prefix.utf8CodeUnitCount
        guard start + prefixCount <= count, memcmp(base + start, prefix.utf8Start, prefixCount) == 0 else {
            return try decode(&self)
        }
        var end = plainRun(from: start + prefixCount)
        while end < count, base[end] != UInt8(ascii: "\""), base[end] != UInt8(ascii: "\\") { end += 1 }
        guard byte(end) == UInt8(ascii: "\"") else { return try decode(&self) }
        let hash = ByteHash.of(UnsafeBufferPointer(start: base + start, count: end - start))
        if let seen = table.find(hash, at: base + start, available: count - start) {
            index = start + seen.length
            return seen.value
        }
        let value = try decode(&self)
        table.insert(hash, start: base + start, length: index - start, value)
        return value
    }

    // MARK: Scalars

    @inlinable public mutating func string() throws(Decline) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw Decline() }
        let start = index + 1
        var end = plainRun(from: start)
        var ascii = true
        while true {
            let character = byte(end)
            if character == UInt8(ascii: "\"") { break }
            if character == UInt8(ascii: "\\") { return try escapedString() }
            if character < 0x20 { throw Decline() }
            if character >= 0x80 { ascii = false }
            end += 1
        }
        index = end + 1
        guard let text = interner.string(UnsafeBufferPointer(start: base + start, count: end - start), validate: !ascii) else {
            throw Decline()
        }
        return text
    }

    /// A string with escapes, from its opening quote: unescaped into bytes, then checked to be UTF-8.
    @usableFromInline mutating func escapedString() throws(Decline) -> String {
        var bytes: [UInt8] = []
        index += 1
        while true {
            let character = byte(index)
            index += 1
            switch character {
            case UInt8(ascii: "\""):
                guard let text = bytes.withUnsafeBufferPointer({ interner.string($0, validate: true) }) else { throw Decline() }
                return text
            case UInt8(ascii: "\\"):
                let escape = byte(index)
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &bytes)
                default: throw Decline()
                }
            default:
                guard character >= 0x20 else { throw Decline() }  // a control character, or the end
                bytes.append(character)
            }
        }
    }

    /// `\uXXXX` (after the `u`), a surrogate pair as one scalar; a lone surrogate or NUL is declined.
    mutating func appendUnicodeEscape(to bytes: inout [UInt8]) throws(Decline) {
        var scalar = try hexQuad()
        if (0xD800..<0xDC00).contains(scalar) {
            guard byte(index) == UInt8(ascii: "\\"), byte(index + 1) == UInt8(ascii: "u") else { throw Decline() }
            index += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw Decline() }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) || scalar == 0 {
            throw Decline()
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw Decline() }
        bytes.append(contentsOf: UTF8.encode(unicode)!)
    }

    mutating func hexQuad() throws(Decline) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let digit = byte(index)
            index += 1
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt32(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt32(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value << 4 | UInt32(digit - UInt8(ascii: "A") + 10)
            default: throw Decline()
            }
        }
        return value
    }

    /// Where the run of plain ASCII string bytes from `start` ends (eight bytes at a time): the
    /// first word holding a quote, a backslash, a control character or a non-ASCII byte is
    /// left to the byte-by-byte loop.
    @inlinable @inline(__always) @usableFromInline func plainRun(from start: Int) -> Int {
        let highs: UInt64 = 0x8080_8080_8080_8080
        var position = start
        while position + 8 <= count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            if JSONBytes.escapeBits(word) | (word & highs) != 0 { break }  // or a byte from 0x80
            position += 8
        }
        return position
    }

    /// An integer written plainly (`-12`, `0`); a fraction, an exponent or an overflow is declined
    /// (`JSONDecoder` reads `1.0` and `1e2` as integers by rules of its own).
    @inlinable public mutating func integer() throws(Decline) -> Int {
        skipSpace()
        var position = index
        let negative = byte(position) == UInt8(ascii: "-")
        if negative { position += 1 }
        let firstDigit = position
        var value = 0
        while case let digit = byte(position), digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times.subtractingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                : times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw Decline() }
            value = next
            position += 1
        }
        let digits = position - firstDigit
        guard digits > 0, !(digits > 1 && base[firstDigit] == UInt8(ascii: "0")) else { throw Decline() }
        switch byte(position) {
        case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw Decline()
        default: break
        }
        index = position
        try expectDelimiter()
        return value
    }

    @inlinable public mutating func bool() throws(Decline) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw Decline()
        }
    }

    @inlinable @usableFromInline mutating func literal(_ word: StaticString) throws(Decline) {
        guard index + word.utf8CodeUnitCount <= count,
              memcmp(base + index, word.utf8Start, word.utf8CodeUnitCount) == 0 else { throw Decline() }
        index += word.utf8CodeUnitCount
        try expectDelimiter()
    }

    // MARK: Skipping

    /// Skips any value, checking that it is strict JSON, without materialising anything.
    /// Returns where the value started.
    @inlinable @discardableResult
    public mutating func skipValue() throws(Decline) -> Int {
        let start: Int
        switch peek() {
        case UInt8(ascii: "\""):
            start = index
            try skipString()
        case UInt8(ascii: "{"):
            start = index
            try beginObject()
            var first = true
            while try nextKey(&first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            start = index
            try beginArray()
            var first = true
            while try nextElement(&first) { try skipValue() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            start = index
            _ = try bool()
        case UInt8(ascii: "n"):
            start = index
            try literal("null")
        default:
            start = index
            try skipNumber()
        }
        return start
    }

    @usableFromInline mutating func skipString() throws(Decline) {
        let start = index + 1
        var end = plainRun(from: start)
        var ascii = true
        while true {
            let character = byte(end)
            if character == UInt8(ascii: "\"") { break }
            if character == UInt8(ascii: "\\") { _ = try escapedString(); return }
            if character < 0x20 { throw Decline() }
            if character >= 0x80 { ascii = false }
            end += 1
        }
        if !ascii, String(validating: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self) == nil {
            throw Decline()
        }
        index = end + 1
    }

    /// A number of strict JSON grammar: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    @usableFromInline mutating func skipNumber() throws(Decline) {
        var position = index
        func digits() -> Int {
            let start = position
            while case let digit = byte(position), digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") { position += 1 }
            return position - start
        }
        if byte(position) == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0, !(integerDigits > 1 && base[integerStart] == UInt8(ascii: "0")) else { throw Decline() }
        if byte(position) == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw Decline() }
        }
        if byte(position) == UInt8(ascii: "e") || byte(position) == UInt8(ascii: "E") {
            position += 1
            if byte(position) == UInt8(ascii: "+") || byte(position) == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw Decline() }
        }
        index = position
        try expectDelimiter()
    }

    @usableFromInline static func isASCII(_ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for offset in 0..<count where start[offset] >= 0x80 { return false }
        return true
    }
}

/// A member's key: where it stands in the bytes, or the string it spells when it has escapes.
public struct JSONKey {
    @usableFromInline let start: UnsafePointer<UInt8>?
    @usableFromInline let count: Int
    @usableFromInline let unescaped: String?

    @inlinable init(start: UnsafePointer<UInt8>, count: Int) {
        self.start = start
        self.count = count
        unescaped = nil
    }

    @usableFromInline init(unescaped: String) {
        start = nil
        count = 0
        self.unescaped = unescaped
    }

    /// The key as a string (a dictionary's key); nil when its bytes are not UTF-8.
    public func string(_ interner: StringInterner) -> String? {
        if let unescaped { return unescaped }
        return interner.string(UnsafeBufferPointer(start: start, count: count), validate: true)
    }

    @inlinable @inline(__always) public static func == (key: JSONKey, name: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        if let unescaped = key.unescaped { return unescaped.utf8.elementsEqual(expected) }
        return key.count == expected.count && memcmp(key.start!, name.utf8Start, key.count) == 0
    }

    /// Whether the key spells `name` (a name known only at run time).
    public func matches(_ name: String) -> Bool {
        if let unescaped { return unescaped == name }
        return name.utf8.elementsEqual(UnsafeBufferPointer(start: start, count: count))
    }
}
