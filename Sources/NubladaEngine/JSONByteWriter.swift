#if canImport(Glibc)
import Glibc
#endif

/// The growing byte buffer `JSONValue` writes into: appends are a capacity check and a copy,
/// without the uniqueness and capacity bookkeeping of an array per byte (a 10,000-node snapshot
/// is megabytes of short strings).
public struct JSONByteWriter: ~Copyable {
    private var buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Where full buffers go; nil to keep everything (`bytes()`).
    private let sink: ((UnsafeBufferPointer<UInt8>) -> Void)?

    /// A writer that keeps what it is given, in a buffer that grows.
    public init(capacity: Int = 64 * 1024) {
        self.capacity = max(16, capacity)
        buffer = .allocate(capacity: self.capacity)
        sink = nil
    }

    /// A writer that hands its buffer to `sink` whenever it is full, and the rest at `flush()`:
    /// a document of megabytes never lies whole in memory.
    public init(bufferSize: Int, sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        capacity = max(16, bufferSize)
        buffer = .allocate(capacity: capacity)
        self.sink = sink
    }

    deinit { buffer.deallocate() }

    /// The bytes written.
    public consuming func bytes() -> [UInt8] { written }

    /// The bytes written so far (a copy; the writer goes on).
    public var written: [UInt8] { Array(UnsafeBufferPointer(start: buffer, count: count)) }

    /// Hands what is buffered to the sink.
    public mutating func flush() {
        guard let sink, count > 0 else { return }
        sink(UnsafeBufferPointer(start: buffer, count: count))
        count = 0
    }

    @inline(__always) private mutating func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        if sink != nil {
            flush()
            if more <= capacity { return }
        }
        var grown = capacity * 2
        while count + more > grown { grown *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.initialize(from: buffer, count: count)
        buffer.deallocate()
        buffer = larger
        capacity = grown
    }

    @inline(__always) public mutating func append(_ byte: UInt8) {
        reserve(1)
        buffer[count] = byte
        count += 1
    }

    @inline(__always) public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        if let sink, bytes.count > capacity {  // a large piece goes on as it is
            flush()
            sink(bytes)
            return
        }
        reserve(bytes.count)
        (buffer + count).initialize(from: start, count: bytes.count)
        count += bytes.count
    }

    public mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `count` spaces.
    public mutating func appendSpaces(_ count: Int) {
        reserve(count)
        (buffer + self.count).initialize(repeating: UInt8(ascii: " "), count: count)
        self.count += count
    }

    /// A string in quotes, escaped as JSON requires (`"`, `\`, control characters); runs of
    /// bytes that need no escape are copied whole, eight bytes are checked at a time, and UTF-8
    /// above ASCII is written as it is.
    public mutating func appendQuoted(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var run = 0, index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count,
                   JSONBytes.escapeBits(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) == 0 {
                    index += 8
                    continue
                }
                let byte = base[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                append(UnsafeBufferPointer(start: base + run, count: index - run))
                index += 1
                run = index
                switch byte {
                case UInt8(ascii: "\""): append(#"\""#)
                case UInt8(ascii: "\\"): append(#"\\"#)
                case UInt8(ascii: "\n"): append(#"\n"#)
                case UInt8(ascii: "\r"): append(#"\r"#)
                case UInt8(ascii: "\t"): append(#"\t"#)
                default:
                    let digits: StaticString = "0123456789abcdef"
                    append(#"\u00"#)
                    append(digits.utf8Start[Int(byte >> 4)])
                    append(digits.utf8Start[Int(byte & 0x0F)])
                }
            }
            append(UnsafeBufferPointer(start: base + run, count: bytes.count - run))
        }
        append(UInt8(ascii: "\""))
    }
}
