import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import NubladaDemo
import Testing

/// The demo world's scripted events, seen through the real clients: after each step the
/// dashboard data and the snapshot show what the world did.
///
/// Serialized: each test steps a simulation and refreshes synchronously for seconds on the test
/// pool, which has one thread per core; ten at once held it from every other test of the run.
@Suite(.serialized) struct DemoWorldTests {
    @Test func firstMorningLooksLikeARealDeployment() throws {
        let demo = try DemoHarness()
        let data = try demo.refresh()
        #expect(data.nodes.count == 40)
        #expect(data.eligibleNodeCount == 38)
        #expect(Set(data.columns.map(\.digest)) == demo.world.prepullDigests)
        for alias in ["recommended", "latest_weekly", "latest_daily", "latest_release"] {
            #expect(data.row(alias)?.aliasTarget == demo.world.target(ofAlias: alias), "\(alias)")
        }
        // The lab pool's NoExecute taint is tolerated; the cordoned and system nodes are not usable.
        let ineligible = data.nodes.filter { !$0.eligible }
        #expect(ineligible.count == 2)
        #expect(ineligible.contains { $0.unschedulable && $0.comment?.contains("node.kubernetes.io/unschedulable") == true })
        #expect(ineligible.contains { $0.comment?.contains("CriticalAddonsOnly") == true })
        #expect(data.nodes.filter { $0.taints.contains(DemoSettings.labTaint) && $0.eligible }.count >= 30)
        // One node's kubelet report is full: what it lacks is unknown, not missing.
        let full = try #require(data.nodes.first { $0.imageListMayBeTruncated })
        #expect(full.cachedImages.count == 50)
        #expect(!full.cells.contains(.missing))
        // The unrelated image of the repository is not a lab image.
        #expect(!data.images.contains { ($0.digest ?? "").isEmpty })
        #expect(data.images.count < demo.world.registryEntries.reduce(0) { $0 + $1.tags.count })
    }

    @Test func newDailyIsPushedAndLatestDailyMoves() throws {
        let demo = try DemoHarness()
        let before = try demo.refresh()
        let pushed = try #require(demo.step { if case .imagePushed(let tag, _) = $0 { tag.hasPrefix("d_") } else { false } })
        let (tag, digest) = try #require(bound(pushed.change) { if case .imagePushed(let tag, let digest) = $0 { (tag, digest) } else { nil } }, "expected .imagePushed, got \(pushed.change)")
        let after = try demo.refresh()
        #expect(before.row(tag) == nil)
        #expect(after.row(tag)?.digest == digest)
        #expect(after.row("latest_daily")?.aliasTarget == tag)
        let column = try #require(after.column(digest: digest))
        #expect(after.columns[column].cachedCount == 0)
        #expect(after.columns[column].eligibleCount == after.eligibleNodeCount)
        let snapshot = try demo.snapshot()
        #expect(jsonPath(snapshot, "images", "latest_daily", "tag") as? String == tag)
        let pending = jsonPath(snapshot, "prepulls", "images", "pending") as? [[String: Any]] ?? []
        #expect((pending.first { $0["tag"] as? String == tag }?["missing"] as? [String])?.count == after.eligibleNodeCount)
    }

    @Test func nodesPullTheNewDailyOneByOne() throws {
        let demo = try DemoHarness()
        let pushed = try #require(demo.step { if case .imagePushed(let tag, _) = $0 { tag.hasPrefix("d_") } else { false } })
        let digest = try #require(bound(pushed.change) { if case .imagePushed(_, let digest) = $0 { digest } else { nil } }, "expected .imagePushed, got \(pushed.change)")
        let pulled = try #require(demo.step {
            if case .pullFinished(_, _, let pulledDigest) = $0 { pulledDigest == digest } else { false }
        })
        let node = try #require(bound(pulled.change) { if case .pullFinished(let node, _, _) = $0 { node } else { nil } }, "expected .pullFinished, got \(pulled.change)")
        let data = try demo.refresh()
        let column = try #require(data.column(digest: digest))
        #expect(data.node(node)?.cells[column] == .cached)
        #expect(data.columns[column].cachedCount == 1)
        // Within a simulated hour every eligible node has it, but the one whose pulls fail.
        demo.advance(by: 3600)
        let later = try demo.refresh()
        let laterColumn = try #require(later.column(digest: digest))
        #expect(later.columns[laterColumn].cachedCount == later.eligibleNodeCount - 1)
        let failing = try #require(demo.world.failingNode)
        #expect(later.node(failing)?.cells[laterColumn] == .missing)
        // The controller's /prepulls says the same: pending on that node alone.
        let snapshot = try demo.snapshot()
        let pending = jsonPath(snapshot, "prepulls", "images", "pending") as? [[String: Any]] ?? []
        #expect(pending.first { $0["digest"] as? String == digest }?["missing"] as? [String] == [failing])
    }

    @Test func recommendedMovesToTheNextWeekly() throws {
        let demo = try DemoHarness()
        let moved = try #require(demo.step { if case .aliasMoved(let alias, _, _) = $0 { alias == "recommended" } else { false } })
        let (from, to) = try #require(bound(moved.change) { if case .aliasMoved(_, let from, let to) = $0 { (from, to) } else { nil } }, "expected .aliasMoved, got \(moved.change)")
        #expect(from != to)
        let data = try demo.refresh()
        #expect(data.row("recommended")?.aliasTarget == to)
        #expect(data.row("recommended")?.digest == data.row(to)?.digest)
        #expect(Set(data.columns.map(\.digest)) == demo.world.prepullDigests)
        let snapshot = try demo.snapshot()
        #expect((jsonPath(snapshot, "images", "recommended", "aliases") as? [String])?.contains(to) == true)
    }

    @Test func taintedNodeIsNotUsedUntilUntainted() throws {
        let demo = try DemoHarness()
        let before = try demo.refresh()
        let tainted = try #require(demo.step { if case .nodeTainted = $0 { true } else { false } })
        let name = try #require(tainted.change.node)
        let during = try demo.refresh()
        let row = try #require(during.node(name))
        #expect(!row.eligible)
        #expect(row.comment == "Node is tainted (NoSchedule, node.kubernetes.io/memory-pressure)")
        #expect(!row.cells.contains(.missing))
        #expect(during.eligibleNodeCount == before.eligibleNodeCount - 1 + (during.nodes.count - before.nodes.count))
        let snapshot = try demo.snapshot()
        let nodes = jsonPath(snapshot, "prepulls", "nodes") as? [[String: Any]] ?? []
        #expect(nodes.first { $0["name"] as? String == name }?["eligible"] as? Bool == false)

        _ = try #require(demo.step { if case .nodeUntainted(let node, _) = $0 { node == name } else { false } })
        let after = try demo.refresh()
        #expect(after.node(name)?.eligible == true)
        #expect(after.node(name)?.taints == [DemoSettings.labTaint])
    }

    @Test func nodeJoinsEmptyAndPullsEverything() throws {
        let demo = try DemoHarness()
        let joined = try #require(demo.step { if case .nodeJoined = $0 { true } else { false } })
        let name = try #require(joined.change.node)
        let data = try demo.refresh()
        let row = try #require(data.node(name))
        #expect(row.eligible)
        #expect(row.cells.allSatisfy { $0 == .missing })
        #expect(name.hasPrefix("gke-science-platform-lab-pool-"))
        demo.advance(by: 3 * 3600)
        let later = try demo.refresh()
        #expect(later.node(name)?.missingCount == 0)
    }

    @Test func nodeLeaves() throws {
        let demo = try DemoHarness()
        let left = try #require(demo.step { if case .nodeLeft = $0 { true } else { false } })
        let name = try #require(left.change.node)
        let data = try demo.refresh()
        #expect(data.node(name) == nil)
        #expect(data.nodes.count == demo.world.nodeNames.count)
    }

    @Test func registryOutageFailsRefreshesThenRecovers() throws {
        let demo = try DemoHarness()
        let good = try demo.refresh()
        let burst = try #require(demo.step { if case .registryFailures = $0 { true } else { false } })
        let (count, status) = try #require(bound(burst.change) { if case .registryFailures(let count, let status) = $0 { (count, status) } else { nil } }, "expected .registryFailures, got \(burst.change)")
        #expect(status == 503)
        var failures = 0
        var recovered: DashboardData?
        for _ in 0...count {
            do {
                recovered = try demo.refresh()
                break
            } catch {
                #expect("\(error)".contains("HTTP 503"))
                failures += 1
            }
        }
        // Each refresh makes one registry call (no retries here): the burst fails that many.
        #expect(failures == count)
        #expect(good.nodes.count == 40)
        #expect(recovered?.nodes.count == demo.world.nodeNames.count)
        #expect(recovered.map { Set($0.columns.map(\.digest)) } == demo.world.prepullDigests)
    }

    @Test func kubernetesOutageAndSlowAnswers() throws {
        let demo = try DemoHarness()
        let burst = try #require(demo.step { if case .kubernetesFailures = $0 { true } else { false } })
        let count = try #require(bound(burst.change) { if case .kubernetesFailures(let count, _) = $0 { count } else { nil } }, "expected .kubernetesFailures, got \(burst.change)")
        for _ in 0..<count { #expect(throws: (any Error).self) { try demo.refresh() } }
        #expect(try demo.refresh().nodes.count == demo.world.nodeNames.count)

        let slow = try #require(demo.step { if case .answerDelay(let seconds) = $0 { seconds > 0 } else { false } })
        let seconds = try #require(bound(slow.change) { if case .answerDelay(let seconds) = $0 { seconds } else { nil } }, "expected .answerDelay, got \(slow.change)")
        #expect(demo.server.delay == seconds)
        _ = try #require(demo.step(until: { if case .answerDelay(let seconds) = $0 { seconds == 0 } else { false } },
                                   clearingFaults: false))
        #expect(demo.server.delay == 0)
    }

    @Test func weeklyPushMovesLatestWeekly() throws {
        let demo = try DemoHarness()
        let pushed = try #require(demo.step { if case .imagePushed(let tag, _) = $0 { tag.hasPrefix("w_") } else { false } })
        let tag = try #require(bound(pushed.change) { if case .imagePushed(let tag, _) = $0 { tag } else { nil } }, "expected .imagePushed, got \(pushed.change)")
        let data = try demo.refresh()
        #expect(data.row("latest_weekly")?.aliasTarget == tag)
        #expect(data.columns.contains { $0.tag == tag || data.row($0.tag)?.aliasTarget == tag })
    }
}
