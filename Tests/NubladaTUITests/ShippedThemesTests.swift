import Foundation
import Testing
@testable import NubladaTUI

/// The theme texts embedded in the binary must equal the files in `themes/`
/// (regenerate with `scripts/embed-themes`).
@Suite struct ShippedThemesTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedCopiesMatchThemeFiles() throws {
        let directory = ShippedThemesTests.repository.appendingPathComponent("themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".theme") }
        let names = Set(files.map { String($0.dropLast(".theme".count)) })
        #expect(names == Set(ShippedThemes.texts.keys), "themes/ and ShippedThemes.swift list different themes; run scripts/embed-themes")
        #expect(names == Set(ShippedThemes.names))
        for name in names.sorted() {
            var text = try String(contentsOf: directory.appendingPathComponent(name + ".theme"), encoding: .utf8)
            if text.hasSuffix("\n") { text.removeLast() }
            #expect(ShippedThemes.texts[name] == text, "themes/\(name).theme differs from its embedded copy; run scripts/embed-themes")
        }
    }
}
