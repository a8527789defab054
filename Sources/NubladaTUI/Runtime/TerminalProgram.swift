import Dispatch
import Foundation

/// A `ProgramLoop` on the terminal: its queue is the main queue, the terminal's keys, clicks,
/// sizes and seconds are its messages, and each batch ends in a painted frame. The terminal's
/// own effects (quit, repaint, a theme) are carried out here, the rest by the runtime's handler.
enum TerminalProgram {
    /// Takes over the terminal and never returns: exits 0 on `quit` and 128+n on SIGINT,
    /// SIGTERM, SIGHUP or SIGQUIT, restoring the terminal first. Throws `TerminalError` before
    /// touching the screen when stdin/stdout is not a usable terminal.
    ///
    /// Call it on the main thread (top-level code or a synchronous `ParsableCommand.run()`):
    /// it ends in `dispatchMain()`.
    ///
    /// - Parameter makeModel: the first state, for the terminal's size, its ASCII mode and the
    ///   theme's name.
    static func run<Model: Program>(
        ascii: Bool, mouse: Bool, theme: ThemeChoice,
        makeModel: @MainActor (_ now: Double, _ cols: Int, _ rows: Int, _ ascii: Bool, _ themeName: String) -> Model,
        handler: ProgramLoop<Model>.Handler
    ) throws -> Never {
        dispatchPrecondition(condition: .onQueue(.main))
        try MainActor.assumeIsolated {
            let session = try TerminalSession(ascii: ascii, mouse: mouse)
            let size = session.terminal.updateSize()
            let loaded = session.applyTheme(theme)
            var model = makeModel(session.now, size.cols, size.rows, session.ascii, loaded.theme.name)
            if let problem = loaded.problem { _ = model.update(.themeApplied(name: loaded.theme.name, problem: problem)) }
            let painter = Painter(session: session)
            let onTerminal = ProgramLoop<Model>.Handler(perform: { effect, loop in
                guard let terminalEffect = effect.terminalEffect else { return handler.perform(effect, loop) }
                return MainActor.assumeIsolated { session.carryOut(terminalEffect) }
            }, after: handler.after)
            let loop = ProgramLoop(model, queue: .main, handler: onTerminal) { model in
                MainActor.assumeIsolated { painter.paint(model) }
            }
            session.start { (messages: [Model.Message]) in loop.apply(messages) }
            loop.apply([.tick(now: session.now)])
            running = loop
        }
        dispatchMain()
    }

    /// The running screen's loop, kept for the life of the process.
    @MainActor private static var running: AnyObject?

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

extension TerminalSession {
    /// Carries out one of the terminal's own effects; the messages that follow from it.
    func carryOut<Message: ScreenMessage>(_ effect: TerminalEffect) -> [Message] {
        switch effect {
        case .quit:
            exit(code: 0)
        case .repaint:
            terminal.forceFullRepaint()
            return []
        case .applyTheme(let name):
            let loaded = applyTheme(.named(name))
            return [.themeApplied(name: loaded.theme.name, problem: loaded.problem)]
        }
    }
}
