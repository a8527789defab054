import Foundation
import NubladaEngine

/// Finds one member of a JSON document's top-level object without parsing the rest, so that a
/// list page's `metadata` (and its continue token) can be read before the page is decoded.
enum TopLevelJSON {
    /// The bytes of the value of top-level member `name`, or nil when it is absent.
    /// The byte reader finds it; a document it declines (JSON it does not read exactly as
    /// `JSONDecoder` does) has the member taken through `JSONDecoder`.
    static func member(_ name: String, in data: Data) -> Data? {
        let read = Result { () throws(Decline) -> Data? in
            try data.withBytes { (bytes: UnsafeRawBufferPointer) throws(Decline) -> Data? in
                var reader = JSONByteReader(bytes, interner: StringInterner(capacity: 16))
                try reader.beginObject()
                var first = true
                while let key = try reader.nextKey(&first) {
                    let start = try reader.skipValue()
                    if key.matches(name) { return Data(bytes[start..<reader.index]) }
                }
                return nil
            }
        }
        if case .success(let found) = read { return found }
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let value = document[name] else {
            return nil
        }
        return try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
    }
}
