import Foundation
import NubladaEngine

/// The registry side's data: one repository's `dockerImages`, each pre-serialized.
struct RegistryDataset: Sendable {
    /// `projects/P/locations/L/repositories/R`, or nil when unknown (empty listing).
    var parent: String?
    /// Each `dockerImages` object, compact JSON.
    var items: [[UInt8]]

    static let empty = RegistryDataset(parent: nil, items: [])

    /// From a GAR listing document `{"dockerImages": [...]}`; the parent is `parent` or is
    /// inferred from the first item's `name`.
    init(document: Data, parent: String?) throws {
        let bytes = [UInt8](document)
        let ranges: [Range<Int>]
        do {
            guard let found = try RawJSONScanner.elements(of: "dockerImages", in: bytes) else {
                self.init(parent: parent, items: [])
                return
            }
            ranges = found
        } catch {
            throw StandInError.invalidDocument("GAR listing: \(error)")
        }
        let items = ranges.map { RawJSONScanner.compact(bytes[$0]) }
        for item in items where item.first != UInt8(ascii: "{") {
            throw StandInError.invalidDocument("GAR listing: dockerImages holds a non-object")
        }
        var resolved = parent
        if resolved == nil, let first = items.first {
            resolved = try Self.parent(ofItem: first)
        }
        self.init(parent: resolved, items: items)
    }

    init(parent: String?, items: [[UInt8]]) {
        self.parent = parent
        self.items = items
    }

    /// From typed entries of the repository `parent`.
    init(entries: [RegistryEntry], parent: String) {
        self.init(parent: parent, items: entries.map { Self.encode($0, parent: parent) })
    }

    /// `projects/P/locations/L/repositories/R` from an item's `name`.
    static func parent(ofItem item: [UInt8]) throws -> String {
        struct Named: Decodable { var name: String? }
        guard let name = try? JSONDecoder().decode(Named.self, from: Data(item)).name else {
            throw StandInError.invalidDocument("GAR listing: the first image has no name")
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 7, parts[0] == "projects", parts[2] == "locations", parts[4] == "repositories",
            parts[6] == "dockerImages"
        else {
            throw StandInError.invalidDocument("GAR listing: image name \"\(name)\" is not projects/P/locations/L/repositories/R/dockerImages/...")
        }
        return parts[0..<6].joined(separator: "/")
    }

    /// A GAR `DockerImage` object for `entry`.
    static func encode(_ entry: RegistryEntry, parent: String) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        let imagePart: String
        if let at = entry.uri.lastIndex(of: "@") {
            // Everything after LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/ is the image name.
            let path = entry.uri.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
            let nameAndDigest = path.count == 4 ? String(path[3]) : String(entry.uri[entry.uri.index(after: at)...])
            imagePart = nameAndDigest.replacingOccurrences(of: "/", with: "%2F")
        } else {
            imagePart = entry.uri
        }
        writer.raw("{")
        writer.field("name", parent + "/dockerImages/" + imagePart, first: true)
        writer.field("uri", entry.uri)
        if !entry.tags.isEmpty {
            writer.key("tags")
            writer.strings(entry.tags)
        }
        if let size = entry.sizeBytes { writer.field("imageSizeBytes", String(size)) }
        if let upload = entry.uploadTime {
            writer.field("uploadTime", Timestamps.rfc3339(upload, fractionDigits: 6))
        }
        writer.field("mediaType", "application/vnd.docker.distribution.manifest.v2+json")
        if let upload = entry.uploadTime {
            writer.field("buildTime", Timestamps.rfc3339(upload - 3600))
            writer.field("updateTime", Timestamps.rfc3339(upload, fractionDigits: 6))
        }
        writer.raw("}")
        return writer.bytes
    }
}
