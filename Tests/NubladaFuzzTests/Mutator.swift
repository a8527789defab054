/// A seeded random source (SplitMix64): the same seed gives the same inputs on every machine
/// and every run, so a failure is reproduced by its seed and iteration alone.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`, small values more often (sizes, counts, depths).
    mutating func skewed(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let scale = Int.random(in: 0...Int(Double(bound).squareRoot()), using: &self)
        return min(bound - 1, scale * scale + Int.random(in: 0...scale, using: &self))
    }
}

/// Turns real inputs (the seeds) into hostile ones: bit flips, splices, truncations at
/// structural boundaries, values swapped for another type, huge and non-finite numbers, deep
/// nesting, invalid UTF-8, NUL bytes and very long runs. One mutator serves any parser: the
/// syntax only chooses how values and nesting are spelled; `words` are the format's own keys
/// and keywords, so mutations reach past the first lookup.
struct Mutator {
    /// How the input spells values and nesting.
    enum Syntax {
        case json
        case yaml
        /// Line formats (`key = value`) and single tokens: no nesting of their own.
        case text
    }

    let seeds: [[UInt8]]
    let syntax: Syntax
    let words: [String]
    /// No generated input is longer: a parser's own cost stays bounded per input.
    let maximumSize: Int

    init(seeds: [[UInt8]], syntax: Syntax, words: [String] = [], maximumSize: Int = 256 * 1024) {
        precondition(!seeds.isEmpty, "a mutator needs at least one real input")
        self.seeds = seeds
        self.syntax = syntax
        self.words = words
        self.maximumSize = maximumSize
    }

    /// One input: a seed with one to four mutations (one most often, so that structure-keeping
    /// mutations reach the decoder past the syntax check), at most `maximumSize` bytes.
    func input(_ random: inout FuzzRandom) -> [UInt8] {
        var bytes = seeds[Int.random(in: 0..<seeds.count, using: &random)]
        for _ in 0...random.skewed(4) {
            mutate(&bytes, &random)
            if bytes.count > maximumSize { bytes.removeSubrange(maximumSize...) }
        }
        return bytes
    }

    /// Half the time a mutation that keeps the syntax (a value swapped for another type, a huge
    /// number, a keyword, deep nesting), so the decoder's own checks are reached, not only the
    /// syntax check.
    private func mutate(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        let kind = Bool.random(using: &random) ? [5, 6, 7, 11].randomElement(using: &random)! : Int.random(in: 0..<13, using: &random)
        switch kind {
        case 0: flipBits(&bytes, &random)
        case 1: deleteRange(&bytes, &random)
        case 2: duplicateRange(&bytes, &random)
        case 3: splice(&bytes, &random)
        case 4: truncateAtBoundary(&bytes, &random)
        case 5: replaceValue(&bytes, with: Self.otherTypes(syntax).randomElement(using: &random)!, &random)
        case 6: replaceValue(&bytes, with: Self.hugeNumbers.randomElement(using: &random)!, &random)
        case 7: nest(&bytes, &random)
        case 8: insert(&bytes, Self.badEncodings.randomElement(using: &random)!, &random)
        case 9: insert(&bytes, longRun(&random), &random)
        case 10: insert(&bytes, Array((words.randomElement(using: &random) ?? "x").utf8), &random)
        case 11: replaceValue(&bytes, with: words.randomElement(using: &random) ?? "", &random)
        default: shuffleLines(&bytes, &random)
        }
    }

    // MARK: Byte-level

    private func flipBits(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        guard !bytes.isEmpty else { return }
        for _ in 0...random.skewed(8) {
            bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 1 << UInt8.random(in: 0...7, using: &random)
        }
    }

    private func deleteRange(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        guard !bytes.isEmpty else { return }
        let start = Int.random(in: 0..<bytes.count, using: &random)
        bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.skewed(bytes.count - start)))
    }

    private func duplicateRange(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        guard !bytes.isEmpty else { return }
        let start = Int.random(in: 0..<bytes.count, using: &random)
        let chunk = Array(bytes[start..<min(bytes.count, start + 1 + random.skewed(bytes.count - start))])
        let copies = 1 + random.skewed(max(1, maximumSize / max(1, chunk.count * 4)))
        insert(&bytes, Array([[UInt8]](repeating: chunk, count: copies).joined()), &random)
    }

    /// A piece of another seed, so fields of one input meet the structure of another.
    private func splice(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        let other = seeds.randomElement(using: &random)!
        guard !other.isEmpty else { return }
        let start = Int.random(in: 0..<other.count, using: &random)
        insert(&bytes, Array(other[start..<min(other.count, start + 1 + random.skewed(other.count - start))]), &random)
    }

    private func insert(_ bytes: inout [UInt8], _ piece: [UInt8], _ random: inout FuzzRandom) {
        bytes.insert(contentsOf: piece, at: Int.random(in: 0...bytes.count, using: &random))
    }

    // MARK: Structure

    /// Cuts just before or after a structural byte, or inside a multi-byte UTF-8 sequence;
    /// keeps the head (a stream cut short) or, now and then, the tail.
    private func truncateAtBoundary(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        guard let cut = Self.next(in: bytes, after: &random, where: Self.boundaries) else { return }
        let at = Bool.random(using: &random) ? cut : cut + 1
        if Int.random(in: 0..<4, using: &random) == 0 {
            bytes.removeSubrange(..<at)
        } else {
            bytes.removeSubrange(at...)
        }
    }

    /// The first index from a random start (wrapping around) whose byte is in `table`.
    private static func next(in bytes: [UInt8], after random: inout FuzzRandom, where table: [Bool]) -> Int? {
        guard !bytes.isEmpty else { return nil }
        let start = Int.random(in: 0..<bytes.count, using: &random)
        return bytes[start...].firstIndex { table[Int($0)] } ?? bytes[..<start].firstIndex { table[Int($0)] }
    }

    private static func table(_ characters: String, continuationBytes: Bool = false) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in characters.utf8 { table[Int(byte)] = true }
        if continuationBytes { for byte in 0x80...0xBF { table[byte] = true } }
        return table
    }

    private static let boundaries = table("{}[]:,\"'\n\t #=-&*!|>\\", continuationBytes: true)
    private static let textMarkers = table("=")
    private static let structureMarkers = table(":,[")

    /// Replaces one value (after a `:`, `=` or `- `, or a list item) with `replacement`.
    private func replaceValue(_ bytes: inout [UInt8], with replacement: String, _ random: inout FuzzRandom) {
        guard let span = valueSpan(bytes, &random) else {
            insert(&bytes, Array(replacement.utf8), &random)
            return
        }
        bytes.replaceSubrange(span, with: Array(replacement.utf8))
    }

    /// Wraps a value in hundreds or thousands of levels of lists or mappings; sometimes leaves
    /// them unclosed, as a stream cut short would. (Foundation's JSON parser refuses more than
    /// 512 levels and libyaml more than 1,000, before any recursion could exhaust a stack: the
    /// depths here straddle both limits.)
    private func nest(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        let depth = [2, 64, 600, 1100, 5000, 20000, 60000].randomElement(using: &random)!
        let (open, close): (String, String)
        switch (syntax, Int.random(in: 0..<3, using: &random)) {
        case (.json, 0), (.yaml, 0): (open, close) = ("[", "]")
        case (.json, _): (open, close) = (#"{"a":"#, "}")
        case (.yaml, 1): (open, close) = ("{a: ", "}")
        case (.yaml, _): (open, close) = ("- ", "")
        case (.text, _): (open, close) = (["[", "(", "{", "\\", "_c1"].randomElement(using: &random)!, "")
        }
        guard depth * (open.utf8.count + close.utf8.count) < maximumSize else { return }
        let span = valueSpan(bytes, &random) ?? bytes.endIndex..<bytes.endIndex
        let closed = Bool.random(using: &random)
        bytes.insert(contentsOf: Array(String(repeating: close, count: closed ? depth : 0).utf8), at: span.upperBound)
        bytes.insert(contentsOf: Array(String(repeating: open, count: depth).utf8), at: span.lowerBound)
    }

    private func shuffleLines(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count > 1 else { return }
        let from = Int.random(in: 0..<lines.count, using: &random)
        let to = Int.random(in: 0..<lines.count, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0: lines.swapAt(from, to)
        case 1: lines.insert(lines[from], at: to)
        default: lines.remove(at: from)
        }
        bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    /// A run of one character or word, up to a quarter of the size bound.
    private func longRun(_ random: inout FuzzRandom) -> [UInt8] {
        let unit = ["a", "9", " ", "\n", "\0", "é", "\u{1F600}", "\\", "\"", "-", "#", "_c1", "ab", "[", "- "]
            .randomElement(using: &random)!
        let count = 1 + random.skewed(maximumSize / 4 / unit.utf8.count)
        return Array(String(repeating: unit, count: count).utf8)
    }

    /// Where a value of the input lies: after a `:` or `=` (to the end of the line, or for
    /// JSON to the end of the value), or a whole line.
    private func valueSpan(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Range<Int>? {
        let markers = syntax == .text ? Self.textMarkers : Self.structureMarkers
        guard let marker = Self.next(in: bytes, after: &random, where: markers) else {
            return syntax == .text ? bytes.startIndex..<bytes.endIndex : nil
        }
        var start = marker + 1
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
        let end = syntax == .json ? Self.jsonValueEnd(bytes, from: start) : Self.lineEnd(bytes, from: start)
        return start..<end
    }

    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int {
        bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
    }

    /// The end of the JSON value at `start`: strings with escapes, nested brackets by depth.
    private static func jsonValueEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        var depth = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index = stringEnd(bytes, from: index)
                if depth == 0 { return index }
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { return index }
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: ","):
                if depth == 0 { return index }
            default:
                break
            }
            index += 1
        }
        return bytes.endIndex
    }

    /// Just after the closing quote of the string opening at `start` (or the end).
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return bytes.endIndex
    }

    // MARK: Vocabularies

    /// Values of every type, to stand where another type is expected.
    private static func otherTypes(_ syntax: Syntax) -> [String] {
        switch syntax {
        case .json:
            [#""text""#, #""""#, "0", "-1", "1.5", "true", "false", "null", "[]", "{}", #"["a",1,null]"#,
             #"{"a":null,"b":[{}]}"#, #""\u0000""#, #""\ud800""#]
        case .yaml:
            ["text", "''", #""0""#, "0", "-1", "1.5", "true", "no", "null", "~", "[]", "{}", "[a, 1, ~]",
             "{a: 1, b: [x]}", "!!binary aGVsbG8=", "!!str 1", "!!int x", "!!float .nan", "!!map x",
             "&a [1, 2]", "*a", "*undefined", "|\n  block\n", ">-\n  folded\n", "? complex\n: key", "<<: {a: 1}",
             "2026-10-15", "2026-10-15T00:00:00Z", "0x1F", "0o17", "1_000", "\"\\x00\\uD800\""]
        case .text:
            ["", "default", "on", "#", "#fff", "#ffffff", "#gggggg", "bold", "=", "= =", "on on", "#ffffff on",
             "default on default bold dim underline reverse italic", "-", "@", ":", "/", "@sha256:", "_c", "-arm64"]
        }
    }

    /// Numbers no parser should trust: beyond Int and Double, negative zero, non-finite spellings.
    static let hugeNumbers = [
        "1e400", "-1e400", "1e-400", "1e308", "99999999999999999999", "-99999999999999999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "-0", "-0.0", "0e0", "NaN", "nan", "-NaN", "Infinity", "-Infinity", "inf",
        ".inf", "-.inf", ".nan", "\"NaN\"", "\"1e400\"", "\"99999999999999999999\"", "0x7FFFFFFFFFFFFFFF",
        "2562047788015216h", "1e400w", "99999999999999999999d", "1.7976931348623157e309",
        String(repeating: "9", count: 400), "0." + String(repeating: "0", count: 400) + "1",
    ]

    /// Bytes that are not UTF-8 (lone continuation, overlong, surrogate, beyond U+10FFFF,
    /// cut-off sequences), NUL, and control characters.
    static let badEncodings: [[UInt8]] = [
        [0xFF], [0xFE, 0xFF], [0x80], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xEF, 0xBB, 0xBF], [0x00], [0x00, 0x00, 0x00],
        [0x1B, 0x5B, 0x32, 0x4A], [0x0D], [0x0C], [0x7F], Array("\\u0000".utf8), Array("\\ud800".utf8),
        Array("\\".utf8), Array("\u{2028}\u{FEFF}\u{202E}".utf8),
    ]
}
