import Foundation
@testable import NubladaClients
import Testing

/// The fast JSON path (`ByteDecodable`) against the straightforward one (`JSONDecoder` over the
/// same `Decodable` types), on the fixtures and on seeded mutations of them that keep the
/// documents valid in unusual ways (unknown members, escapes, unicode, numbers in odd forms,
/// nesting) or break them. Whatever the fast path accepts must be exactly what `JSONDecoder`
/// reads; what it declines goes to `JSONDecoder`, so the clients' values and errors are the same.
@Suite("Fast JSON decoding agrees with JSONDecoder")
struct DifferentialDecoderTests {
    /// On real documents the fast path must answer itself: were it to decline them all, every
    /// comparison below would pass and nothing would be fast.
    @Test func fixturesTakeTheFastPath() throws {
        let nodeLists = FuzzSeeds.snapshotCases("nodes.json")
        let listings = FuzzSeeds.snapshotCases("registry.json").filter { String(decoding: $0, as: UTF8.self).contains("dockerImages") }
        #expect(!nodeLists.isEmpty && !listings.isEmpty)
        for bytes in nodeLists {
            let fast = try NodeListPage.fastOnly(Data(bytes))
            #expect(fast == (try JSONDecoder().decode(NodeListPage.self, from: Data(bytes))))
            #expect(!(fast.items ?? []).isEmpty)
        }
        for bytes in listings {
            #expect(try GARListingPage.fastOnly(Data(bytes)) == (try JSONDecoder().decode(GARListingPage.self, from: Data(bytes))))
        }
        for bytes in FuzzSeeds.own("pod-list") {
            let fast = try PodListPage.fastOnly(Data(bytes))
            #expect(fast == (try JSONDecoder().decode(PodListPage.self, from: Data(bytes))))
            #expect(fast.items?.compactMap(\.labPod).count == 2)
        }
        for stream in FuzzTests.watchStreams() {
            for line in stream.split(separator: UInt8(ascii: "\n")) {
                let fast = try NodeWatchEvent.fastOnly(Data(line))
                #expect(fast != nil && fast == NodeWatchEvent.parseReference(Data(line)))
            }
        }
    }

    /// Documents the fast path must read as `JSONDecoder` does, or decline; each was once a way
    /// to get them wrong.
    @Test(arguments: [
        #"{"items":[{"metadata":{"name":"a\u00e9\ud83d\ude00\/\"\\\b\f\n\r\t"}}]}"#,  // escapes, a surrogate pair
        #"{"items":[{"metadata":{"name":"a","name":"b"}}]}"#,  // JSONDecoder keeps the first
        #"{"items":[{"metadata":{"name":"a","labels":{"k":"1","k":"2"}}}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"status":{"images":[{"names":["x"],"sizeBytes":1.0}]}}]}"#,  // an integer as 1.0
        #"{"items":[{"metadata":{"name":"a"},"status":{"images":[{"names":["x"],"sizeBytes":1e2}]}}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"status":{"images":[{"names":["x"],"sizeBytes":-0}]}}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"status":{"images":[{"names":["x"],"sizeBytes":9223372036854775808}]}}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"status":{"images":[{"names":["x"],"sizeBytes":01}]}}]}"#,
        #"{"items":[{"metadata":{"name":"a"}},]}"#,  // JSONDecoder takes a trailing comma
        #"{"items":[{"metadata":{"name":"a"},"x":-01}]}"#,  // and odd numbers where it does not look
        #"{"items":[{"metadata":{"name":"a"},"x":1.e1}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"x":"\ud800"}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"x":"\udc00\ud800"}]}"#,
        #"{"items":[{"metadata":{"n\u0061me":"a"}}]}"#,
        #"{"items":[{"metadata":{"name":"a"}}]} x"#,
        "\u{FEFF}{\"items\":[]}",
        #"{"items":[{"metadata":{"name":"a\u0000"}}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"spec":{"unschedulable":1}}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"spec":{"taints":[{"key":"k","effect":null}]}}]}"#,
        #"{"items":[{"metadata":{"name":"a"},"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}"#,
        #"{"items":null,"metadata":{"continue":null,"resourceVersion":"7"}}"#,
        // Long strings alike in their first 16 and last 32 bytes (all the interner hashes of a
        // long string) and different between: each must stay itself.
        #"{"items":[{"metadata":{"name":"a"},"status":{"images":["#
            + #"{"names":["registry.example/one/lab@sha256:0123456789abcdef0123456789abcdef0123456789abcdef"]},"#
            + #"{"names":["registry.example/two/lab@sha256:0123456789abcdef0123456789abcdef0123456789abcdef"]},"#
            + #"{"names":["registry.example/two/lab@sha256:0123456789abcdef0123456789abcdef0123456789abcdef"]}]}}]}"#,
        // One image on several nodes, decoded once and recognised by its bytes after: the same
        // element, others of the same first name and length (another size, another tag), one
        // with a longer size, a longer tag list, an unknown member, a duplicate key.
        DifferentialDecoderTests.nodes([
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_1"],"sizeBytes":1}"#,
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_1"],"sizeBytes":1}"#,
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_1"],"sizeBytes":2}"#,
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_2"],"sizeBytes":1}"#,
        ]),
        DifferentialDecoderTests.nodes([
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_1"],"sizeBytes":1}"#,
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_1"],"sizeBytes":12}"#,
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_1","r.example/lab:w_2"],"sizeBytes":1}"#,
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_1"],"sizeBytes":1,"x":[1]}"#,
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)","r.example/lab:w_1"],"sizeBytes":1}"#,
        ]),
        DifferentialDecoderTests.nodes([
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)"],"sizeBytes":1}"#,
            #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)"],"sizeBytes":1,"sizeBytes":2}"#,
        ]),
        // More variants of one first name than are kept: the later ones are decoded each time.
        DifferentialDecoderTests.nodes((0..<10).flatMap { size in
            Array(repeating: #"{"names":["r.example/lab@sha256:\#(DifferentialDecoderTests.digest)"],"sizeBytes":\#(size)}"#, count: 2)
        }),
        // Alike up to the first name's end, then an escape or a name with no end.
        DifferentialDecoderTests.nodes([#"{"names":["r.example/lab:w_1"],"sizeBytes":1}"#, #"{"names":["r.example/lab:w_1","\u0041"],"sizeBytes":1}"#,
                    #"{"names":["r.example/lab:w_1","\u0041"],"sizeBytes":1}"#, #"{"names":["r.example/lab\u003aw_1"]}"#]),
        #"{"items":[{"metadata":{"name":"a"},"status":{"images":[{"names":["r.example/lab:w_1"]},{"names":["r.example/lab:w_1"]"#,
    ])
    func oddDocuments(_ text: String) {
        #expect(Self.compare(NodeListPage.self, Array(text.utf8)) == nil)
    }

    /// An image listed alike by several nodes of a page is read once: the nodes share its names.
    @Test func repeatedImagesAreReadOnce() throws {
        let element = #"{"names":["r.example/lab@sha256:\#(Self.digest)","r.example/lab:w_1"],"sizeBytes":7}"#
        let page = try NodeListPage.fastOnly(Data(Self.nodes([element, element, element, element]).utf8))
        let images = (page.items ?? []).flatMap { $0.status?.images ?? [] }
        #expect(images.count == 4)
        #expect(Set(images).count == 1 && images[0].digest == "sha256:" + Self.digest && images[0].sizeBytes == 7)
        let storage = Set(images.map { $0.names.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } })
        #expect(storage.count == 1)
    }

    static let digest = String(repeating: "0123456789abcdef", count: 4)

    /// A NodeList whose nodes `a`, `b`, … list these image elements, two to a node.
    static func nodes(_ images: [String]) -> String {
        let nodes = stride(from: 0, to: images.count, by: 2).map { start in
            #"{"metadata":{"name":"n\#(start)"},"status":{"images":["# + images[start..<min(start + 2, images.count)].joined(separator: ",") + "]}}"
        }
        return #"{"items":["# + nodes.joined(separator: ",") + "]}"
    }

    @Test func nodeLists() async throws {
        try await Self.differential("node-list-differential", NodeListPage.self,
                                    FuzzSeeds.shortened(FuzzSeeds.snapshotCases("nodes.json"), list: "items"))
    }

    @Test func podLists() async throws {
        try await Self.differential("pod-list-differential", PodListPage.self, FuzzSeeds.own("pod-list"))
    }

    @Test func registryListings() async throws {
        try await Self.differential("gar-listing-differential", GARListingPage.self,
                                    FuzzSeeds.shortened(FuzzSeeds.snapshotCases("registry.json"), list: "dockerImages"))
    }

    @Test func watchEvents() async throws {
        let lines = FuzzTests.watchStreams().flatMap { $0.split(separator: UInt8(ascii: "\n")).map(Array.init) }
        let problems = try await FuzzRunner.run(FuzzTarget(
            name: "watch-event-differential",
            mutator: Mutator(seeds: JSONVariations.seeds(lines), syntax: .json, words: JSONVariations.words, maximumSize: 16 * 1024),
            iterations: 1500,
            parse: { input in
                let line = Data(input)
                let reference = NodeWatchEvent.parseReference(line)
                if let fast = try? NodeWatchEvent.fastOnly(line), fast != reference {
                    return .broken("fast path read \(String(describing: fast)), JSONDecoder \(String(describing: reference))")
                }
                if NodeWatchEvent.parse(line) != reference { return .broken("parse differs from parseReference") }
                return .value
            }))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Fast and straightforward decoding of `type` over mutations of `seeds`.
    static func differential<T: ByteDecodable & Decodable & Equatable & Sendable>(_ name: String, _ type: T.Type, _ seeds: [[UInt8]])
        async throws
    {
        #expect(!seeds.isEmpty)
        let problems = try await FuzzRunner.run(FuzzTarget(
            name: name,
            mutator: Mutator(seeds: JSONVariations.seeds(seeds), syntax: .json, words: JSONVariations.words, maximumSize: 64 * 1024),
            iterations: 1500,
            parse: { input in compare(T.self, input).map { .broken($0) } ?? .value }))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Why the two decoders disagree on `input`, or nil.
    static func compare<T: ByteDecodable & Decodable & Equatable>(_: T.Type, _ input: [UInt8]) -> String? {
        let data = Data(input)
        let reference = Result { try JSONDecoder().decode(T.self, from: data) }
        let fast = Result { try T.fastOnly(data) }
        let used = Result { try T.decodeFast(data) }
        switch (reference, fast) {
        case (.failure, .success(let value)):
            return "the fast path read \(value) where JSONDecoder fails"
        case (.success(let expected), .success(let value)) where expected != value:
            return "the fast path read \(value), JSONDecoder \(expected)"
        default:
            break
        }
        switch (reference, used) {
        case (.success(let expected), .success(let value)) where expected == value: return nil
        case (.failure(let expected), .failure(let error)) where "\(expected)" == "\(error)": return nil
        default: return "decodeFast gave \(used), JSONDecoder \(reference)"
        }
    }
}

/// Valid JSON spelled the unusual ways servers and proxies may spell it, made from the seeds
/// (the mutator then breaks some of them further): unknown members with nested values,
/// characters written as `\u` escapes, non-ASCII text, integers as `1.0`, `1e2` or `-0`.
enum JSONVariations {
    static let words = [
        #""\u00e9t\u00e9""#, #""\ud83d\ude00 caf\u00e9 \"q\" \\ \/""#, #""日本語 ü""#, "1.0", "1e2", "10E-1", "-0", "0.5",
        "12345678901234567890", #"{"unknown": [1, {"a": null, "b": [true, false]}], "c": "\u005c"}"#, "[]", "{}", "null",
    ]

    static func seeds(_ originals: [[UInt8]]) -> [[UInt8]] {
        var random = FuzzRandom(seed: 12)
        return originals + originals.flatMap { original in (0..<6).map { _ in vary(original, &random) } }
    }

    private static func vary(_ original: [UInt8], _ random: inout FuzzRandom) -> [UInt8] {
        var bytes = original
        for _ in 0..<8 {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: insertUnknownMember(&bytes, &random)
            case 1: escapeOneLetter(&bytes, &random)
            case 2: respellOneNumber(&bytes, &random)
            default: insertText(&bytes, &random)
            }
        }
        return bytes
    }

    /// `{"x-unknown": <value>, …` after some opening brace that is followed by a member.
    private static func insertUnknownMember(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        let braces = bytes.indices.filter { bytes[$0] == UInt8(ascii: "{") && bytes[($0 + 1)...].first { $0 != 0x20 && $0 != 0x0A } == UInt8(ascii: "\"") }
        guard let brace = braces.randomElement(using: &random) else { return }
        let value = ([#""x""#, "17", "-2.5e-3", "null", "true", #"{"a":{"b":[[],{}]}}"#] + words).randomElement(using: &random)!
        bytes.insert(contentsOf: Array(#""x-unknown\u0031":\#(value),"#.utf8), at: brace + 1)
    }

    /// One letter inside a string written as `\u00XX`.
    private static func escapeOneLetter(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        var inString = false, escaped = false
        var letters: [Int] = []
        for (index, byte) in bytes.enumerated() {
            if escaped { escaped = false; continue }
            if byte == UInt8(ascii: "\\") { escaped = true; continue }
            if byte == UInt8(ascii: "\"") { inString.toggle(); continue }
            if inString, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) { letters.append(index) }
        }
        guard let index = letters.randomElement(using: &random) else { return }
        bytes.replaceSubrange(index...index, with: Array(String(format: "\\u%04X", bytes[index]).utf8))
    }

    /// A run of digits outside strings spelled another way (`.0`, `e0`, `E+0`, a leading `-`).
    private static func respellOneNumber(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        var inString = false, escaped = false
        var ends: [Int] = []
        for (index, byte) in bytes.enumerated() {
            if escaped { escaped = false; continue }
            if byte == UInt8(ascii: "\\") { escaped = true; continue }
            if byte == UInt8(ascii: "\"") { inString.toggle(); continue }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if !inString, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) {
                ends.append(index + 1)
            }
        }
        guard let end = ends.randomElement(using: &random) else { return }
        bytes.insert(contentsOf: Array([".0", "e0", "E+0", ".000", "e-0"].randomElement(using: &random)!.utf8), at: end)
    }

    /// Non-ASCII text or an escape inserted just after some opening quote.
    private static func insertText(_ bytes: inout [UInt8], _ random: inout FuzzRandom) {
        let quotes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\"") }
        guard let quote = quotes.randomElement(using: &random) else { return }
        let text = ["é", "\\u00e9", "日本", "\\ud83d\\ude00", "\\n", "\\\"", "\\/", "😀", "\\u0000"].randomElement(using: &random)!
        bytes.insert(contentsOf: Array(text.utf8), at: quote + 1)
    }
}
