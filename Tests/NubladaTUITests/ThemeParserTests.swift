import Foundation
import Testing
@testable import NubladaTUI

/// The theme line format: good files, every shipped theme, broken files with file:line errors.
@Suite struct ThemeParserTests {
    @Test func parsesStylesCommentsAndAttributes() throws {
        let text = """
            # a comment
            name = Test theme
            text      = #d0d0d0 on default   # inline comment
            header    = #FFFFFF on #005f87 bold underline
            dim       = dim
            selection = on #3a3a3a reverse
            """
        let theme = try ThemeParser.parse(text, file: "test.theme", fallbackName: "test")
        #expect(theme.name == "Test theme")
        #expect(theme.styles[.text] == RoleStyle(foreground: .rgb(RGBColor(red: 0xd0, green: 0xd0, blue: 0xd0)),
                                                 background: .terminalDefault))
        #expect(theme.styles[.header] == RoleStyle(foreground: .rgb(RGBColor(red: 255, green: 255, blue: 255)),
                                                   background: .rgb(RGBColor(red: 0, green: 0x5f, blue: 0x87)),
                                                   attributes: [.bold, .underline]))
        #expect(theme.styles[.dim] == RoleStyle(attributes: .dim))
        #expect(theme.styles[.selection] == RoleStyle(background: .rgb(RGBColor(red: 0x3a, green: 0x3a, blue: 0x3a)),
                                                      attributes: .reverse))
        // Unset colours come from `text`; unset roles draw like `text`.
        #expect(theme.resolvedStyle(.dim).foreground == .rgb(RGBColor(red: 0xd0, green: 0xd0, blue: 0xd0)))
        #expect(theme.resolvedStyle(.cached) == ResolvedStyle(foreground: theme.resolvedStyle(.text).foreground,
                                                              background: .terminalDefault, attributes: []))
        #expect(theme.resolvedStyle(.selection).background == .rgb(RGBColor(red: 0x3a, green: 0x3a, blue: 0x3a)))
    }

    @Test(arguments: [
        ("text = #d0d0d0\n\n# ok\ncahced = #00ff00", "themes/foo.theme:4: unknown role 'cahced'"),
        ("text = #d0d0d", "themes/foo.theme:1: bad colour '#d0d0d' (expected #rrggbb or default)"),
        ("text = #gggggg", "themes/foo.theme:1: bad colour '#gggggg' (expected #rrggbb or default)"),
        ("missing = #ff0000 on", "themes/foo.theme:1: missing colour after 'on'"),
        ("missing = #ff0000 on red", "themes/foo.theme:1: bad colour 'red' (expected #rrggbb or default)"),
        ("ok = #00ff00 blink", "themes/foo.theme:1: unknown attribute 'blink'"),
        ("\n\nok #00ff00", "themes/foo.theme:3: expected 'role = style'"),
        ("ok = bold\nok = dim", "themes/foo.theme:2: role 'ok' set twice"),
        ("name =", "themes/foo.theme:1: empty theme name"),
    ])
    func brokenFilesNameFileAndLine(text: String, message: String) {
        #expect(throws: ThemeError.self) { try ThemeParser.parse(text, file: "themes/foo.theme", fallbackName: "foo") }
        do {
            _ = try ThemeParser.parse(text, file: "themes/foo.theme", fallbackName: "foo")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(arguments: ThemeLoader.shippedNames)
    func everyShippedThemeParses(name: String) throws {
        let text = try #require(ShippedThemes.texts[name])
        let theme = try ThemeParser.parse(text, file: "themes/\(name).theme", fallbackName: name)
        #expect(theme.name == name)
        // Every role is set explicitly, so themes never depend on defaults.
        for role in ThemeRole.allCases { #expect(theme.styles[role] != nil, "\(name) lacks \(role.rawValue)") }
    }

    @Test func shipsTheRequiredThemes() {
        #expect(Set(ThemeLoader.shippedNames) == ["default", "light", "solarized-dark", "high-contrast",
                                                   "colour-blind-safe", "monochrome"])
        #expect(ThemeLoader.shippedNames.first == "default")
    }

    @Test func monochromeUsesAttributesOnly() throws {
        let theme = try #require(ThemeLoader.shipped("monochrome"))
        for role in ThemeRole.allCases {
            let style = theme.resolvedStyle(role)
            #expect(style.foreground == .terminalDefault && style.background == .terminalDefault)
        }
        #expect(theme.resolvedStyle(.selection).attributes.contains(.reverse))
    }

    @Test func withoutColoursKeepsAttributesAndReversesBackgrounds() {
        let theme = ThemeLoader.defaultTheme.withoutColours()
        for role in ThemeRole.allCases {
            let style = theme.resolvedStyle(role)
            #expect(style.foreground == .terminalDefault && style.background == .terminalDefault)
        }
        #expect(theme.resolvedStyle(.header).attributes == [.bold, .reverse])
        #expect(theme.resolvedStyle(.missing).attributes == [.bold])
    }
}

/// Finding themes: explicit path, the user's config directory, the shipped ones, fallback.
@Suite struct ThemeLoaderTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nubladash-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func lookupOrder() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "name = mine\ntext = #123456".write(to: directory.appendingPathComponent("light.theme"),
                                                atomically: true, encoding: .utf8)
        let loader = ThemeLoader(userThemeDirectory: directory.path)
        #expect(loader.load(.named("light")).theme.name == "mine")
        #expect(loader.load(.named("solarized-dark")).theme.name == "solarized-dark")
        let explicit = loader.load(.file(path: directory.appendingPathComponent("light.theme").path))
        #expect(explicit.theme.name == "mine" && explicit.problem == nil)
    }

    @Test("a theme installed in the system directory is found after the user's, before the embedded one")
    func systemDirectory() throws {
        let user = try temporaryDirectory()
        let system = try temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: user)
            try? FileManager.default.removeItem(at: system)
        }
        try "name = system-light\ntext = #123456".write(to: system.appendingPathComponent("light.theme"),
                                                        atomically: true, encoding: .utf8)
        try "name = system-extra\ntext = #654321".write(to: system.appendingPathComponent("extra.theme"),
                                                        atomically: true, encoding: .utf8)
        try "name = user-light\ntext = #abcdef".write(to: user.appendingPathComponent("light.theme"),
                                                      atomically: true, encoding: .utf8)
        let loader = ThemeLoader(userThemeDirectory: user.path, systemThemeDirectory: system.path)
        #expect(loader.load(.named("light")).theme.name == "user-light")
        #expect(loader.load(.named("extra")).theme.name == "system-extra")
        #expect(loader.load(.named("solarized-dark")).theme.name == "solarized-dark")
        #expect(ThemeLoader(environment: [:]).systemThemeDirectory == "/usr/share/nubladash/themes")
    }

    @Test func environmentPicksXDGThenHome() {
        #expect(ThemeLoader(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]).userThemeDirectory
                    == "/x/nubladash/themes")
        #expect(ThemeLoader(environment: ["HOME": "/h"]).userThemeDirectory == "/h/.config/nubladash/themes")
        #expect(ThemeLoader(environment: [:]).userThemeDirectory == nil)
    }

    @Test func brokenOrMissingThemesFallBackToDefault() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("foo.theme").path
        try "text = #ffffff\n\n\n\n\n\ncahced = #00ff00\n".write(toFile: path, atomically: true, encoding: .utf8)
        let loader = ThemeLoader(userThemeDirectory: directory.path)
        let broken = loader.load(.named("foo"))
        #expect(broken.theme == ThemeLoader.defaultTheme)
        #expect(broken.problem == "\(path):7: unknown role 'cahced'; using the default theme")
        let missing = loader.load(.file(path: directory.appendingPathComponent("nope.theme").path))
        #expect(missing.theme == ThemeLoader.defaultTheme)
        #expect(missing.problem?.contains("cannot read the file") == true)
        let unknown = loader.load(.named("no-such-theme"))
        #expect(unknown.problem?.hasPrefix("no-such-theme.theme: no such theme") == true)
    }

    @Test func themeArgument() {
        #expect(ThemeChoice(argument: "light") == .named("light"))
        #expect(ThemeChoice(argument: "./x.theme") == .file(path: "./x.theme"))
        #expect(ThemeChoice(argument: "my.theme") == .file(path: "my.theme"))
    }
}
