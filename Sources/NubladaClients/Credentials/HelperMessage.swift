import Foundation

/// What a failed credential helper (gcloud, an exec plugin, a docker-credential-* helper)
/// said, made fit for one error line. Helpers put the useful part first ("You do not
/// currently have an active account selected. Please run: $ gcloud auth login …") and
/// alternatives last, so the whole message is kept, on one line, without control
/// characters, with anything that looks like a credential replaced, and capped in length.
enum HelperMessage {
    /// Longest message kept, in characters.
    static let limit = 400

    /// The message in `stderr`, or nil when it says nothing.
    static func summary(_ stderr: String, secrets: [String] = []) -> String? {
        let uncoloured = stderr.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[ -/]*[@-~]", with: "", options: .regularExpression)
        let printable = String(String.UnicodeScalarView(uncoloured.unicodeScalars.map {
            CharacterSet.controlCharacters.contains($0) ? " " : $0
        }))
        let words = Redact.scrub(printable, secrets).split(whereSeparator: { $0.isWhitespace })
            .map { looksLikeCredential($0) ? "[redacted]" : String($0) }
        let text = words.joined(separator: " ")
        guard text.contains(where: { $0.isLetter }) else { return nil }
        return text.count <= limit ? text : text.prefix(limit - 1) + "…"
    }

    /// Access tokens (`ya29.`), refresh tokens (`1//`), JWTs, and long runs of token
    /// characters mixing letters and digits.
    static func looksLikeCredential(_ word: Substring) -> Bool {
        let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'`,;()[]{}"))
        if bare.hasPrefix("ya29.") || bare.hasPrefix("1//") { return true }
        if bare.hasPrefix("eyJ") && bare.contains(".") { return true }
        let tokenCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.+="))
        return bare.count >= 32 && bare.unicodeScalars.allSatisfy { tokenCharacters.contains($0) }
            && bare.contains(where: \.isNumber) && bare.contains(where: \.isLetter)
    }
}
