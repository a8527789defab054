import Foundation

/// One line of a Kubernetes watch stream of `Object`s: `{"type": "ADDED", "object": {…}}`.
enum WatchEvent<Object: WatchedObject>: Equatable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Only a newer resourceVersion to resume from.
    case bookmark(resourceVersion: String?)
    /// The server ended the watch with a Status (410 Expired: the version is too old).
    case error(code: Int?, message: String?)

    private struct Header: Decodable { var type: String }
    private struct ObjectEvent: Decodable { var object: Object }
    private struct StatusEvent: Decodable {
        struct Status: Decodable {
            var code: Int?
            var message: String?
        }
        var object: Status
    }
    private struct BookmarkEvent: Decodable {
        struct Object: Decodable {
            struct Metadata: Decodable { var resourceVersion: String? }
            var metadata: Metadata?
        }
        var object: Object
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
            guard let object = try? decoder.decode(ObjectEvent.self, from: line).object else { return nil }
            return header.type == "ADDED" ? .added(object) : header.type == "MODIFIED" ? .modified(object) : .deleted(object)
        case "BOOKMARK":
            return .bookmark(resourceVersion: (try? decoder.decode(BookmarkEvent.self, from: line))?.object.metadata?.resourceVersion)
        case "ERROR":
            let status = (try? decoder.decode(StatusEvent.self, from: line))?.object
            return .error(code: status?.code, message: status?.message)
        default:
            return nil
        }
    }
}

/// A node watch stream's events.
typealias NodeWatchEvent = WatchEvent<NodeListPage.Node>

/// Splits a byte stream into lines.
struct LineSplitter {
    static let maximumLineBytes = 16 << 20
    let maximumLineBytes: Int
    private var pending = Data()
    private(set) var refused = false
    private(set) var scannedBytes = 0

    init(maximumLineBytes: Int = LineSplitter.maximumLineBytes) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// Appends a chunk and returns the complete lines it finished.
    mutating func append(_ chunk: UnsafeRawBufferPointer) -> [Data] {
        pending.append(contentsOf: chunk)
        var lines: [Data] = []
        while true {
            let newline = pending.firstIndex(of: UInt8(ascii: "\n"))
            scannedBytes += newline.map { $0 - pending.startIndex + 1 } ?? pending.count
            guard let newline else { break }
            let line = pending[pending.startIndex..<newline]
            if !line.isEmpty { lines.append(Data(line)) }
            pending.removeSubrange(pending.startIndex...newline)
        }
        return lines
    }

    /// What is left after the stream ended (a last line without a newline).
    var remainder: Data { pending }
}
