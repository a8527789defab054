/// The characters the dashboard draws with: Unicode, or ASCII for `--ascii` and non-UTF-8 terminals.
public struct Glyphs: Hashable, Sendable {
    public var cached: Character
    public var missing: Character
    public var notRequired: Character
    public var unknown: Character
    /// Matrix cells with a prepull pod at work: pulling, failing, stuck past `prepullTimeout`.
    public var pulling: Character
    public var failing: Character
    public var stuck: Character
    public var recommended: Character
    public var pinned: Character
    public var prepull: Character
    public var arrow: String
    public var horizontal: Character
    public var vertical: Character
    public var ellipsis: Character
    public var warning: Character
    public var separator: String
    /// A value that is not known (a Docker tag outside the prepull set has no digest).
    public var noValue: String
    /// More matrix columns to the left / right.
    public var moreLeft: Character
    public var moreRight: Character

    public static let unicode = Glyphs(
        cached: "●", missing: "○", notRequired: "·", unknown: "?", pulling: "◐", failing: "✗", stuck: "!", recommended: "★", pinned: "⚑", prepull: "⇩",
        arrow: "→", horizontal: "─", vertical: "│", ellipsis: "…", warning: "⚠", separator: " · ", noValue: "—",
        moreLeft: "‹", moreRight: "›")

    public static let ascii = Glyphs(
        cached: "#", missing: "o", notRequired: ".", unknown: "?", pulling: "~", failing: "x", stuck: "!", recommended: "*", pinned: "!", prepull: "v",
        arrow: "->", horizontal: "-", vertical: "|", ellipsis: "~", warning: "!", separator: " | ", noValue: "-",
        moreLeft: "<", moreRight: ">")

    public static func forMode(ascii: Bool) -> Glyphs { ascii ? .ascii : .unicode }
}
