/// The bottom line: last successful refresh and its age, next refresh countdown, errors,
/// notices, and a help hint.
enum StatusLineView {
    static func draw(_ state: DashboardState, in rect: Rect, into grid: inout CellGrid) {
        grid.fill(rect, role: .text)
        let hint = StyledLine([.init(text: "?", role: .key), .init(text: " help ", role: .dim)])
        let hintX = rect.maxX - hint.width
        grid.draw(hint, x: hintX, y: rect.y, maxWidth: hint.width, ellipsis: state.glyphs.ellipsis)
        grid.draw(line(state), x: rect.x + 1, y: rect.y, maxWidth: hintX - rect.x - 2, ellipsis: state.glyphs.ellipsis)
    }

    static func line(_ state: DashboardState) -> StyledLine {
        let glyphs = state.glyphs
        let refresh = state.refresh
        var line = StyledLine()
        func add(_ text: String, _ role: ThemeRole) {
            if !line.runs.isEmpty { line.append(glyphs.separator, role: .dim) }
            line.append(text, role: role)
        }
        if let notice = state.notice {
            add(notice.text, notice.isProblem ? .warning : .key)
        }
        if let failure = refresh.lastFailure {
            let attempts = refresh.consecutiveFailures > 1 ? " (\(refresh.consecutiveFailures) attempts)" : ""
            add("\(glyphs.warning) refresh failed\(attempts): \(failure.message)", .error)
        }
        if let success = refresh.lastSuccessAt {
            let clock = Formatting.clockTime(success, in: state.options.timeZone)
            let age = Formatting.duration(state.now - success)
            add("updated \(clock) (\(age) ago)", refresh.lastFailure == nil ? .text : .stale)
        } else if !refresh.inFlight && refresh.lastFailure == nil {
            add("no data yet", .dim)
        }
        if refresh.inFlight {
            let running = refresh.startedAt.map { " \(Formatting.duration(state.now - $0))" } ?? ""
            add("refreshing\(running)", .dim)
        } else if refresh.paused {
            add("auto-refresh paused (p resumes, u refreshes)", .warning)
        } else if let next = refresh.nextAttemptAt {
            let what = refresh.lastFailure == nil ? "next refresh" : "retry"
            add("\(what) in \(Formatting.duration(max(0, next - state.now)))", .dim)
        }
        return line
    }
}
