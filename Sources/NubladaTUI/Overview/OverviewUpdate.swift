import NubladaEngine

/// What the overview runtime feeds in.
public enum OverviewMessage: Sendable {
    case key(Key)
    case tick(now: Double)
    case resize(cols: Int, rows: Int)
    case mouse(MouseEvent)
    /// The running refresh of environment `environment` still waits on these hosts.
    case refreshWaiting(environment: Int, hosts: [String])
    /// A refresh of environment `environment` finished.
    case refreshFinished(environment: Int, RefreshOutcome)
    case digestResolved(environment: Int, tag: String, Result<String, RefreshFailure>)
    case themeApplied(name: String, problem: String?)
}

/// What the overview asks of its runtime.
public enum OverviewEffect: Hashable, Sendable {
    /// Refresh this environment (the runtime bounds how many run at once).
    case refresh(Int)
    case resolveDigest(environment: Int, tag: String)
    case quit
    case repaint
    case applyTheme(String)
}

/// Applies one message to the overview and returns what the runtime must do. Pure, like
/// `update`: each environment's own dashboard state gets its ticks and refresh results
/// (so its schedule, backoff and staleness are the dashboard's own), and the open one its keys.
public func updateOverview(_ state: inout OverviewState, _ message: OverviewMessage) -> [OverviewEffect] {
    switch message {
    case .key(let key):
        return state.handleKey(key)
    case .tick(let now):
        state.now = now
        if let notice = state.notice, notice.expiresAt <= now { state.notice = nil }
        return state.environments.indices.flatMap { state.forward(.tick(now: now), to: $0) }
    case .resize(let cols, let rows):
        state.cols = max(0, cols)
        state.rows = max(0, rows)
        for index in state.environments.indices { _ = state.forward(.resize(cols: cols, rows: rows), to: index) }
        state.clampCursor()
        return [.repaint]
    case .mouse(let event):
        guard case .environment(let index) = state.mode else { return [] }
        return state.forward(.mouse(event), to: index)
    case .refreshWaiting(let index, let hosts):
        guard state.environments.indices.contains(index) else { return [] }
        return state.forward(.refreshWaiting(hosts: hosts), to: index)
    case .refreshFinished(let index, let outcome):
        guard state.environments.indices.contains(index) else { return [] }
        return state.forward(.refreshFinished(outcome), to: index)
    case .digestResolved(let index, let tag, let result):
        guard state.environments.indices.contains(index) else { return [] }
        return state.forward(.digestResolved(tag: tag, result), to: index)
    case .themeApplied(let name, let problem):
        return state.environments.indices.flatMap { state.forward(.themeApplied(name: name, problem: problem), to: $0) }
    }
}

extension OverviewState {
    /// Gives environment `index`'s dashboard a message; its effects, as the overview's.
    mutating func forward(_ message: DashboardMessage, to index: Int) -> [OverviewEffect] {
        overviewEffects(environments[index].dashboard.update(message), of: index)
    }

    private func overviewEffects(_ effects: [DashboardEffect], of index: Int) -> [OverviewEffect] {
        effects.map { effect in
            switch effect {
            case .requestRefresh: .refresh(index)
            case .resolveDigest(let tag): .resolveDigest(environment: index, tag: tag)
            case .quit: .quit
            case .repaint: .repaint
            case .applyTheme(let name): .applyTheme(name)
            }
        }
    }

    /// Starts a refresh of environment `index` now, or, while one runs, as soon as it ends.
    mutating func updateNow(_ index: Int) -> [OverviewEffect] {
        overviewEffects(environments[index].dashboard.updateNow(), of: index)
    }

    mutating func clampCursor() {
        cursor = max(0, min(cursor, environments.count - 1))
        let lines = mode == .compare ? 0 : environments.count
        scroll = max(0, min(scroll, max(0, lines - bodyRows)))
        if mode == .table {
            if cursor < scroll { scroll = cursor }
            if cursor >= scroll + bodyRows { scroll = cursor - bodyRows + 1 }
        }
    }

    mutating func showNotice(_ text: String, isProblem: Bool, seconds: Double = 4) {
        notice = Notice(text: text, isProblem: isProblem, expiresAt: now + seconds)
    }
}
