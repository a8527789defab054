import Testing
@testable import NubladaTUI

/// The selected row must stand out in every shipped theme on 8-, 16- and 256-colour
/// terminals (issue 8, defect 7: on `TERM=xterm` the default theme selected with black on a
/// black screen, and `light` and `solarized-dark` changed no background at all).
@Suite struct SelectionVisibilityTests {
    static let black = RGBColor(red: 0, green: 0, blue: 0)
    static let white = RGBColor(red: 255, green: 255, blue: 255)

    /// The RGB value a terminal shows for a colour number.
    static func shown(_ number: ColorMapping.ColorNumber, _ capability: ColorCapability) -> RGBColor {
        capability == .basic8 ? ColorMapping.basicColors[Int(number)] : ColorMapping.rgb(ofXterm256: Int(number))
    }

    /// Whether the selected row's background, as a terminal with `screen` as its own
    /// background and `ink` as its own text colour shows it, differs clearly from the screen.
    static func selectionStandsOut(_ styles: [ThemeRole: TerminalStyle], _ capability: ColorCapability,
                                   screen: RGBColor, ink: RGBColor) -> Bool {
        let selection = styles[.selection]!, text = styles[.text]!
        if capability == .none { return selection.attributes.contains(.reverse) }
        let background = text.background < 0 ? screen : shown(text.background, capability)
        let selected: RGBColor
        if selection.attributes.contains(.reverse) {
            selected = selection.foreground < 0 ? ink : shown(selection.foreground, capability)
        } else {
            selected = selection.background < 0 ? screen : shown(selection.background, capability)
        }
        let (dr, dg, db) = (Int(selected.red) - Int(background.red), Int(selected.green) - Int(background.green),
                            Int(selected.blue) - Int(background.blue))
        return dr * dr + dg * dg + db * db >= 30 * 30
    }

    /// The terminals a theme is meant for: a dark one behind light text, a light one behind
    /// dark text, both when the theme keeps the terminal's own colours.
    static func terminals(for theme: Theme) -> [(screen: RGBColor, ink: RGBColor)] {
        switch theme.resolvedStyle(.text).foreground {
        case .rgb(let colour): return ColorMapping.luminance(colour) >= 128 ? [(black, white)] : [(white, black)]
        case .terminalDefault: return [(black, white), (white, black)]
        }
    }

    @Test(arguments: ThemeLoader.shippedNames, [8, 16, 256])
    func selectionIsVisible(themeName: String, colours: Int) throws {
        let theme = try #require(ThemeLoader.shipped(themeName))
        let capability = ColorCapability.detect(colors: colours, noColor: false)
        let styles = TerminalStyle.all(for: theme, capability: capability)
        for terminal in Self.terminals(for: theme) {
            #expect(Self.selectionStandsOut(styles, capability, screen: terminal.screen, ink: terminal.ink),
                    "\(themeName) at \(colours) colours: \(styles[.selection]!) on \(styles[.text]!)")
        }
    }

    @Test(arguments: ThemeLoader.shippedNames)
    func selectionIsVisibleWithoutColours(themeName: String) throws {
        let theme = try #require(ThemeLoader.shipped(themeName))
        let styles = TerminalStyle.all(for: theme, capability: .none)
        #expect(styles[.selection]!.attributes.contains(.reverse))
    }

    /// The check must be able to fail: the themes as written are not visible where the issue
    /// saw them fail, and a theme that already stands out keeps its own colours.
    @Test func theOracleSeesTheReportedCases() throws {
        for (name, colours) in [("default", 8), ("light", 8), ("solarized-dark", 8), ("solarized-dark", 256)] {
            let theme = try #require(ThemeLoader.shipped(name))
            let capability = ColorCapability.detect(colors: colours, noColor: false)
            #expect(!SelectionContrast.isVisible(theme, capability: capability), "\(name) at \(colours)")
            var plain: [ThemeRole: TerminalStyle] = [:]
            for role in [ThemeRole.text, .selection] {
                let (foreground, background) = ColorMapping.pair(for: theme.resolvedStyle(role), capability: capability)
                plain[role] = TerminalStyle(foreground: foreground, background: background,
                                            attributes: theme.resolvedStyle(role).attributes)
            }
            for terminal in Self.terminals(for: theme) {
                #expect(!Self.selectionStandsOut(plain, capability, screen: terminal.screen, ink: terminal.ink))
            }
        }
        let highContrast = try #require(ThemeLoader.shipped("high-contrast"))
        let styles = TerminalStyle.all(for: highContrast, capability: .basic8)
        #expect(!styles[.selection]!.attributes.contains(.reverse))
        #expect(styles[.selection]!.background == 3)
    }
}
