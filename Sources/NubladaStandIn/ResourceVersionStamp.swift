/// Reads and rewrites `metadata.resourceVersion` in a compact object's raw bytes, so a changed
/// node carries its change's resourceVersion without re-serializing it.
enum ResourceVersionStamp {
    /// Where the field's value is: the range of the quoted value, or (absent) the offset just
    /// after `metadata`'s `{` and whether `metadata` is empty.
    private enum Location {
        case value(Range<Int>)
        case insert(at: Int, emptyMetadata: Bool)
    }

    private static func locate(_ json: [UInt8]) -> Location? {
        guard !json.isEmpty,
            let metadata = try? RawJSONScanner.member("metadata", ofObjectAt: 0..<json.count, in: json),
            json[metadata.lowerBound] == UInt8(ascii: "{")
        else { return nil }
        if let value = try? RawJSONScanner.member("resourceVersion", ofObjectAt: metadata, in: json) {
            return .value(value)
        }
        var after = metadata.lowerBound + 1
        while after < metadata.upperBound, [0x20, 0x0A, 0x0D, 0x09].contains(json[after]) { after += 1 }
        return .insert(at: metadata.lowerBound + 1, emptyMetadata: json[after] == UInt8(ascii: "}"))
    }

    /// `json` with `metadata.resourceVersion` set to `"version"` (added first in `metadata`
    /// when absent). Unchanged when the object has no `metadata` object.
    static func stamp(_ json: [UInt8], _ version: Int) -> [UInt8] {
        stamp(json, quoted: Array("\"\(version)\"".utf8))
    }

    private static func stamp(_ json: [UInt8], quoted: [UInt8]) -> [UInt8] {
        guard let location = locate(json) else { return json }
        var result: [UInt8] = []
        result.reserveCapacity(json.count + quoted.count + 20)
        switch location {
        case .value(let range):
            if json[range] == quoted[...] { return json }
            result.append(contentsOf: json[..<range.lowerBound])
            result.append(contentsOf: quoted)
            result.append(contentsOf: json[range.upperBound...])
        case .insert(let offset, let emptyMetadata):
            result.append(contentsOf: json[..<offset])
            result.append(contentsOf: Array("\"resourceVersion\":".utf8))
            result.append(contentsOf: quoted)
            if !emptyMetadata { result.append(UInt8(ascii: ",")) }
            result.append(contentsOf: json[offset...])
        }
        return result
    }

    /// Whether two objects are the same but for `metadata.resourceVersion`.
    static func sameIgnoringVersion(_ new: [UInt8], _ old: [UInt8]) -> Bool {
        switch (locate(new), locate(old)) {
        case (.value(let a), .value(let b)):
            return new[..<a.lowerBound] == old[..<b.lowerBound] && new[a.upperBound...] == old[b.upperBound...]
        case (_, .value(let b)):
            // `old` was stamped when the dataset took it; stamp `new` alike to compare.
            return stamp(new, quoted: Array(old[b])) == old
        default:
            return new == old
        }
    }
}
