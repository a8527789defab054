/// Eight bytes of JSON at a time: what the decoder and the writer look for in a string.
public enum JSONBytes {
    /// The high bit set in each of eight bytes (little-endian word) that may be `"`, `\` or a
    /// control character below 0x20, 0 when none is (never 0 when one is; a byte above a true
    /// one may be marked too). Bytes from 0x80 are not marked.
    @inlinable @inline(__always) public static func escapeBits(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        return (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)) & highs
    }
}
