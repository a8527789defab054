import Foundation
import NubladaEngine

/// One page of `projects.locations.repositories.dockerImages.list` (REST form).
struct GARListingPage: Decodable, Equatable {
    struct DockerImage: Decodable, Equatable {
        var uri: String
        var tags: [String]?
        var imageSizeBytes: FlexibleInt?
        var uploadTime: String?
    }

    var dockerImages: [DockerImage]?
    var nextPageToken: String?
}

/// An integer that may arrive as a JSON string (int64 fields of Google's REST APIs) or number.
struct FlexibleInt: Decodable, Equatable {
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
