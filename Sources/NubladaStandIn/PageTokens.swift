import Foundation

/// The apiserver's continue token: unpadded URL-safe base64 of `{"v":"meta.k8s.io/v1","rv":N,"start":"KEY\u0000"}`,
/// where KEY is the last name returned (the next page starts just after it).
struct ContinueToken: Hashable {
    var resourceVersion: Int
    /// The name the next page starts at or after.
    var start: String

    init(resourceVersion: Int, start: String) {
        self.resourceVersion = resourceVersion
        self.start = start
    }

    /// After the last returned name `lastName`.
    init(resourceVersion: Int, after lastName: String) {
        self.init(resourceVersion: resourceVersion, start: lastName + "\u{0}")
    }

    init?(encoded: String) {
        struct Body: Decodable {
            var v: String
            var rv: Int
            var start: String
        }
        guard let data = Base64URL.decode(encoded), let body = try? JSONDecoder().decode(Body.self, from: data),
            body.v == "meta.k8s.io/v1"
        else { return nil }
        self.init(resourceVersion: body.rv, start: body.start)
    }

    var encoded: String {
        var writer = JSONWriter()
        writer.raw("{")
        writer.field("v", "meta.k8s.io/v1", first: true)
        writer.field("rv", resourceVersion)
        writer.field("start", start)
        writer.raw("}")
        return Base64URL.encode(Data(writer.bytes))
    }
}

/// The registry's page token: opaque to clients, an offset into the listing here.
struct RegistryPageToken: Hashable {
    var offset: Int

    init(offset: Int) { self.offset = offset }

    init?(encoded: String) {
        guard let data = Base64URL.decode(encoded), let body = String(data: data, encoding: .utf8),
            body.hasPrefix("standin-offset:"), let offset = Int(body.dropFirst("standin-offset:".count)),
            offset >= 0
        else { return nil }
        self.offset = offset
    }

    var encoded: String {
        Base64URL.encode(Data("standin-offset:\(offset)".utf8))
    }
}

/// Unpadded URL-safe base64 (Go's `base64.RawURLEncoding`, which the apiserver uses); decoding
/// also accepts the standard alphabet and padding.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)
    }
}
