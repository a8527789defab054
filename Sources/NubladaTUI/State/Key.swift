/// A key press, decoded from the terminal.
public enum Key: Hashable, Sendable {
    /// A printable character (`q`, `/`, `é`).
    case character(Character)
    /// Control plus a letter: `.control("r")` is ctrl-r.
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// Anything else (function keys…), ignored.
    case other(Int32)
}
