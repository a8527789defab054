import Foundation
import Testing
@testable import NubladaClients

/// A watch stream's line splitter costs time in proportion to the bytes it is fed, however
/// long a line and however small the chunks it arrives in; a line past the documented bound is
/// refused rather than buffered without end.
@Suite("Watch stream line splitting: linear, bounded")
struct LineSplitterTests {
    /// Feeds `bytes` in chunks of `size` and returns the lines completed.
    static func feed(_ splitter: inout LineSplitter, _ bytes: [UInt8], chunk size: Int) -> [Data] {
        var lines: [Data] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + size)
            lines += bytes[start..<end].withUnsafeBytes { splitter.append($0) }
            start = end
        }
        return lines
    }

    static func event(nameBytes: Int) -> [UInt8] {
        Array((#"{"type":"ADDED","object":{"metadata":{"name":""# + String(repeating: "x", count: nameBytes) + "\"}}}\n").utf8)
    }

    @Test("a 6 MB line in 1 KiB chunks is found with each byte searched once") func longLineIsLinear() {
        var splitter = LineSplitter()
        let line = Self.event(nameBytes: 6_000_000)
        let stream = line + Array("{\"type\":\"BOOKMARK\"}\n".utf8)
        let lines = Self.feed(&splitter, stream, chunk: 1024)
        #expect(lines.count == 2)
        #expect(lines.first?.count == line.count - 1)
        #expect(splitter.remainder.isEmpty)
        #expect(!splitter.refused)
        // Each byte is searched for a line break once: the cost grows with the stream, not with
        // the square of a line (6 MB in 1 KiB chunks searched the pending line 6,000 times).
        #expect(splitter.scannedBytes <= stream.count, "searched \(splitter.scannedBytes) bytes for \(stream.count) fed")
    }

    @Test("many short lines in one chunk are each searched once") func manyLinesInOneChunk() {
        var splitter = LineSplitter()
        let stream = Array(repeating: Array("{\"type\":\"BOOKMARK\"}\n".utf8), count: 20_000).flatMap { $0 }
        let lines = Self.feed(&splitter, stream, chunk: stream.count)
        #expect(lines.count == 20_000)
        #expect(splitter.scannedBytes <= stream.count)
    }

    @Test("a line past the bound is refused: nothing more is split or kept") func overlongLineRefused() {
        var splitter = LineSplitter(maximumLineBytes: 1 << 20)
        let lines = Self.feed(&splitter, Self.event(nameBytes: 3_000_000) + Array("{\"type\":\"BOOKMARK\"}\n".utf8), chunk: 4096)
        #expect(lines.isEmpty)
        #expect(splitter.refused)
        #expect(splitter.remainder.isEmpty)
        #expect(splitter.scannedBytes <= (1 << 20) + 8192)
    }

    @Test("a line of exactly the bound is taken; one byte more is refused") func boundIsInclusive() {
        var exact = LineSplitter(maximumLineBytes: 100)
        let line = [UInt8](repeating: UInt8(ascii: "a"), count: 100) + [10]
        #expect(Self.feed(&exact, line, chunk: 7).map(\.count) == [100])
        #expect(!exact.refused)
        var over = LineSplitter(maximumLineBytes: 100)
        #expect(Self.feed(&over, [UInt8(ascii: "b")] + line, chunk: 7).isEmpty)
        #expect(over.refused)
        var oneChunk = LineSplitter(maximumLineBytes: 100)
        #expect(Self.feed(&oneChunk, [UInt8(ascii: "b")] + line, chunk: 1000).isEmpty)
        #expect(oneChunk.refused)
    }

    @Test("lines across chunk edges, empty lines, and the remainder") func edges() {
        var splitter = LineSplitter()
        let stream = Array("{\"a\":1}\n\n{\"b\":2}\n{\"c\"".utf8)
        for size in [1, 2, 3, 7, 8, 9, stream.count] {
            splitter = LineSplitter()
            let lines = Self.feed(&splitter, stream, chunk: size).map { String(decoding: $0, as: UTF8.self) }
            #expect(lines == ["{\"a\":1}", "{\"b\":2}"], "chunks of \(size)")
            #expect(String(decoding: splitter.remainder, as: UTF8.self) == "{\"c\"", "chunks of \(size)")
        }
    }

    @Test("the bound is well above any object Kubernetes stores (etcd refuses requests over 1.5 MiB)") func documentedBound() {
        #expect(LineSplitter.maximumLineBytes == 16 << 20)
    }
}
