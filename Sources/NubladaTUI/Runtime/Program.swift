/// A screen as a value, the way Bubble Tea runs every model: messages come in (keys, ticks,
/// results of background work), `update` changes the state and says what must be done
/// (effects), `render` draws it. `ProgramLoop` runs any of them, with a terminal or without.
public protocol Program: Sendable {
    associatedtype Message: ScreenMessage & Sendable
    associatedtype Effect: ScreenEffect & Sendable

    /// Applies one message and returns what the runtime must do. Pure: no I/O, no clock.
    mutating func update(_ message: Message) -> [Effect]

    /// Draws the state into `grid` (only when there is a terminal to paint).
    func render(into grid: inout CellGrid)
}

/// What the terminal and the clock tell a screen: a key, a click, a new size, a second
/// passed, a theme applied. Each screen's message type is made from them.
public protocol ScreenMessage {
    static func key(_ key: Key) -> Self
    static func mouse(_ event: MouseEvent) -> Self
    static func resize(cols: Int, rows: Int) -> Self
    static func tick(now: Double) -> Self
    /// The runtime applied a theme (after `t` or at start); `problem` when it fell back.
    static func themeApplied(name: String, problem: String?) -> Self
}

/// An effect the terminal carries out itself, the same for every screen.
public enum TerminalEffect: Hashable, Sendable {
    /// Restore the terminal and exit 0.
    case quit
    /// Redraw the whole screen from scratch.
    case repaint
    /// Load and apply the named theme.
    case applyTheme(String)
}

/// A screen's effect: the terminal's own, or background work for its runtime (nil).
public protocol ScreenEffect {
    var terminalEffect: TerminalEffect? { get }
}

extension DashboardMessage: ScreenMessage {}
extension OverviewMessage: ScreenMessage {}

extension DashboardEffect: ScreenEffect {
    public var terminalEffect: TerminalEffect? {
        switch self {
        case .quit: .quit
        case .repaint: .repaint
        case .applyTheme(let name): .applyTheme(name)
        case .requestRefresh, .resolveDigest: nil
        }
    }
}

extension OverviewEffect: ScreenEffect {
    public var terminalEffect: TerminalEffect? {
        switch self {
        case .quit: .quit
        case .repaint: .repaint
        case .applyTheme(let name): .applyTheme(name)
        case .refresh, .resolveDigest: nil
        }
    }
}

extension DashboardState: Program {
    public mutating func update(_ message: DashboardMessage) -> [DashboardEffect] { NubladaTUI.update(&self, message) }

    public func render(into grid: inout CellGrid) { NubladaTUI.render(self, into: &grid) }
}

extension OverviewState: Program {
    public mutating func update(_ message: OverviewMessage) -> [OverviewEffect] { updateOverview(&self, message) }

    public func render(into grid: inout CellGrid) { renderOverview(self, into: &grid) }
}
