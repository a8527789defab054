import Dispatch
import Foundation

/// A `ProgramLoop` on the terminal: its queue is the main queue, the terminal's keys, clicks,
/// sizes and seconds are its messages, and each batch ends in a painted frame. The effects
/// every screen shares (quit, repaint, a theme) are carried out here; the rest by `perform`.
@MainActor
enum TerminalProgram {
    /// What a screen's effect means for the terminal.
    enum ScreenEffect {
        case quit
        case repaint
        case applyTheme(String)
        /// Not the terminal's: background work (`perform` starts it).
        case work
    }

    /// Takes over the terminal: shows the first frame and installs the event sources; the
    /// caller then hands the main thread to Dispatch (`dispatchMain`). Exits 0 on `quit` and
    /// 128+n on SIGINT, SIGTERM, SIGHUP or SIGQUIT, restoring the terminal first.
    ///
    /// - Parameters:
    ///   - makeModel: the first state, for the terminal's size and the theme's name.
    ///   - screenEffect: which effects are the terminal's.
    ///   - themeApplied: the message that says a theme was applied (`problem` when it fell back).
    ///   - perform: carries out the other effects (background work).
    static func start<Model: Program>(
        session: TerminalSession, theme: ThemeChoice,
        makeModel: (_ now: Double, _ cols: Int, _ rows: Int, _ themeName: String) -> Model,
        screenEffect: @escaping @Sendable (Model.Effect) -> ScreenEffect,
        themeApplied: @escaping @Sendable (_ name: String, _ problem: String?) -> Model.Message,
        perform: @escaping @Sendable (Model.Effect, ProgramLoop<Model>) -> Void,
        after: @escaping @Sendable (Model.Message, Model) -> [Model.Message]
    ) {
        let size = session.terminal.updateSize()
        let loaded = session.applyTheme(theme)
        var model = makeModel(session.now, size.cols, size.rows, loaded.theme.name)
        if let problem = loaded.problem { _ = model.update(themeApplied(loaded.theme.name, problem)) }
        let painter = Painter(session: session)
        let handler = ProgramLoop<Model>.Handler(perform: { effect, loop in
            switch screenEffect(effect) {
            case .work:
                perform(effect, loop)
                return []
            case .quit:
                MainActor.assumeIsolated { session.exit(code: 0) }
            case .repaint:
                MainActor.assumeIsolated { session.terminal.forceFullRepaint() }
                return []
            case .applyTheme(let name):
                let loaded = MainActor.assumeIsolated { session.applyTheme(.named(name)) }
                return [themeApplied(loaded.theme.name, loaded.problem)]
            }
        }, after: after)
        let loop = ProgramLoop(model, queue: .main, handler: handler) { model in
            MainActor.assumeIsolated { painter.paint(model) }
        }
        session.start { (messages: [Model.Message]) in loop.apply(messages) }
        loop.apply([.tick(now: session.now)])
        running = loop
    }

    /// The running screen's loop, kept for the life of the process.
    private static var running: AnyObject?

    /// The grid each frame is rendered into, kept between frames.
    @MainActor private final class Painter {
        let session: TerminalSession
        var grid = CellGrid(cols: 0, rows: 0)

        init(session: TerminalSession) { self.session = session }

        func paint<Model: Program>(_ model: Model) {
            model.render(into: &grid)
            session.terminal.paint(grid)
        }
    }
}
