import Foundation

// The fast path of Artifact Registry listing pages: `dockerImages` (uri, tags, size, upload
// time) and `nextPageToken`; mediaType, buildTime, updateTime and the rest are skipped.

extension GARListingPage: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var page = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "dockerImages" {
                try reader.once(&seen, 0)
                page.dockerImages = try reader.optional([DockerImage].self)
            } else if key == "nextPageToken" {
                try reader.once(&seen, 1)
                page.nextPageToken = try reader.optional(String.self)
            } else {
                return false
            }
            return true
        }
        return page
    }
}

extension GARListingPage.DockerImage: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var uri: String?, tags: [String]?, size: FlexibleInt?, uploadTime: String?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "uri" {
                try reader.once(&seen, 0)
                uri = try reader.string()
            } else if key == "tags" {
                try reader.once(&seen, 1)
                tags = try reader.optional([String].self)
            } else if key == "imageSizeBytes" {
                try reader.once(&seen, 2)
                size = try reader.optional(FlexibleInt.self)
            } else if key == "uploadTime" {
                try reader.once(&seen, 3)
                uploadTime = try reader.optional(String.self)
            } else {
                return false
            }
            return true
        }
        guard let uri else { throw Decline() }
        return Self(uri: uri, tags: tags, imageSizeBytes: size, uploadTime: uploadTime)
    }
}

extension FlexibleInt: ByteDecodable {
    /// A string is read as `Int(text)` (nil when it is not a number), as the `Decodable` path does.
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> FlexibleInt {
        reader.peek() == UInt8(ascii: "\"") ? FlexibleInt(value: Int(try reader.string())) : FlexibleInt(value: try reader.integer())
    }
}
