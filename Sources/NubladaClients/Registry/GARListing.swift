import Foundation
import NubladaEngine

/// One page of `projects.locations.repositories.dockerImages.list` (REST form).
struct GARListingPage: WireObject, Equatable {
    struct DockerImage: WireObject, Equatable {
        var uri = ""
        var tags: [String]?
        var imageSizeBytes: FlexibleInt?
        var uploadTime: String?

        static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
            try reader.required("uri", &value.uri)
            try reader.optional("tags", &value.tags)
            try reader.optional("imageSizeBytes", &value.imageSizeBytes)
            try reader.optional("uploadTime", &value.uploadTime)
        }
    }

    var dockerImages: [DockerImage]?
    var nextPageToken: String?

    static func members<Reader: MemberReader>(of value: inout Self, _ reader: inout Reader) throws(Reader.Failure) {
        try reader.optional("dockerImages", &value.dockerImages)
        try reader.optional("nextPageToken", &value.nextPageToken)
    }
}

/// An integer that may arrive as a JSON string (int64 fields of Google's REST APIs) or number.
/// A string is read as `Int(text)` (nil when it is not a number) on both paths.
struct FlexibleInt: ByteDecodable, Decodable, Equatable {
    var value: Int?

    init(value: Int?) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = Int(text)
        } else {
            value = try container.decode(Int.self)
        }
    }

    static func decode(from reader: inout JSONByteReader) throws(Decline) -> FlexibleInt {
        reader.peek() == UInt8(ascii: "\"") ? FlexibleInt(value: Int(try reader.string())) : FlexibleInt(value: try reader.integer())
    }
}

/// A Google API error body: `{"error": {"code": 404, "message": "...", "status": "NOT_FOUND"}}`.
struct GoogleErrorBody: Decodable {
    struct Detail: Decodable {
        var message: String?
        var status: String?
    }

    var error: Detail?

    static func message(in data: Data) -> String? {
        guard let body = try? JSONDecoder().decode(GoogleErrorBody.self, from: data),
              let message = body.error?.message, !message.isEmpty else { return nil }
        return message
    }
}

extension GARListingPage.DockerImage {
    var entry: RegistryEntry {
        RegistryEntry(uri: uri, tags: tags ?? [], sizeBytes: imageSizeBytes?.value,
                      uploadTime: uploadTime.flatMap(RFC3339.parse))
    }
}
