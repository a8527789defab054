import Foundation
import NubladaEngine

/// One line of a Kubernetes watch stream of `Object`s: `{"type": "ADDED", "object": {…}}`.
enum WatchEvent<Object: WatchedObject>: Equatable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Only a newer resourceVersion to resume from.
    case bookmark(resourceVersion: String?)
    /// The server ended the watch with a Status (410 Expired: the version is too old).
    case error(code: Int?, message: String?)

    /// The members of a line; `object` is read as `type` says, with one of these.
    private struct Header: Decodable { var type: String }
    private struct Event<Payload: WireObject>: WireObject {
        var object = Payload()

        static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
            try reader.required("object", &value.object)
        }
    }
    /// The object of an ERROR line: a Status.
    private struct Status: WireObject {
        var code: Int?
        var message: String?

        static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
            try reader.optional("code", &value.code)
            try reader.optional("message", &value.message)
        }
    }
    /// The object of a BOOKMARK line: only its metadata's resourceVersion.
    private struct Bookmark: WireObject {
        struct Metadata: WireObject {
            var resourceVersion: String?

            static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
                try reader.optional("resourceVersion", &value.resourceVersion)
            }
        }
        var metadata: Metadata?

        static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
            try reader.optional("metadata", &value.metadata)
        }
    }

    /// Parses one event line; nil when the line is not a watch event. The fast path reads the
    /// line's bytes; a line it declines is parsed by `parseReference`, with the same result.
    static func parse(_ line: Data) -> WatchEvent? {
        (try? fastOnly(line)) ?? parseReference(line)
    }

    /// The straightforward reading of one event line, through `JSONDecoder`.
    static func parseReference(_ line: Data) -> WatchEvent? {
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: line) else { return nil }
        switch header.type {
        case "ADDED", "MODIFIED", "DELETED":
            guard let object = try? decoder.decode(Event<Object>.self, from: line).object else { return nil }
            return header.type == "ADDED" ? .added(object) : header.type == "MODIFIED" ? .modified(object) : .deleted(object)
        case "BOOKMARK":
            return .bookmark(resourceVersion: (try? decoder.decode(Event<Bookmark>.self, from: line))?.object.metadata?.resourceVersion)
        case "ERROR":
            let status = (try? decoder.decode(Event<Status>.self, from: line))?.object
            return .error(code: status?.code, message: status?.message)
        default:
            return nil
        }
    }

    /// The fast path of one line: `type` and the byte range of `object` in one pass (the two
    /// may come in either order), then the object read with the type the line's `type` names.
    static func fastOnly(_ line: Data) throws(Decline) -> WatchEvent? {
        try line.withBytes { (bytes: UnsafeRawBufferPointer) throws(Decline) -> WatchEvent? in
            var reader = JSONByteReader(bytes, interner: StringInterner(capacity: 64))
            var type: String?, object: Range<Int>?
            var seen: UInt32 = 0
            try reader.document { (reader: inout JSONByteReader) throws(Decline) in
                try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
                    if key == "type" {
                        try reader.once(&seen, 0)
                        type = try reader.string()
                    } else if key == "object" {
                        try reader.once(&seen, 1)
                        let start = try reader.skipValue()
                        object = start..<reader.index
                    } else {
                        return false
                    }
                    return true
                }
            }
            guard let type else { throw Decline() }
            func read<Payload: WireObject>(_: Payload.Type) throws(Decline) -> Payload {
                guard let object else { throw Decline() }
                var objectReader = JSONByteReader(UnsafeRawBufferPointer(rebasing: bytes[object]), interner: reader.interner)
                return try objectReader.document { (reader: inout JSONByteReader) throws(Decline) in try Payload.decode(from: &reader) }
            }
            switch type {
            case "ADDED": return .added(try read(Object.self))
            case "MODIFIED": return .modified(try read(Object.self))
            case "DELETED": return .deleted(try read(Object.self))
            case "BOOKMARK": return .bookmark(resourceVersion: try read(Bookmark.self).metadata?.resourceVersion)
            case "ERROR":
                let status = try read(Status.self)
                return .error(code: status.code, message: status.message)
            default:
                return nil
            }
        }
    }
}

/// A node watch stream's events.
typealias NodeWatchEvent = WatchEvent<NodeListPage.Node>

/// Splits a watch stream into lines, in time linear in the bytes fed: only each new chunk is
/// searched for line breaks (the unfinished line kept from earlier chunks holds none), so a
/// long line arriving in small chunks is not searched again with every chunk.
struct LineSplitter {
    /// The longest line taken: 16 MiB. A line is one watch event, so one object, and Kubernetes
    /// stores none larger than etcd's 1.5 MiB request limit. A longer line is refused instead of
    /// buffered without end: the watch ends, and the informer lists again and reports it.
    static let maximumLineBytes = 16 << 20

    let maximumLineBytes: Int
    /// The unfinished line: the bytes after the last line break.
    private var pending = Data()
    /// A line grew past `maximumLineBytes`: it was dropped and nothing more is split.
    private(set) var refused = false
    /// Bytes searched for a line break so far (each byte once).
    private(set) var scannedBytes = 0

    init(maximumLineBytes: Int = LineSplitter.maximumLineBytes) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// Appends a chunk and returns the complete lines it finished (empty lines left out).
    mutating func append(_ chunk: UnsafeRawBufferPointer) -> [Data] {
        guard !refused, let base = chunk.baseAddress, !chunk.isEmpty else { return [] }
        var lines: [Data] = []
        var start = 0
        while start < chunk.count {
            guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), chunk.count - start) else {
                scannedBytes += chunk.count - start
                keep(UnsafeRawBufferPointer(rebasing: chunk[start...]))
                break
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            scannedBytes += end - start + 1
            let piece = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            guard pending.count + piece.count <= maximumLineBytes else {
                refuse()
                break
            }
            if pending.isEmpty {
                if !piece.isEmpty { lines.append(Data(piece)) }
            } else {
                pending.append(contentsOf: piece)
                lines.append(pending)
                pending = Data()
            }
            start = end + 1
        }
        return lines
    }

    /// What is left after the stream ended (a last line without a newline).
    var remainder: Data { pending }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        if pending.count + bytes.count > maximumLineBytes { refuse() } else { pending.append(contentsOf: bytes) }
    }

    private mutating func refuse() {
        refused = true
        pending = Data()
    }
}
