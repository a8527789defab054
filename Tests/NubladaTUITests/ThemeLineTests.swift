import Testing
@testable import NubladaTUI

/// Theme files written on Windows (CRLF) parse, and whatever a broken line holds, its error is
/// one line without control characters (found by the fuzz tests).
@Suite struct ThemeLineTests {
    @Test func crlfLineEndings() throws {
        let theme = try ThemeParser.parse("name = Windows\r\ntext = #ffffff on #000000\r\n\r\nheader = bold\r\n",
                                          file: "w.theme", fallbackName: "w")
        #expect(theme.name == "Windows")
        #expect(theme.styles[.header] == RoleStyle(attributes: .bold))
    }

    @Test func errorsQuotingControlCharactersStayOnOneLine() {
        for text in ["group\u{2028}x = bold", "text = bold \u{1B}[2Jx", "te\rxt = bold"] {
            #expect(throws: ThemeError.self) { try ThemeParser.parse(text, file: "t.theme", fallbackName: "t") }
            do {
                _ = try ThemeParser.parse(text, file: "t.theme", fallbackName: "t")
            } catch {
                let description = "\(error)"
                #expect(!description.unicodeScalars.contains { $0.properties.generalCategory == .control
                    || $0 == "\u{2028}" }, "\(description.debugDescription)")
                #expect(description.hasPrefix("t.theme:1: "))
            }
        }
    }
}
