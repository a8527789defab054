@preconcurrency import CNcursesw
import Foundation

/// Input read from the terminal.
public enum TerminalInput: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// ncurses noticed a new size (the runtime reads it with `updateSize`).
    case resize
}

/// The thin ncurses backend: starts and restores the terminal, paints a `CellGrid` (only the
/// cells that changed since the last paint), reads keys and mouse events.
///
/// ncurses is process-global: create one at a time, use it from the main thread only, and
/// call `restore()` on every exit path.
public final class NcursesTerminal {
    private let screen: OpaquePointer
    private var isActive = true
    private var previous: CellGrid?
    private var pairCache: ColorPairCache
    private var roleStyles: [ThemeRole: (attributes: attr_t, pair: Int16)] = [:]
    public let colorCapability: ColorCapability
    public private(set) var cols: Int
    public private(set) var rows: Int
    /// Cells sent to ncurses by the last `paint` (only those that changed).
    public private(set) var lastPaintCellCount = 0

    /// Starts the dashboard on the process's terminal (stdin/stdout). Call `setlocale` first.
    /// Refuses non-terminals and terminals without cursor addressing (`TERM=dumb`).
    public convenience init(noColor: Bool, mouse: Bool) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else { throw TerminalError.unsupportedTerminal(term: term.isEmpty ? "(unset)" : term) }
        try self.init(termName: nil, output: stdout, input: stdin, noColor: noColor, mouse: mouse)
    }

    /// Starts ncurses on the given streams; `termName` nil uses `$TERM`. Tests use
    /// `"xterm-256color"` with `/dev/null` streams.
    public init(termName: String?, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
                noColor: Bool, mouse: Bool) throws(TerminalError) {
        let displayName = termName ?? ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
        guard let screen = newterm(termName, output, input) else {
            throw TerminalError.unsupportedTerminal(term: displayName)
        }
        self.screen = screen
        set_term(screen)
        guard nd_has_cursor_addressing() != 0 else {
            endwin()
            delscreen(screen)
            throw TerminalError.unsupportedTerminal(term: displayName)
        }
        raw()
        noecho()
        nonl()
        let window = nd_stdscr()
        keypad(window, true)
        nodelay(window, true)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(25)
        var capability = ColorCapability.none
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            capability = ColorCapability.detect(colors: Int(nd_colors()), noColor: false)
        }
        colorCapability = capability
        pairCache = ColorPairCache(capacity: capability == .none ? 0 : Int(nd_color_pairs()) - 1)
        if mouse {
            let mask = nd_mouse_button1_pressed() | nd_mouse_button1_clicked() | nd_mouse_wheel_up()
                | nd_mouse_wheel_down()
            mousemask(mask, nil)
            mouseinterval(0)
        }
        cols = Int(getmaxx(window))
        rows = Int(getmaxy(window))
        apply(ThemeLoader.defaultTheme)
    }

    deinit { restore() }

    /// Uses `theme` for every role from the next paint on (repaints everything), as
    /// `TerminalStyle.all` maps it to this terminal's colours.
    public func apply(_ theme: Theme) {
        pairCache.reset()
        roleStyles = [:]
        for (role, style) in TerminalStyle.all(for: theme, capability: colorCapability) {
            let pair = colorCapability == .none ? 0 : pairCache.pair(foreground: style.foreground,
                                                                    background: style.background) {
                init_pair($0, $1, $2)
            }
            roleStyles[role] = (NcursesTerminal.cursesAttributes(style.attributes), pair)
        }
        previous = nil
    }

    /// Paints `grid`: the cells that differ from the last painted grid (all after a resize,
    /// theme change or `forceFullRepaint`), then lets ncurses update the terminal.
    public func paint(_ grid: CellGrid) {
        guard isActive else { return }
        let window = nd_stdscr()
        let old = previous.flatMap { $0.cols == grid.cols && $0.rows == grid.rows ? $0 : nil }
        var character = cchar_t()
        var painted = 0
        for y in 0..<min(grid.rows, rows) {
            for x in 0..<min(grid.cols, cols) {
                let cell = grid[x, y]
                if cell.isWideTail { continue }
                if let old, old[x, y] == cell, cell.width == 1 || old[x + 1, y] == grid[x + 1, y] { continue }
                let style = roleStyles[cell.role] ?? (0, 0)
                let attributes = style.attributes | NcursesTerminal.cursesAttributes(cell.attributes)
                var wide: [wchar_t] = cell.glyph.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
                wide.append(0)
                setcchar(&character, wide, attributes, style.pair, nil)
                mvwadd_wch(window, Int32(y), Int32(x), &character)
                painted += 1
            }
        }
        lastPaintCellCount = painted
        previous = grid
        wnoutrefresh(window)
        doupdate()
    }

    /// Redraws the whole screen on the next paint (ctrl-l).
    public func forceFullRepaint() {
        previous = nil
        clearok(nd_stdscr(), true)
    }

    /// Reads the terminal size (TIOCGWINSZ on stdout) and resizes ncurses to it.
    @discardableResult
    public func updateSize() -> (cols: Int, rows: Int) {
        var newRows: Int32 = 0
        var newCols: Int32 = 0
        if nd_terminal_size(STDOUT_FILENO, &newRows, &newCols) == 0 {
            if Int(newRows) != rows || Int(newCols) != cols { resizeterm(newRows, newCols) }
        }
        let window = nd_stdscr()
        cols = Int(getmaxx(window))
        rows = Int(getmaxy(window))
        previous = nil
        return (cols, rows)
    }

    /// Everything typed since the last call (never blocks).
    public func readInput() -> [TerminalInput] {
        guard isActive else { return [] }
        var inputs: [TerminalInput] = []
        let window = nd_stdscr()
        for _ in 0..<4096 {
            var value: wint_t = 0
            let result = wget_wch(window, &value)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                let code = Int32(value)
                if code == KEY_RESIZE {
                    inputs.append(.resize)
                } else if code == KEY_MOUSE {
                    if let event = readMouse() { inputs.append(.mouse(event)) }
                } else {
                    inputs.append(.key(KeyDecoder.functionKey(code)))
                }
            } else {
                inputs.append(.key(KeyDecoder.character(UInt32(value))))
            }
        }
        return inputs
    }

    private func readMouse() -> MouseEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let state = event.bstate
        let kind: MouseEvent.Kind
        if state & nd_mouse_wheel_up() != 0 {
            kind = .wheelUp
        } else if state & nd_mouse_wheel_down() != 0 {
            kind = .wheelDown
        } else if state & (nd_mouse_button1_pressed() | nd_mouse_button1_clicked()) != 0 {
            kind = .click
        } else {
            return nil
        }
        return MouseEvent(kind: kind, x: Int(event.x), y: Int(event.y))
    }

    /// Gives the terminal back (endwin). Safe to call more than once.
    public func restore() {
        guard isActive else { return }
        isActive = false
        mousemask(0, nil)
        curs_set(1)
        endwin()
    }

    /// Releases ncurses' memory for this screen (after `restore`; tests).
    public func close() {
        restore()
        delscreen(screen)
    }

    static func cursesAttributes(_ attributes: CellAttributes) -> attr_t {
        var result = nd_attr_normal()
        if attributes.contains(.bold) { result |= nd_attr_bold() }
        if attributes.contains(.dim) { result |= nd_attr_dim() }
        if attributes.contains(.underline) { result |= nd_attr_underline() }
        if attributes.contains(.reverse) { result |= nd_attr_reverse() }
        if attributes.contains(.italic) { result |= nd_attr_italic() }
        return result
    }
}
