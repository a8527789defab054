import Foundation

/// What a credential helper (gcloud, an exec plugin, a docker-credential-* helper) said, made
/// fit for one error line: the one scrubber every helper's message goes through (see
/// `RunCommand.Result`), wherever it is shown (stderr, the status line, the error window).
/// Helpers put the useful part first ("You do not currently have an active account selected.
/// Please run: $ gcloud auth login …") and alternatives last, so the whole message is kept, on
/// one line, without control characters, with anything that looks like a credential replaced,
/// and capped in length.
enum HelperMessage {
    /// Longest message kept, in characters.
    static let limit = 400

    /// The message in `text` (a helper's stderr, or its stdout where its protocol puts errors
    /// there), or nil when it says nothing.
    static func summary(_ text: String, secrets: [String] = []) -> String? {
        let text = scrubbed(text, secrets: secrets)
        guard text.contains(where: { $0.isLetter }) else { return nil }
        return capped(text, limit)
    }

    /// A short piece of a helper's output quoted in a message (a `kind`, a timestamp): the
    /// same scrubbing, at most `limit` characters; "(none)" when nothing is left.
    static func quote(_ text: String, limit: Int = 60) -> String {
        let text = scrubbed(text)
        return text.isEmpty ? "(none)" : capped(text, limit)
    }

    /// `text` on one line: colours and control characters gone, credentials replaced.
    private static func scrubbed(_ text: String, secrets: [String] = []) -> String {
        let uncoloured = text.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[ -/]*[@-~]", with: "", options: .regularExpression)
        let printable = String(String.UnicodeScalarView(uncoloured.unicodeScalars.map {
            CharacterSet.controlCharacters.contains($0) ? " " : $0
        }))
        let words = Redact.scrub(printable, secrets).split(whereSeparator: { $0.isWhitespace })
        return words.indices.map { index in
            scrub(words[index], after: index > words.startIndex ? words[index - 1] : nil)
        }.joined(separator: " ")
    }

    private static func capped(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : text.prefix(limit - 1) + "…"
    }

    /// One word, redacted when it is a credential, follows an authorization scheme (`Bearer X`,
    /// `Basic X`) or a secret's name (`password: X`), or is a secret's `name=value`.
    static func scrub(_ word: Substring, after previous: Substring?) -> String {
        if let previous {
            let bare = previous.trimmingCharacters(in: punctuation).lowercased()
            if bare == "bearer" || bare == "basic" { return "[redacted]" }
            let isScheme = ["bearer", "basic"].contains(word.trimmingCharacters(in: punctuation).lowercased())
            if previous.hasSuffix(":") || previous.hasSuffix("="), namesSecret(bare), !isScheme { return "[redacted]" }
        }
        if looksLikeCredential(word) { return "[redacted]" }
        // `token=X`, `?access_token=X&…`, `{"Secret":"X"}`: all after the name's separator.
        if let name = secretNames.lazy.compactMap({ word.range(of: $0, options: .caseInsensitive) }).first,
           let separator = word[name.upperBound...].firstIndex(where: { $0 == "=" || $0 == ":" }),
           word.index(after: separator) < word.endIndex {
            return word[...separator] + "[redacted]"
        }
        if let scheme = word.range(of: "://"),
           let at = word[scheme.upperBound...].prefix(while: { $0 != "/" }).firstIndex(of: "@") {
            // user:password@ in a URL.
            return word[..<scheme.upperBound] + "[redacted]" + word[at...]
        }
        return String(word)
    }

    private static let punctuation = CharacterSet(charactersIn: "\"'`,;()[]{}:=")

    /// What a secret's name holds (`token`, `password`, `client_secret`, `api-key`, …).
    private static let secretNames = ["token", "password", "passwd", "secret", "apikey", "api_key", "api-key", "authorization"]

    /// Whether a word (lowercased) names a secret.
    static func namesSecret(_ name: String) -> Bool {
        secretNames.contains { name.contains($0) }
    }

    /// Known token shapes (Google access and refresh tokens, JWTs, GitHub, GitLab and Slack
    /// tokens, AWS access key ids) and long runs of token characters mixing letters and digits.
    static func looksLikeCredential(_ word: Substring) -> Bool {
        let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'`,;()[]{}"))
        let prefixes = ["ya29.", "1//", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-"]
        if prefixes.contains(where: { bare.hasPrefix($0) && bare.count > $0.count + 3 }) { return true }
        if bare.hasPrefix("eyJ") && bare.contains(".") { return true }
        if bare.count == 20 && (bare.hasPrefix("AKIA") || bare.hasPrefix("ASIA")) { return true }
        let tokenCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.+="))
        return bare.count >= 32 && bare.unicodeScalars.allSatisfy { tokenCharacters.contains($0) }
            && bare.contains(where: \.isNumber) && bare.contains(where: \.isLetter)
    }
}
