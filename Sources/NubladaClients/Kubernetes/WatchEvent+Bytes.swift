import Foundation

// The fast path of one watch line: `type` and the byte range of `object` in one pass, then
// the object read for what the type needs. Whatever it declines, `parseReference` reads.

extension WatchEvent {
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
            func read<T>(_ body: (inout JSONByteReader) throws(Decline) -> T) throws(Decline) -> T {
                guard let object else { throw Decline() }
                var objectReader = JSONByteReader(UnsafeRawBufferPointer(rebasing: bytes[object]), interner: reader.interner)
                return try objectReader.document(body)
            }
            switch type {
            case "ADDED": return .added(try read { (reader: inout JSONByteReader) throws(Decline) in try Object.decode(from: &reader) })
            case "MODIFIED": return .modified(try read { (reader: inout JSONByteReader) throws(Decline) in try Object.decode(from: &reader) })
            case "DELETED": return .deleted(try read { (reader: inout JSONByteReader) throws(Decline) in try Object.decode(from: &reader) })
            case "BOOKMARK":
                return .bookmark(resourceVersion: try read { (reader: inout JSONByteReader) throws(Decline) in
                    var version: String?
                    var seen: UInt32 = 0
                    try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
                        guard key == "metadata" else { return false }
                        try reader.once(&seen, 0)
                        version = try reader.optional(ListMetadata.self)?.resourceVersion
                        return true
                    }
                    return version
                })
            case "ERROR":
                return try read { (reader: inout JSONByteReader) throws(Decline) in
                    var code: Int?, message: String?
                    var seen: UInt32 = 0
                    try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
                        if key == "code" {
                            try reader.once(&seen, 0)
                            code = try reader.optional(Int.self)
                        } else if key == "message" {
                            try reader.once(&seen, 1)
                            message = try reader.optional(String.self)
                        } else {
                            return false
                        }
                        return true
                    }
                    return .error(code: code, message: message)
                }
            default:
                return nil
            }
        }
    }
}
