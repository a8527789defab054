import NubladaEngine
import Testing

/// Outside text quoted in an error message stays on one line and cannot drive the terminal.
@Suite struct MessageTextTests {
    @Test func escapesControlCharactersAndLineBreaks() {
        #expect(MessageText.oneLine("role 'a\nb'") == #"role 'a\nb'"#)
        #expect(MessageText.oneLine("x\r\u{1B}[2J\u{0}\u{7F}\u{85}\u{2028}\u{2029}y")
                == #"x\r\u{1B}[2J\0\u{7F}\u{0085}\u{2028}\u{2029}y"#)
    }

    @Test func leavesPrintableTextAlone() {
        let text = "themes/é.theme:3: unknown role 'cahced'\tand → ★ 🙂"
        #expect(MessageText.oneLine(text) == text)
    }
}
