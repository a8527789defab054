import NubladaEngine

/// Applies one message to the state and returns what the runtime must do. Pure: no I/O,
/// no clock (time comes in `tick` messages).
public func update(_ state: inout DashboardState, _ message: DashboardMessage) -> [DashboardEffect] {
    switch message {
    case .key(let key):
        return state.handleKey(key)
    case .tick(let now):
        return state.handleTick(now: now)
    case .refreshWaiting(let hosts):
        if state.refresh.inFlight { state.refresh.waitingOn = hosts }
        return []
    case .refreshFinished(let result):
        state.handleRefreshResult(result)
        // Long enough to be read on a monitor glanced at now and then.
        if let notice = result.notice { state.showNotice(notice, isProblem: false, seconds: 60) }
        if let source = result.configurationSource { state.configurationSource = source }
        guard state.refresh.updateQueued else { return [] }
        state.refresh.updateQueued = false
        return state.startRefresh()
    case .resize(let cols, let rows):
        state.cols = max(0, cols)
        state.rows = max(0, rows)
        state.clampAllScrolling()
        return [.repaint]
    case .mouse(let event):
        return state.handleMouse(event)
    case .digestResolved(let tag, let result):
        // Only while the tag is still asked about: a refresh in between clears the lookups.
        if state.resolvedDigests[tag] == .pending {
            switch result {
            case .success(let digest): state.resolvedDigests[tag] = .found(digest)
            case .failure(let failure): state.resolvedDigests[tag] = .failed(failure.message)
            }
        }
        return []
    case .themeApplied(let name, let problem):
        state.themeName = name
        if let problem {
            state.showNotice(problem, isProblem: true, seconds: 20)
        } else {
            state.showNotice("theme: \(name)", isProblem: false, seconds: 4)
        }
        return []
    }
}

extension DashboardState {
    mutating func handleTick(now newNow: Double) -> [DashboardEffect] {
        now = newNow
        if let notice, notice.expiresAt <= now { self.notice = nil }
        return refresh.isDue(now: now) ? startRefresh() : []
    }

    /// Marks a refresh as running and asks the runtime for it.
    mutating func startRefresh() -> [DashboardEffect] {
        guard !refresh.inFlight else { return [] }
        refresh.inFlight = true
        refresh.startedAt = now
        return [.requestRefresh]
    }

    /// `u`: a refresh now, or, while one runs, a second as soon as it ends.
    mutating func updateNow() -> [DashboardEffect] {
        guard refresh.inFlight else { return startRefresh() }
        refresh.updateQueued = true
        return []
    }

    /// Why an update has to wait: `a refresh is in flight (no answer for 45s from HOST)`.
    var inFlightReason: String {
        "a refresh is in flight" + (longWaitText.map { " (\($0))" } ?? "")
    }

    mutating func handleRefreshResult(_ outcome: RefreshOutcome) {
        refresh.inFlight = false
        refresh.startedAt = nil
        refresh.waitingOn = []
        if let data = outcome.data {
            let sides = outcome.sides ?? RefreshSides(registry: data.refreshedAt, cluster: data.refreshedAt)
            refresh.registryAnsweredAt = sides.registry
            refresh.clusterAnsweredAt = sides.cluster
            resolvedDigests = [:]
            let keptTag = selectedImageIndex.flatMap { prepared?.data.images[$0].tag }
            let keptNode = selectedNodeIndex.flatMap { prepared?.data.nodes[$0].name }
            let previousReading = prepared?.activity?.reading
            prepared = PreparedData(data, activity: outcome.activity, timeZone: options.timeZone, glyphs: glyphs)
            // Pods that cannot be read without the refresh failing: a permission is missing.
            // Said once, when it starts; the refresh never asks again (`PodInformer`).
            if case .error(let message) = outcome.activity, outcome.failure == nil, previousReading != outcome.activity {
                showNotice(message, isProblem: true, seconds: 30)
            }
            refresh.lastSuccessAt = data.refreshedAt
            rebuildVisibleRows(keepingImageTag: keptTag, keepingNodeName: keptNode)
            if case .imageDetail(let tag) = overlay, !data.images.contains(where: { $0.tag == tag }) { overlay = nil }
            if case .nodeDetail(let name) = overlay, !data.nodes.contains(where: { $0.name == name }) { overlay = nil }
        }
        if let failure = outcome.failure {
            refresh.lastFailure = failure
            refresh.consecutiveFailures += 1
            let wait = RefreshStatus.backoff(failures: refresh.consecutiveFailures, interval: options.refreshInterval)
            refresh.nextAttemptAt = max(now, failure.failedAt) + wait
        } else if let data = outcome.data {
            refresh.lastFailure = nil
            refresh.consecutiveFailures = 0
            refresh.nextAttemptAt = max(now, data.refreshedAt) + options.refreshInterval.seconds
            if overlay == .refreshError { overlay = nil }
        }
    }

    mutating func showNotice(_ text: String, isProblem: Bool, seconds: Double) {
        notice = Notice(text: text, isProblem: isProblem, expiresAt: now + seconds)
    }
}
