import NubladaEngine
import Synchronization

/// What `/metrics` serves: each environment's last refresh, kept as rendered samples. A
/// refresh's `record` renders that environment's series once and puts the two bodies
/// together; a scrape only reads them, so it never waits for a refresh nor recomputes anything.
public final class MetricsStore: Sendable {
    /// The buckets of `nubladash_refresh_duration_seconds`: a refresh takes from under a second
    /// to its sides' 60-second deadline, and a little past it.
    static let durationBuckets: [Double] = [0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120]

    static let textContentType = "text/plain; version=0.0.4; charset=utf-8"
    static let openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// One environment's counters and its rendered samples by family name.
    struct Environment: Sendable {
        /// `environment="…"`, escaped once.
        let label: String
        var up = [Bool](repeating: false, count: RefreshSide.allCases.count)
        var lastSuccess = [Double](repeating: 0, count: RefreshSide.allCases.count)
        /// By side, then by kind (`FailureKind.allCases` order).
        var errors = [[Int]](repeating: [Int](repeating: 0, count: FailureKind.allCases.count),
                             count: RefreshSide.allCases.count)
        var bucketCounts = [Int](repeating: 0, count: MetricsStore.durationBuckets.count)
        var durationSum = 0.0
        var refreshes = 0
        /// The last activity read, kept (as a side's last good data) when the pods fail.
        var activity: ClusterActivity?
        var activityAt = 0.0
        /// The last picture's samples; empty until a refresh gave data.
        var picture: [String: String] = [:]
    }

    struct State: Sendable {
        var environments: [Environment]
        var text: String
        var openMetrics: String
        /// How many times the environments changed, and at which change the bodies were made.
        var generation = 0
        var bodiesGeneration = 0
    }

    /// The most series one environment has: six states, an `image_info` and a `labs` per
    /// prepull image, one series per eligible node, one per configured alias (the recommended
    /// tag and `aliasTags`), and `fixedSeries` whatever the cluster.
    public static func seriesBound(prepullImages: Int, eligibleNodes: Int, aliases: Int) -> Int {
        prepullImages * 8 + eligibleNodes + aliases + fixedSeries
    }

    /// build_info 1, up 4, last_success 4, errors 4 × 11 kinds, the histogram's 11 buckets with
    /// its sum and count, prepull_images 1, pulls 3, oldest_pull_age 3, labs_outside_prepull 1.
    public static let fixedSeries = 1 + 2 * RefreshSide.allCases.count + RefreshSide.allCases.count * FailureKind.allCases.count
        + durationBuckets.count + 3 + 1 + 2 * PullState.allCases.count + 1

    /// `nubladash_build_info`'s labels besides the environment: `version`, and `revision`, the
    /// commit the binary was built from (as Prometheus' own build_info names it).
    private let buildLabels: String
    private let state: Mutex<State>

    public init(environments: [String], version: String, revision: String = "unknown") {
        buildLabels = "version=\"\(MetricText.escapedLabel(version))\",revision=\"\(MetricText.escapedLabel(revision))\""
        let all = environments.map { Environment(label: "environment=\"\(MetricText.escapedLabel($0))\"") }
        let (text, openMetrics) = Self.bodies(all, buildLabels: buildLabels)
        state = Mutex(State(environments: all, text: text, openMetrics: openMetrics))
    }

    /// After each finished refresh of environment `index` (from any thread; cheap; re-renders
    /// that environment's series once and caches them). An index outside the environments is
    /// ignored.
    public func record(environment index: Int, outcome: RefreshOutcome, startedAt: Double, finishedAt: Double) {
        // The counters change under the lock (two records of one environment both count); the
        // picture's series, the costly part, are rendered outside it, so a scrape meanwhile
        // serves the previous bodies.
        guard let (activity, activityAt, label) = state.withLock({ state -> (ClusterActivity?, Double, String)? in
            guard state.environments.indices.contains(index) else { return nil }
            state.environments[index] = Self.applied(outcome, to: state.environments[index], startedAt: startedAt,
                                                     finishedAt: finishedAt)
            let environment = state.environments[index]
            return (environment.activity, environment.activityAt, environment.label)
        }) else { return }
        let picture = outcome.data.map { data in
            PictureCounts(data: data, activity: activity, activityAt: activityAt).samples(environment: label)
        }
        // The bodies are put together outside the lock too, from a copy of every environment's
        // samples; of two records at once, the later copy's bodies are kept.
        let (environments, generation) = state.withLock { state in
            if let picture { state.environments[index].picture = picture }
            state.generation += 1
            return (state.environments, state.generation)
        }
        let bodies = Self.bodies(environments, buildLabels: buildLabels)
        state.withLock { state in
            guard generation > state.bodiesGeneration else { return }
            (state.text, state.openMetrics) = bodies
            state.bodiesGeneration = generation
        }
    }

    /// What `/metrics` answers, from the cache (never recomputed per scrape): Prometheus text
    /// 0.0.4 unless `accept` asks for OpenMetrics 1.0 (`application/openmetrics-text`), then
    /// that (with `# EOF`).
    public func exposition(accept: String?) -> (contentType: String, body: String) {
        let openMetrics = Self.prefersOpenMetrics(accept)
        let body = state.withLock { openMetrics ? $0.openMetrics : $0.text }
        return (openMetrics ? Self.openMetricsContentType : Self.textContentType, body)
    }

    /// The counters after `outcome`: a side the failure lists is down and counted by its kind;
    /// a failure of no side is a failure of every side (kind `other`); the other sides answered
    /// when some data came (or the failure is partial), else they keep what they said before.
    static func applied(_ outcome: RefreshOutcome, to previous: Environment, startedAt: Double, finishedAt: Double)
        -> Environment
    {
        var environment = previous
        let failed: [(side: RefreshSide, kind: FailureKind)]
        if let failure = outcome.failure {
            failed = failure.sides.isEmpty ? RefreshSide.allCases.map { ($0, .other) } : failure.sides.map { ($0.side, $0.kind) }
        } else {
            failed = []
        }
        let answered = outcome.data != nil || outcome.failure?.partial == true
        for (sideIndex, side) in RefreshSide.allCases.enumerated() {
            let failures = failed.filter { $0.side == side }
            if failures.isEmpty {
                guard answered else { continue }
                environment.up[sideIndex] = true
                environment.lastSuccess[sideIndex] = finishedAt
            } else {
                environment.up[sideIndex] = false
                // A side listed twice in one refresh is still one refresh in which it failed.
                let kind = FailureKind.allCases.firstIndex(of: failures[0].kind)!
                environment.errors[sideIndex][kind] += 1
            }
        }
        if let activity = outcome.activity?.activity {
            environment.activity = activity
            environment.activityAt = finishedAt
        }
        let duration = max(0, finishedAt - startedAt)
        for (bucket, bound) in durationBuckets.enumerated() where duration <= bound { environment.bucketCounts[bucket] += 1 }
        environment.durationSum += duration
        environment.refreshes += 1
        return environment
    }

    /// The two bodies, each family's header once and then every environment's samples of it.
    static func bodies(_ environments: [Environment], buildLabels: String) -> (text: String, openMetrics: String) {
        var families: [String: String] = [:]
        for environment in environments {
            let label = environment.label
            families[MetricFamily.buildInfo.name, default: ""] += MetricText.sample(
                MetricFamily.buildInfo.name, "\(label),\(buildLabels)", 1)
            for (sideIndex, side) in RefreshSide.allCases.enumerated() {
                let labels = "\(label),source=\"\(side.rawValue)\""
                families[MetricFamily.up.name, default: ""] += MetricText.sample(
                    MetricFamily.up.name, labels, environment.up[sideIndex] ? 1 : 0)
                families[MetricFamily.lastSuccess.name, default: ""] += MetricText.sample(
                    MetricFamily.lastSuccess.name, labels, environment.lastSuccess[sideIndex])
                for (kindIndex, kind) in FailureKind.allCases.enumerated() {
                    families[MetricFamily.refreshErrors.name, default: ""] += MetricText.sample(
                        MetricFamily.refreshErrors.name, "\(labels),kind=\"\(kind.rawValue)\"",
                        environment.errors[sideIndex][kindIndex])
                }
            }
            // An environment that never had a picture says only whether its sources answer.
            guard !environment.picture.isEmpty else { continue }
            var histogram = ""
            let name = MetricFamily.refreshDuration.name
            for (bucket, bound) in durationBuckets.enumerated() {
                histogram += MetricText.sample(
                    name + "_bucket", "\(label),le=\"\(MetricText.leLabel(bound))\"", environment.bucketCounts[bucket])
            }
            histogram += MetricText.sample(name + "_bucket", "\(label),le=\"+Inf\"", environment.refreshes)
            histogram += MetricText.sample(name + "_sum", label, environment.durationSum)
            histogram += MetricText.sample(name + "_count", label, environment.refreshes)
            families[name, default: ""] += histogram
            for (family, samples) in environment.picture { families[family, default: ""] += samples }
        }
        var text = "", openMetrics = ""
        let size = families.values.reduce(0) { $0 + $1.utf8.count } + 4096
        text.reserveCapacity(size)
        openMetrics.reserveCapacity(size)
        for family in MetricFamily.all {
            guard let samples = families[family.name], !samples.isEmpty else { continue }
            text += family.header(openMetrics: false)
            text += samples
            openMetrics += family.header(openMetrics: true)
            openMetrics += samples
        }
        openMetrics += "# EOF\n"
        return (text, openMetrics)
    }

    /// Whether the `Accept` header asks for OpenMetrics 1.0: an `application/openmetrics-text`
    /// range (of version 1.0.0, or none named) with a quality above 0 and at least that of the
    /// text format. Anything else, no header included, gets the text format.
    static func prefersOpenMetrics(_ accept: String?) -> Bool {
        guard let accept else { return false }
        var openMetrics = 0.0, text = 0.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingSpaces() }
            guard let type = parts.first?.lowercased() else { continue }
            var quality = 1.0, version: String?
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
                guard pair.count == 2 else { continue }
                switch pair[0].lowercased() {
                case "q": quality = Double(pair[1]) ?? 0
                case "version": version = pair[1]
                default: break
                }
            }
            if type == "application/openmetrics-text", version == nil || version == "1.0.0" {
                openMetrics = max(openMetrics, quality)
            } else if type == "text/plain" {
                text = max(text, quality)
            }
        }
        return openMetrics > 0 && openMetrics >= text
    }
}

extension MetricText {
    /// A bucket's bound as OpenMetrics wants it (a float, `1.0` rather than `1`).
    static func leLabel(_ bound: Double) -> String {
        bound == bound.rounded() ? String(Int64(bound)) + ".0" : String(bound)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
