/// Why the interactive dashboard cannot start on this terminal.
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// stdin or stdout is not a terminal.
    case notATerminal
    /// ncurses does not know TERM, or the terminal cannot address the cursor (TERM=dumb).
    case unsupportedTerminal(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the dashboard needs an interactive terminal on stdin and stdout; "
                + "use `nubladash snapshot` for a one-shot text or JSON report"
        case .unsupportedTerminal(let term):
            return "terminal type '\(term)' cannot position the cursor, so the dashboard cannot run; "
                + "use a full-screen terminal (e.g. TERM=xterm-256color) or `nubladash snapshot`"
        }
    }
}
