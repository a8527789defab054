import Testing
@testable import NubladaTUI

/// #rrggbb to the xterm 256-colour cube and greys, to the 8 basic colours, and none.
@Suite struct ColorMappingTests {
    func rgb(_ hex: String) -> RGBColor { RGBColor(hex: hex)! }

    @Test(arguments: [
        ("#000000", 16), ("#ffffff", 231), ("#ff0000", 196), ("#00ff00", 46), ("#0000ff", 21),
        ("#005f87", 24), ("#5fd75f", 77), ("#ffd75f", 221), ("#808080", 244), ("#3a3a3a", 237),
        ("#080808", 232), ("#eeeeee", 255), ("#002b36", 234), ("#d0d0d0", 252),
    ])
    func xterm256(hex: String, index: Int) {
        #expect(ColorMapping.xterm256(rgb(hex)) == index)
    }

    @Test func xterm256MapsEveryPaletteColourToItself() {
        for index in 16...255 {
            let colour = ColorMapping.rgb(ofXterm256: index)
            #expect(ColorMapping.rgb(ofXterm256: ColorMapping.xterm256(colour)) == colour, "palette entry \(index)")
        }
    }

    @Test(arguments: [
        ("#000000", 0), ("#ff0000", 1), ("#00ff00", 2), ("#ffff00", 3), ("#0000ff", 4), ("#ff00ff", 5),
        ("#00ffff", 6), ("#ffffff", 7), ("#5fd75f", 2), ("#ff5f5f", 1), ("#d0d0d0", 7), ("#1c1c1c", 0),
        ("#002b36", 0), ("#87afff", 7),
    ])
    func basic8(hex: String, index: Int) {
        #expect(ColorMapping.basic8(rgb(hex)) == index)
    }

    @Test func numbersPerCapability() {
        let red = ThemeColor.rgb(rgb("#ff0000"))
        #expect(ColorMapping.number(for: red, capability: .palette256) == 196)
        #expect(ColorMapping.number(for: red, capability: .basic8) == 1)
        #expect(ColorMapping.number(for: red, capability: .none) == -1)
        #expect(ColorMapping.number(for: .terminalDefault, capability: .palette256) == -1)
    }

    @Test func collidingColoursKeepContrast() {
        let greyOnBlack = ResolvedStyle(foreground: .rgb(rgb("#3a3a3a")), background: .rgb(rgb("#000000")),
                                        attributes: [])
        let basic = ColorMapping.pair(for: greyOnBlack, capability: .basic8)
        #expect(basic.foreground == 7 && basic.background == 0)
        let inkOnPaper = ResolvedStyle(foreground: .rgb(rgb("#fafafa")), background: .rgb(rgb("#ffffff")),
                                       attributes: [])
        #expect(ColorMapping.pair(for: inkOnPaper, capability: .palette256) == (16, 231))
        let distinct = ResolvedStyle(foreground: .rgb(rgb("#ffffff")), background: .rgb(rgb("#005f87")), attributes: [])
        #expect(ColorMapping.pair(for: distinct, capability: .palette256) == (231, 24))
    }

    @Test func capabilityDetection() {
        #expect(ColorCapability.detect(colors: 256, noColor: false) == .palette256)
        #expect(ColorCapability.detect(colors: 8, noColor: false) == .basic8)
        #expect(ColorCapability.detect(colors: 16, noColor: false) == .basic8)
        #expect(ColorCapability.detect(colors: 0, noColor: false) == .none)
        #expect(ColorCapability.detect(colors: 256, noColor: true) == .none)
    }

    @Test func everyShippedThemeKeepsRolesDistinctIn8Colours() throws {
        for name in ThemeLoader.shippedNames where name != "monochrome" {
            let theme = try #require(ThemeLoader.shipped(name))
            for capability in [ColorCapability.basic8, .palette256] {
                for role in ThemeRole.allCases {
                    let pair = ColorMapping.pair(for: theme.resolvedStyle(role), capability: capability)
                    #expect(pair.foreground != pair.background || pair.foreground == -1,
                            "\(name) \(role.rawValue) invisible in \(capability)")
                }
            }
        }
    }
}
