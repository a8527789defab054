/// A screen as a value, the way Bubble Tea runs every model: messages come in (keys, ticks,
/// results of background work), `update` changes the state and says what must be done
/// (effects), `render` draws it. `ProgramLoop` runs any of them, with a terminal or without.
public protocol Program: Sendable {
    associatedtype Message: TerminalEventMessage & Sendable
    associatedtype Effect: Sendable

    /// Applies one message and returns what the runtime must do. Pure: no I/O, no clock.
    mutating func update(_ message: Message) -> [Effect]

    /// Draws the state into `grid` (only when there is a terminal to paint).
    func render(into grid: inout CellGrid)
}

/// What the terminal and the clock tell a screen: a key, a click, a new size, a second
/// passed. Each screen's message type is made from them.
public protocol TerminalEventMessage {
    static func key(_ key: Key) -> Self
    static func mouse(_ event: MouseEvent) -> Self
    static func resize(cols: Int, rows: Int) -> Self
    static func tick(now: Double) -> Self
}

extension DashboardMessage: TerminalEventMessage {}
extension OverviewMessage: TerminalEventMessage {}

extension DashboardState: Program {
    public mutating func update(_ message: DashboardMessage) -> [DashboardEffect] { NubladaTUI.update(&self, message) }

    public func render(into grid: inout CellGrid) { NubladaTUI.render(self, into: &grid) }
}

extension OverviewState: Program {
    public mutating func update(_ message: OverviewMessage) -> [OverviewEffect] { updateOverview(&self, message) }

    public func render(into grid: inout CellGrid) { renderOverview(self, into: &grid) }
}
