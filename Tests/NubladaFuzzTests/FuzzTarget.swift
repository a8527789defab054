/// What a parser made of one input: a value, or an error with the text a user would read.
enum FuzzOutcome: Sendable {
    case value
    case error(String)
    /// A property of the parser itself failed (two readings of one input disagree).
    case broken(String)

    /// Runs `parse`; a thrown error becomes its description.
    static func of(_ parse: () throws -> Void) -> FuzzOutcome {
        do {
            try parse()
            return .value
        } catch {
            return .error("\(error)")
        }
    }

    /// Why this outcome breaks the property (a value, or one clean line of error: no line break
    /// and no control character that could drive the terminal), or nil.
    var problem: String? {
        if case .broken(let what) = self { return what }
        guard case .error(let text) = self else { return nil }
        if text.isEmpty { return "an empty error message" }
        let breaking = text.unicodeScalars.first { scalar in
            switch scalar.properties.generalCategory {
            case .control: scalar != "\t"
            case .lineSeparator, .paragraphSeparator: true
            default: false
            }
        }
        if let breaking {
            return "a control character or line break (\(breaking.escaped(asASCII: true))) in the error message: \(text.debugDescription.prefix(300))"
        }
        for marker in ["Fatal error", "Stack dump", "Backtrace", "0x0000"] where text.contains(marker) {
            return "an error message with a trace: \(text.debugDescription.prefix(300))"
        }
        return nil
    }
}

/// A parser under fuzz: its name (which names its regression file), the mutator that makes its
/// inputs, and the call that parses one input as the program would. Adding a decoder to the
/// fuzz tests is one of these and one `@Test` that passes it to `FuzzRunner.run`.
struct FuzzTarget: Sendable {
    let name: String
    let mutator: Mutator
    /// Random inputs per run unless NUBLADASH_FUZZ_ITERATIONS says otherwise.
    let iterations: Int
    let parse: @Sendable ([UInt8]) -> FuzzOutcome
}
