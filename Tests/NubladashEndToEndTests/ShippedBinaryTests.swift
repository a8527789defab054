import Foundation
import Testing

/// The shipped binary carries no test machinery: nothing of the test-support module (the
/// stand-in's fault switches and records, its Google token service, silent listeners) is
/// linked into it; the demo it embeds disturbs its stand-in only through its own filter.
@Suite("The shipped binary")
struct ShippedBinaryTests {
    static let nm = "/usr/bin/nm"

    @Test("links nothing of the test support", .enabled(if: FileManager.default.isExecutableFile(atPath: nm)))
    func noTestSupport() async throws {
        let symbols = try await Binary.run(executable: Self.nm, [Binary.path], timeout: 300)
        #expect(symbols.status == 0, "\(symbols.stderr)")
        #expect(symbols.stdout.contains("NubladaDemo"), "the demo is embedded")
        for marker in ["NubladaTestSupport", "StandInFaultSwitches", "StandInTokenService", "SilentListener"] {
            #expect(!symbols.stdout.contains(marker), "\(marker) is in the shipped binary")
        }
    }
}
