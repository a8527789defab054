import Foundation
import Testing

/// The shipped binary carries no test machinery: nothing of the test-support module (the
/// stand-in's fault switches and records, its Google token service, silent listeners) is
/// linked into it, nor the stand-in's TLS; the demo it embeds disturbs its stand-in only
/// through its own filter.
@Suite("The shipped binary")
struct ShippedBinaryTests {
    static let nm = "/usr/bin/nm"

    @Test("links nothing of the test support", .enabled(if: FileManager.default.isExecutableFile(atPath: nm)))
    func noTestSupport() async throws {
        let symbols = try await Self.symbols()
        #expect(symbols.contains("NubladaDemo"), "the demo is embedded")
        Self.expectAbsent(["NubladaTestSupport", "StandInFaultSwitches", "StandInTokenService", "SilentListener"], in: symbols)
    }

    /// The stand-in's TLS lives in the test support: the product, whose demo serves over
    /// loopback HTTP, carries no second BoringSSL, NIOSSL, HummingbirdTLS or X509. Swift
    /// symbols are matched by their mangled module prefix (`$s` and the name's length), since
    /// swift-crypto's own BoringSSL, which the product does link, has C functions named `X509_…`.
    @Test("links no TLS stack of the stand-in", .enabled(if: FileManager.default.isExecutableFile(atPath: nm)))
    func noStandInTLS() async throws {
        let symbols = try await Self.symbols()
        #expect(symbols.contains("NubladaStandIn"), "the stand-in is embedded")
        Self.expectAbsent(["$s6NIOSSL", "$s4X509", "CNIOBoringSSL", "$s14HummingbirdTLS"], in: symbols)
    }

    /// The binary's symbol table, as `nm` lists it: listed once for both tests (a few seconds
    /// on the debug binary).
    static let listing = Task { try await Binary.run(executable: nm, [Binary.path], timeout: 300) }

    static func symbols() async throws -> String {
        let listed = try await listing.value
        #expect(listed.status == 0, "\(listed.stderr)")
        return listed.stdout
    }

    static func expectAbsent(_ markers: [String], in symbols: String) {
        for marker in markers {
            #expect(!symbols.contains(marker), "\(marker) is in the shipped binary")
        }
    }
}
