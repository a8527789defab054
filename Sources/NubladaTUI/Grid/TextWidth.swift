/// Terminal column widths of characters, without depending on the C locale.
enum TextWidth {
    /// Columns a grapheme takes: 2 for East Asian wide/fullwidth and emoji, else 1.
    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 1 }
        let value = first.value
        if value < 0x1100 { return 1 }
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return isWide(value) ? 2 : 1
    }

    /// Columns a string takes.
    static func of(_ text: String) -> Int {
        if isASCII(text) { return text.utf8.count }
        var width = 0
        for character in text { width += of(character) }
        return width
    }

    /// Whether every byte is ASCII (then one byte is one column, control bytes aside).
    @inline(__always)
    static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF,
        0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}

extension String {
    /// This text cut to at most `width` columns; when cut, the last column shows `ellipsis`.
    func truncated(toWidth width: Int, ellipsis: Character = "…") -> String {
        guard width > 0 else { return "" }
        if TextWidth.isASCII(self) {
            let count = utf8.count
            if count <= width { return self }
            return String(decoding: utf8.prefix(width - 1), as: UTF8.self) + String(ellipsis)
        }
        guard TextWidth.of(self) > width else { return self }
        var result = ""
        var used = 0
        for character in self {
            let columns = TextWidth.of(character)
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        result.append(ellipsis)
        return result
    }

    /// This text cut from the left to at most `width` columns, keeping its end.
    func truncatedKeepingEnd(toWidth width: Int, ellipsis: Character = "…") -> String {
        guard width > 0 else { return "" }
        guard TextWidth.of(self) > width else { return self }
        var kept: [Character] = []
        var used = 0
        for character in reversed() {
            let columns = TextWidth.of(character)
            if used + columns > width - 1 { break }
            kept.append(character)
            used += columns
        }
        return String(ellipsis) + String(kept.reversed())
    }

    /// This text padded with spaces on the right to `width` columns (never cut).
    func padded(toWidth width: Int) -> String {
        let missing = width - TextWidth.of(self)
        return missing > 0 ? self + String(repeating: " ", count: missing) : self
    }

    /// This text padded with spaces on the left to `width` columns (never cut).
    func leftPadded(toWidth width: Int) -> String {
        let missing = width - TextWidth.of(self)
        return missing > 0 ? String(repeating: " ", count: missing) + self : self
    }
}
