/// The bottom line: notices, refresh errors and failing or stuck pulls first, then the last successful refresh with
/// its age and the next refresh countdown, and key hints at the right. When space is short
/// the error is cut so that the countdown stays visible; the error leads with what matters
/// (long paths shortened, see `ErrorText`), and `e` shows it whole.
enum StatusLineView {
    static func draw(_ state: DashboardState, in rect: Rect, into grid: inout CellGrid) {
        let glyphs = state.glyphs
        grid.fill(rect, role: .text)
        var hint = StyledLine()
        if state.refresh.lastFailure != nil { hint.runs += [.init(text: "e", role: .key), .init(text: " error  ", role: .dim)] }
        hint.runs += [.init(text: "?", role: .key), .init(text: " help ", role: .dim)]
        let hintX = rect.maxX - hint.width
        grid.draw(hint, x: hintX, y: rect.y, maxWidth: hint.width, ellipsis: glyphs.ellipsis)

        let (lead, tail) = parts(state)
        let start = rect.x + 1
        let available = hintX - start - 1
        guard !lead.runs.isEmpty else {
            grid.draw(tail, x: start, y: rect.y, maxWidth: available, ellipsis: glyphs.ellipsis)
            return
        }
        // The lead (notice, error) comes first; the times follow in full when they fit, else
        // in their compact form (`12s ago · next 18s`).
        let separator = TextWidth.of(glyphs.separator)
        let full = lead.width + separator + tail.width <= available
        let times = full ? tail : compactTimes(state)
        let leadRoom = times.runs.isEmpty ? available : max(min(available, 24), available - times.width - separator)
        grid.draw(lead, x: start, y: rect.y, maxWidth: leadRoom, ellipsis: glyphs.ellipsis)
        let timesX = start + min(lead.width, leadRoom)
        if !times.runs.isEmpty && start + available - timesX >= separator + times.width {
            var joined = StyledLine(glyphs.separator, role: .dim)
            joined.runs += times.runs
            grid.draw(joined, x: timesX, y: rect.y, maxWidth: start + available - timesX, ellipsis: glyphs.ellipsis)
        }
    }

    /// `12s ago · next 18s`, `retry 4s` (after a failure the header shows the age),
    /// `refreshing`, `paused`; after `registry data 10m 03s old` while a side is behind.
    static func compactTimes(_ state: DashboardState) -> StyledLine {
        let refresh = state.refresh
        var line = StyledLine()
        for behind in state.sidesBehindTexts {
            line.append(behind, role: .stale)
            line.append(state.glyphs.separator, role: .dim)
        }
        if let success = refresh.lastSuccessAt, refresh.lastFailure == nil {
            line.append("\(Formatting.duration(state.now - success)) ago", role: refresh.lastFailure == nil ? .text : .stale)
            line.append(state.glyphs.separator, role: .dim)
        }
        if let wait = state.longWaitText {
            line.append(wait, role: .warning)
        } else if refresh.inFlight {
            line.append("refreshing", role: .dim)
        } else if refresh.paused {
            line.append("paused", role: .warning)
        } else if let next = refresh.nextAttemptAt {
            let what = refresh.lastFailure == nil ? "next" : "retry"
            line.append("\(what) \(Formatting.duration(max(0, next - state.now)))", role: .dim)
        }
        return line
    }

    /// The whole status text as one line (tests).
    static func line(_ state: DashboardState) -> StyledLine {
        let (lead, tail) = parts(state)
        var line = lead
        if !lead.runs.isEmpty && !tail.runs.isEmpty { line.append(state.glyphs.separator, role: .dim) }
        line.runs += tail.runs
        return line
    }

    /// Notice and error (`lead`), and the refresh times (`tail`).
    static func parts(_ state: DashboardState) -> (lead: StyledLine, tail: StyledLine) {
        let glyphs = state.glyphs
        let refresh = state.refresh
        var lead = StyledLine()
        var tail = StyledLine()
        func add(_ text: String, _ role: ThemeRole, to line: inout StyledLine) {
            if !line.runs.isEmpty { line.append(glyphs.separator, role: .dim) }
            line.append(text, role: role)
        }
        if let notice = state.notice {
            add(notice.text, notice.isProblem ? .warning : .key, to: &lead)
        }
        if state.focus == .matrix, state.overlay == nil, let index = state.selectedNodeIndex,
           let node = state.data?.nodes[index], !node.eligible {
            add("\(state.prepared?.nodes[index].shortName ?? node.name): \(node.comment ?? "not eligible")", .ineligible,
                to: &lead)
        }
        if let failure = refresh.lastFailure {
            let ellipsis = state.options.ascii ? "..." : "…"
            add("\(glyphs.warning) \(ErrorText.compact(failure.message, ellipsis: ellipsis))", .error, to: &lead)
        }
        if let warning = state.prepared?.activity?.warning {
            add(warning.text(glyphs: glyphs), .warning, to: &lead)
        }
        if let success = refresh.lastSuccessAt {
            let zone = state.options.timeZone
            let clock = Formatting.clockTime(success, in: zone) + " " + Formatting.zoneName(success, in: zone)
            let age = Formatting.duration(state.now - success)
            add("updated \(clock) (\(age) ago)", refresh.lastFailure == nil ? .text : .stale, to: &tail)
            for behind in state.sidesBehindTexts { add(behind, .stale, to: &tail) }
        } else if !refresh.inFlight {
            add("no data yet", refresh.lastFailure == nil ? .dim : .warning, to: &tail)
        }
        if let wait = state.longWaitText {
            add(wait, .warning, to: &tail)
        } else if refresh.inFlight {
            let running = refresh.startedAt.map { " \(Formatting.duration(state.now - $0))" } ?? ""
            add("refreshing\(running)", .dim, to: &tail)
        } else if refresh.paused {
            add("auto-refresh paused (p resumes, u refreshes)", .warning, to: &tail)
        } else if let next = refresh.nextAttemptAt {
            let countdown = Formatting.duration(max(0, next - state.now))
            if refresh.lastFailure == nil {
                add("next refresh in \(countdown)", .dim, to: &tail)
            } else {
                let failures = refresh.consecutiveFailures
                add("\(failures > 1 ? "\(failures) failed attempts, " : "")retry in \(countdown)", .dim, to: &tail)
            }
        }
        return (lead, tail)
    }
}
