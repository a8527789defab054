import Foundation
import NubladaEngine
import NubladaProcess
import Testing
@testable import NubladaMetrics

@Suite struct MetricsStoreTests {
    static let openMetricsAccept =
        "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"

    func recorded(_ outcome: RefreshOutcome = MetricsFixtures.outcome(), environments: [String] = ["idfprod"]) -> MetricsStore {
        let store = MetricsStore(environments: environments, version: "9.8.7", revision: "0123456789ab")
        store.record(environment: 0, outcome: outcome, startedAt: MetricsFixtures.refreshedAt - 3, finishedAt: MetricsFixtures.refreshedAt)
        return store
    }

    @Test func everyMetricFromARealEvaluation() throws {
        let outcome = MetricsFixtures.outcome()
        let data = try #require(outcome.data)
        let activity = try #require(outcome.activity?.activity)
        let all = samples(recorded(outcome).exposition(accept: nil).body)
        let env = ["environment": "idfprod"]

        #expect(all.value("nubladash_build_info", ["environment": "idfprod", "version": "9.8.7", "revision": "0123456789ab"]) == 1)
        for source in ["registry", "nodes", "pods", "config"] {
            #expect(all.value("nubladash_up", ["source": source]) == 1)
            #expect(all.value("nubladash_last_success_timestamp_seconds", ["source": source]) == MetricsFixtures.refreshedAt)
            #expect(all.filter { $0.name == "nubladash_refresh_errors_total" && $0.labels["source"] == source }.count
                    == FailureKind.allCases.count)
        }
        #expect(all.named("nubladash_refresh_errors_total").allSatisfy { $0.value == 0 })
        #expect(all.value("nubladash_refresh_duration_seconds_count", env) == 1)
        #expect(all.value("nubladash_refresh_duration_seconds_sum", env) == 3)
        #expect(all.value("nubladash_refresh_duration_seconds_bucket", ["le": "2.5"]) == 0)
        #expect(all.value("nubladash_refresh_duration_seconds_bucket", ["le": "5.0"]) == 1)
        #expect(all.value("nubladash_refresh_duration_seconds_bucket", ["le": "+Inf"]) == 1)

        // The prepull set: one image_info and six states per image, each image's states adding
        // up to the eligible nodes.
        #expect(all.value("nubladash_prepull_images", env) == Double(data.columns.count))
        #expect(data.columns.count == 6)
        #expect(all.named("nubladash_image_info").map { $0.labels["tag"]! } == data.columns.map(\.tag))
        #expect(all.value("nubladash_image_info", ["tag": "w_2077_43", "digest": MetricsFixtures.digest("w_2077_43"), "type": "weekly"]) == 1)
        for column in data.columns {
            let states = all.named("nubladash_prepull_image_nodes").filter { $0.labels["tag"] == column.tag }
            #expect(states.map { $0.labels["state"]! } == ["cached", "missing", "pulling", "failing", "stuck", "unknown"])
            #expect(states.reduce(0) { $0 + $1.value } == Double(data.eligibleNodeCount))
            #expect(states.first { $0.labels["state"] == "cached" }?.value == Double(column.cachedCount))
        }
        // The sum of cached equals the cached cells of the eligible nodes of the prepulls document.
        let cachedCells = MetricsFixtures.picture().prepulls.nodes.filter(\.eligible).reduce(0) { $0 + $1.cached.count }
        let cached = all.named("nubladash_prepull_image_nodes").filter { $0.labels["state"] == "cached" }.reduce(0) { $0 + $1.value }
        #expect(cached == Double(cachedCells))
        // The pulls over the matrix: on cells not cached of eligible nodes.
        #expect(all.value("nubladash_prepull_image_nodes", ["tag": "w_2077_43", "state": "pulling"]) == 1)
        #expect(all.value("nubladash_prepull_image_nodes", ["tag": "r28_0_1", "state": "failing"]) == 1)
        #expect(all.value("nubladash_prepull_image_nodes", ["tag": "w_2077_42", "state": "failing"]) == 1)
        #expect(all.value("nubladash_prepull_image_nodes", ["tag": "d_2077_10_28", "state": "stuck"]) == 1)
        #expect(all.value("nubladash_prepull_image_nodes", ["tag": "w_2077_42", "state": "pulling"]) == 1)
        #expect(all.value("nubladash_prepull_image_nodes", ["tag": "w_2077_42", "state": "unknown"]) == 0)
        #expect(all.value("nubladash_prepull_image_nodes", ["tag": "r28_0_1", "state": "unknown"]) == 1)

        // One series per eligible node, its missing images as the engine counts them.
        let eligible = data.nodes.filter(\.eligible)
        #expect(all.named("nubladash_node_prepull_missing").count == eligible.count)
        for node in eligible {
            #expect(all.value("nubladash_node_prepull_missing", ["node": node.name]) == Double(node.missingCount))
        }
        #expect(all.value("nubladash_node_prepull_missing", ["node": MetricsFixtures.prefix + "full"]) == 0)
        #expect(all.value("nubladash_node_prepull_missing", ["node": MetricsFixtures.prefix + "gpu"]) == nil)

        // The pulls equal the activity's totals, which the snapshot's `activity.totals` says.
        for state in PullState.allCases {
            #expect(all.value("nubladash_pulls", ["state": state.name]) == Double(activity.totals[state]))
        }
        #expect(activity.totals == ClusterActivity.Totals(pulling: 2, failing: 2, stuck: 1))
        #expect(all.value("nubladash_oldest_pull_age_seconds", ["state": "pulling"]) == 120)
        #expect(all.value("nubladash_oldest_pull_age_seconds", ["state": "failing"]) == 300)
        #expect(all.value("nubladash_oldest_pull_age_seconds", ["state": "stuck"]) == 1500)

        // Aliases, labs.
        for alias in ["recommended", "latest_weekly"] {
            #expect(all.value("nubladash_alias_info", ["alias": alias, "target": "w_2077_43",
                                                       "digest": MetricsFixtures.digest("w_2077_43")]) == 1)
        }
        #expect(all.named("nubladash_labs").count == data.columns.count)
        #expect(all.value("nubladash_labs", ["tag": "w_2077_43"]) == 2)
        #expect(all.value("nubladash_labs", ["tag": "r29_0_0"]) == 1)
        #expect(all.value("nubladash_labs", ["tag": "r28_0_1"]) == 0)
        #expect(all.value("nubladash_labs_outside_prepull", env) == 1)

        // Every sample has the environment label, and at most the stated bound of series.
        #expect(all.allSatisfy { $0.labels["environment"] == "idfprod" })
        #expect(all.count <= MetricsStore.seriesBound(prepullImages: data.columns.count, eligibleNodes: eligible.count,
                                                      aliases: 2))
    }

    /// A larger cluster: the sums still equal the documents' numbers, within the stated bound.
    @Test func theSumsHoldOnALargerCluster() throws {
        let nodes = MetricsFixtures.nodes(extra: 300)
        let outcome = MetricsFixtures.outcome(nodes: nodes)
        let data = try #require(outcome.data)
        let activity = try #require(outcome.activity?.activity)
        let all = samples(recorded(outcome).exposition(accept: nil).body)
        let prepulls = MetricsFixtures.picture(nodes: nodes).prepulls
        let cachedCells = prepulls.nodes.filter(\.eligible).reduce(0) { $0 + $1.cached.count }
        let states = all.named("nubladash_prepull_image_nodes")
        #expect(states.filter { $0.labels["state"] == "cached" }.reduce(0) { $0 + $1.value } == Double(cachedCells))
        #expect(states.reduce(0) { $0 + $1.value } == Double(data.columns.count * data.eligibleNodeCount))
        #expect(all.named("nubladash_node_prepull_missing").count == data.eligibleNodeCount)
        let pending = prepulls.pending.reduce(0) { $0 + $1.missing.count }
        #expect(states.filter { $0.labels["state"] != "cached" }.reduce(0) { $0 + $1.value } == Double(pending))
        for state in PullState.allCases {
            #expect(all.value("nubladash_pulls", ["state": state.name]) == Double(activity.totals[state]))
        }
        #expect(all.count <= MetricsStore.seriesBound(prepullImages: data.columns.count, eligibleNodes: data.eligibleNodeCount,
                                                      aliases: 2))
    }

    @Test func anEnvironmentThatNeverSucceededSaysOnlyWhetherItsSourcesAnswer() throws {
        let store = MetricsStore(environments: ["idfdev", "idfprod"], version: "9.8.7")
        let failure = RefreshFailure(sides: [
            SideFailure(side: .configuration, cause: FailureCause(.notFound), message: "ConfigMap nublado/x not found"),
        ], failedAt: 10, partial: false)
        store.record(environment: 1, outcome: .failure(failure), startedAt: 5, finishedAt: 10)
        let all = samples(store.exposition(accept: nil).body)
        #expect(Set(all.map(\.name)) == ["nubladash_build_info", "nubladash_up", "nubladash_last_success_timestamp_seconds",
                                          "nubladash_refresh_errors_total"])
        #expect(all.value("nubladash_refresh_errors_total", ["environment": "idfprod", "source": "config", "kind": "not_found"]) == 1)
        #expect(all.value("nubladash_refresh_errors_total", ["environment": "idfdev", "source": "config", "kind": "not_found"]) == 0)
        #expect(all.value("nubladash_up", ["environment": "idfprod", "source": "config"]) == 0)
        #expect(all.value("nubladash_last_success_timestamp_seconds", ["environment": "idfprod", "source": "registry"]) == 0)
        #expect(all.named("nubladash_build_info").count == 2)
        // No message in any label.
        #expect(!store.exposition(accept: nil).body.contains("ConfigMap"))
    }

    @Test func failuresAreCountedPerSideAndKindAndKeepTheLastPicture() throws {
        let store = recorded()
        var partial = MetricsFixtures.outcome()
        partial.failure = RefreshFailure(sides: [
            SideFailure(side: .registry, cause: FailureCause(status: 401), message: "the registry refused the token \"secret\""),
            SideFailure(side: .pods, cause: FailureCause(.network), message: "pods: connection refused"),
        ], failedAt: 20, partial: true)
        store.record(environment: 0, outcome: partial, startedAt: MetricsFixtures.refreshedAt + 10, finishedAt: MetricsFixtures.refreshedAt + 20)
        store.record(environment: 0, outcome: .failure(RefreshFailure(sides: [
            SideFailure(side: .nodes, cause: FailureCause(.timeout), message: "nodes: deadline"),
            SideFailure(side: .registry, cause: FailureCause(.timeout), message: "registry: deadline"),
        ], failedAt: 40, partial: false)), startedAt: MetricsFixtures.refreshedAt + 30, finishedAt: MetricsFixtures.refreshedAt + 90)
        store.record(environment: 0, outcome: .failure(RefreshFailure(message: "could not start", failedAt: 100)),
                     startedAt: MetricsFixtures.refreshedAt + 100, finishedAt: MetricsFixtures.refreshedAt + 100)
        let body = store.exposition(accept: nil).body
        let all = samples(body)
        func errors(_ source: String, _ kind: String) -> Double? {
            all.value("nubladash_refresh_errors_total", ["source": source, "kind": kind])
        }
        #expect(errors("registry", "auth") == 1)
        #expect(errors("registry", "timeout") == 1)
        #expect(errors("registry", "other") == 1)
        #expect(errors("pods", "network") == 1)
        #expect(errors("nodes", "timeout") == 1)
        #expect(errors("config", "other") == 1)
        #expect(errors("nodes", "network") == 0)
        #expect(all.named("nubladash_refresh_errors_total").reduce(0) { $0 + $1.value } == 8)
        for source in ["registry", "nodes", "pods", "config"] { #expect(all.value("nubladash_up", ["source": source]) == 0) }
        // The partial refresh's answering sides answered at its end; the others earlier.
        #expect(all.value("nubladash_last_success_timestamp_seconds", ["source": "nodes"]) == MetricsFixtures.refreshedAt + 20)
        #expect(all.value("nubladash_last_success_timestamp_seconds", ["source": "config"]) == MetricsFixtures.refreshedAt + 20)
        #expect(all.value("nubladash_last_success_timestamp_seconds", ["source": "registry"]) == MetricsFixtures.refreshedAt)
        #expect(all.value("nubladash_refresh_duration_seconds_count", [:]) == 4)
        #expect(all.value("nubladash_refresh_duration_seconds_bucket", ["le": "30.0"]) == 3)
        #expect(all.value("nubladash_refresh_duration_seconds_bucket", ["le": "60.0"]) == 4)
        // The last picture stays; no message and no secret in the exposition.
        #expect(all.value("nubladash_prepull_images", [:]) == 6)
        #expect(!body.contains("secret") && !body.contains("refused") && !body.contains("deadline"))
    }

    @Test func openMetricsOnlyWhenAsked() throws {
        let store = recorded()
        let text = store.exposition(accept: nil)
        #expect(text.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(!text.body.contains("# EOF"))
        #expect(text.body.contains("# TYPE nubladash_refresh_errors_total counter\n"))
        for accept in ["text/plain", "*/*", "application/openmetrics-text;q=0,text/plain", "application/json",
                       "application/openmetrics-text;version=0.0.1", "text/plain;q=0.9,application/openmetrics-text;q=0.5", ""] {
            #expect(store.exposition(accept: accept).contentType == MetricsStore.textContentType, "\(accept)")
        }
        // The first is what Prometheus 2.42 sends by default.
        let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        for accept in [prometheus, Self.openMetricsAccept, "application/openmetrics-text", "Application/OpenMetrics-Text; version=1.0.0",
                       "text/plain;q=0.5, application/openmetrics-text"] {
            let open = store.exposition(accept: accept)
            #expect(open.contentType == "application/openmetrics-text; version=1.0.0; charset=utf-8", "\(accept)")
            #expect(open.body.hasSuffix("\n# EOF\n"))
            #expect(open.body.contains("# TYPE nubladash_refresh_errors counter\n"))
            #expect(!open.body.contains("# TYPE nubladash_refresh_errors_total"))
            #expect(samples(open.body) == samples(text.body))
        }
    }

    @Test func labelValuesAreEscaped() throws {
        #expect(MetricText.escapedLabel("plain") == "plain")
        #expect(MetricText.escapedLabel("a\\b\"c\nd") == "a\\\\b\\\"c\\nd")
        let name = "odd \"env\"\\with\nbreak"
        let store = recorded(environments: [name])
        let body = store.exposition(accept: nil).body
        #expect(body.contains("environment=\"odd \\\"env\\\"\\\\with\\nbreak\""))
        #expect(!body.contains("\nbreak"))
        #expect(samples(body).allSatisfy { $0.labels["environment"] == name })
    }

    @Test func eachScrapeIsTheCachedBody() throws {
        let store = recorded()
        let first = store.exposition(accept: nil).body
        #expect(store.exposition(accept: nil).body == first)
        store.record(environment: 5, outcome: MetricsFixtures.outcome(), startedAt: 0, finishedAt: 1)
        #expect(store.exposition(accept: nil).body == first)
    }

    static let promtool = "/usr/bin/promtool"

    /// The text body, as Prometheus lints it: no error and no warning.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: promtool),
                   "skipped: /usr/bin/promtool is absent (Debian's prometheus package, which scripts/setup installs)"))
    func promtoolFindsNothingToSay() throws {
        let promtool = Self.promtool
        let store = MetricsStore(environments: ["idfprod", "never"], version: NubladashVersion.current)
        store.record(environment: 0, outcome: MetricsFixtures.outcome(), startedAt: MetricsFixtures.refreshedAt - 3,
                     finishedAt: MetricsFixtures.refreshedAt)
        let body = store.exposition(accept: nil).body
        let result = try ChildProcess.run(promtool, ["check", "metrics"], input: Data(body.utf8), timeout: 60)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.isEmpty && result.stderrText.isEmpty, "\(result.stdoutText)\(result.stderrText)")
    }
}

@Suite struct MetricsStoreConcurrencyTests {
    /// Records from many threads at once, scrapes among them: every refresh is counted, and the
    /// body kept is the one made after the last change.
    @Test func recordsFromAnyThreadAreAllCounted() throws {
        let store = MetricsStore(environments: ["a", "b"], version: "1")
        let outcome = MetricsFixtures.outcome()
        DispatchQueue.concurrentPerform(iterations: 40) { run in
            store.record(environment: run % 2, outcome: outcome, startedAt: 0, finishedAt: Double(run % 5))
            _ = store.exposition(accept: nil)
        }
        let all = samples(store.exposition(accept: nil).body)
        #expect(all.value("nubladash_refresh_duration_seconds_count", ["environment": "a"]) == 20)
        #expect(all.value("nubladash_refresh_duration_seconds_count", ["environment": "b"]) == 20)
        #expect(all.value("nubladash_refresh_duration_seconds_sum", ["environment": "a"]) == 40)
        #expect(all.value("nubladash_prepull_images", ["environment": "b"]) == 6)
    }
}
