/// What each key does in the overview: the table, the `:name` prompt, the compare view, and
/// an open environment (its dashboard's keys, with `esc` coming back).
extension OverviewState {
    mutating func handleKey(_ key: Key) -> [OverviewEffect] {
        if key == .control("c") { return [.quit] }
        if case .environment(let index) = mode { return handleEnvironmentKey(key, index: index) }
        if isTooSmall { return key == .character("q") ? [.quit] : [] }
        if jumpText != nil { return handleJumpKey(key) }
        switch key {
        case .character("q"): return [.quit]
        case .control("l"): return [.repaint]
        case .character("c"):
            mode = mode == .compare ? .table : .compare
            scroll = 0
            clampCursor()
            return []
        case .escape where mode == .compare:
            mode = .table
            clampCursor()
            return []
        case .character("U"):
            let queued = environments.filter(\.dashboard.refresh.inFlight).count
            let note = queued == 0 ? "" : " (\(queued) queued: a refresh is in flight)"
            showNotice("refreshing all \(environments.count) environments\(note)", isProblem: false)
            return environments.indices.flatMap { updateNow($0) }
        case .character(":"):
            jumpText = ""
            return []
        case .character(let digit) where digit.isASCII && digit.isNumber && digit != "0":
            let number = Int(String(digit))!
            guard environments.indices.contains(number - 1) else {
                showNotice("no environment \(number) (there are \(environments.count))", isProblem: true)
                return []
            }
            return open(number - 1)
        default:
            return mode == .compare ? handleCompareKey(key) : handleTableKey(key)
        }
    }

    private mutating func handleTableKey(_ key: Key) -> [OverviewEffect] {
        let page = max(1, bodyRows - 1)
        switch key {
        case .up, .character("k"): cursor -= 1
        case .down, .character("j"): cursor += 1
        case .pageUp: cursor -= page
        case .pageDown: cursor += page
        case .home, .character("g"): cursor = 0
        case .end, .character("G"): cursor = environments.count - 1
        case .enter:
            guard let index = selectedEnvironment else { return [] }
            return open(index)
        case .character("s"):
            let selected = selectedEnvironment
            sort = sort == .trouble ? .name : .trouble
            if let selected, let position = order.firstIndex(of: selected) { cursor = position }
            showNotice("sorted by \(sort == .trouble ? "trouble first" : "name")", isProblem: false)
        case .character("u"):
            guard let index = selectedEnvironment else { return [] }
            // Said either way: the row may not change for a while (a stale one stays stale while it retries).
            let dashboard = environments[index].dashboard, name = environments[index].name
            showNotice(dashboard.refresh.inFlight ? "update of \(name) queued: \(dashboard.inFlightReason)" : "refreshing \(name)",
                       isProblem: false)
            return updateNow(index)
        default:
            return []
        }
        clampCursor()
        return []
    }

    private mutating func handleCompareKey(_ key: Key) -> [OverviewEffect] {
        switch key {
        case .up, .character("k"): scroll -= 1
        case .down, .character("j"): scroll += 1
        case .pageUp: scroll -= max(1, bodyRows - 1)
        case .pageDown: scroll += max(1, bodyRows - 1)
        case .home, .character("g"): scroll = 0
        case .end, .character("G"): scroll = Int.max / 2
        default: return []
        }
        scroll = max(0, min(scroll, max(0, CompareView.lineCount(self) - bodyRows)))
        return []
    }

    /// `:name`: an exact name, else the one name it begins.
    private mutating func handleJumpKey(_ key: Key) -> [OverviewEffect] {
        let text = jumpText ?? ""
        switch key {
        case .escape:
            jumpText = nil
        case .backspace, .delete:
            jumpText = String(text.dropLast())
        case .character(let character):
            jumpText = text + String(character)
        case .enter:
            jumpText = nil
            let names = environments.map(\.name)
            let matches = names.firstIndex(of: text).map { [$0] } ?? names.indices.filter { names[$0].hasPrefix(text) }
            guard !text.isEmpty, matches.count == 1 else {
                let why = matches.isEmpty ? "no environment named '\(text)'" : "'\(text)' could be \(matches.map { names[$0] }.joined(separator: ", "))"
                showNotice(why, isProblem: true)
                return []
            }
            return open(matches[0])
        default:
            break
        }
        return []
    }

    /// Keys of an open environment: its dashboard's, but `esc` with nothing of the dashboard's
    /// open comes back to the overview.
    private mutating func handleEnvironmentKey(_ key: Key, index: Int) -> [OverviewEffect] {
        let dashboard = environments[index].dashboard
        if key == .escape && dashboard.overlay == nil && !dashboard.isEditingFilter {
            mode = .table
            if let position = order.firstIndex(of: index) { cursor = position }
            clampCursor()
            return []
        }
        return forward(.key(key), to: index)
    }

    /// Shows environment `index`'s dashboard.
    mutating func open(_ index: Int) -> [OverviewEffect] {
        mode = .environment(index)
        return [.repaint]
    }
}
