import NubladaEngine
import Testing

/// Outside text quoted in an error message stays on one line and cannot drive the terminal.
@Suite struct MessageTextTests {
    @Test func escapesControlCharactersAndLineBreaks() {
        #expect(MessageText.oneLine("role 'a\nb'") == #"role 'a\nb'"#)
        #expect(MessageText.oneLine("x\r\u{1B}[2J\u{0}\u{7F}\u{85}\u{2028}\u{2029}y")
                == #"x\r\u{1B}[2J\0\u{7F}\u{0085}\u{2028}\u{2029}y"#)
    }

    @Test func escapesBidirectionalControls() {
        #expect(MessageText.oneLine("tag\u{202E}gpj.exe \u{2066}x\u{2069} \u{200F}\u{61C}")
                == #"tag\u{202E}gpj.exe \u{2066}x\u{2069} \u{200F}\u{061C}"#)
        // A joiner inside an emoji is not a bidirectional control.
        #expect(MessageText.oneLine("👩\u{200D}🔬") == "👩\u{200D}🔬")
    }

    @Test func cutsALongText() {
        let cut = MessageText.oneLine(String(repeating: "A", count: 10_000) + "\u{1B}", limit: 100)
        #expect(cut == String(repeating: "A", count: 100) + "... (9901 more characters)")
        #expect(MessageText.oneLine(String(repeating: "é", count: 100), limit: 100) == String(repeating: "é", count: 100))
        #expect(MessageText.oneLine("\u{1B}\u{1B}", limit: 1) == #"\u{1B}... (1 more character)"#)
    }

    @Test func leavesPrintableTextAlone() {
        let text = "themes/é.theme:3: unknown role 'cahced'\tand → ★ 🙂"
        #expect(MessageText.oneLine(text) == text)
    }
}
