import Foundation
import Testing
import NubladaEngine
@testable import NubladaTUI

/// Sizes, digests, times, durations, node-name prefixes and column labels.
@Suite struct FormattingTests {
    @Test func sizes() {
        #expect(Formatting.size(nil) == "-")
        #expect(Formatting.size(4_812_345_678) == "4.8 GB")
        #expect(Formatting.size(850_000_000) == "850 MB")
        #expect(Formatting.size(123_456_789_012) == "123 GB")
        #expect(Formatting.size(5_000) == "5 kB")
    }

    @Test func shortDigests() {
        #expect(Formatting.shortDigest("sha256:3f2a9c1d0b7e44556677") == "3f2a9c1d0b7e")
        #expect(Formatting.shortDigest("abc") == "abc")
    }

    @Test func times() {
        let utc = TimeZone(identifier: "UTC")!
        #expect(Formatting.dateTime(3_402_655_380, in: utc) == "2077-10-28 14:03")
        #expect(Formatting.clockTime(3_402_655_380 + 12, in: utc) == "14:03:12")
        #expect(Formatting.dateTime(nil, in: utc) == "-")
        let plusTwo = TimeZone(secondsFromGMT: 7200)!
        #expect(Formatting.dateTime(3_402_655_380, in: plusTwo) == "2077-10-28 16:03")
        #expect(Formatting.dateTime(0, in: TimeZone(secondsFromGMT: -3600)!) == "1969-12-31 23:00")
    }

    @Test func durations() {
        #expect(Formatting.duration(42.9) == "42s")
        #expect(Formatting.duration(303) == "5m 03s")
        #expect(Formatting.duration(3 * 3600 + 12 * 60) == "3h 12m")
        #expect(Formatting.duration(2 * 86400 + 4 * 3600 + 5) == "2d 4h")
        #expect(Formatting.duration(-5) == "0s")
    }

    /// Issue 8, defect 1: `--refresh inf` trapped in `duration` ("Double value cannot be
    /// converted to Int"). Every number from outside must format, whatever it is.
    @Test(arguments: [Double.infinity, -.infinity, .nan, 1e308, -1e308, 9.3e18, -9.3e18, .greatestFiniteMagnitude])
    func nonFiniteAndHugeNumbersFormatWithoutTrapping(value: Double) {
        let utc = TimeZone(identifier: "UTC")!
        #expect(!Formatting.duration(value).isEmpty)
        #expect(!Formatting.dateTime(value, in: utc).isEmpty)
        #expect(!Formatting.clockTime(value, in: utc).isEmpty)
        #expect(Formatting.wholeNumber(value).map { abs($0) <= 1 << 53 } ?? value.isNaN)
    }

    @Test func nonsenseNumbersFormatAsWhatTheyAre() {
        let utc = TimeZone(identifier: "UTC")!
        #expect(Formatting.duration(.infinity) == ">99999d")
        #expect(Formatting.duration(1e308) == ">99999d")
        #expect(Formatting.duration(.nan) == "?")
        #expect(Formatting.duration(-.infinity) == "0s")
        #expect(Formatting.duration(99_998 * 86400 + 3600) == "99998d 1h")
        #expect(Formatting.dateTime(.infinity, in: utc) == "?")
        #expect(Formatting.dateTime(1e12, in: utc) == "?")
        #expect(Formatting.clockTime(.nan, in: utc) == "?")
        #expect(Formatting.dateTime(253_402_300_799, in: utc) == "9999-12-31 23:59")
    }

    /// A dashboard whose times are absurd (an infinite countdown, a refresh from 1e300, a
    /// failure at -inf) still draws every frame.
    @Test func absurdTimesRender() {
        var state = DashboardState(options: Fixtures.options(), now: Fixtures.refreshedAt, cols: 100, rows: 30)
        _ = update(&state, .tick(now: Fixtures.refreshedAt))
        _ = update(&state, .tick(now: .greatestFiniteMagnitude))
        _ = update(&state, .refreshFinished(.success(Fixtures.data(refreshedAt: 1e300))))
        state.refresh.nextAttemptAt = .infinity
        #expect(render(state).text.contains("next refresh in >99999d"))
        _ = update(&state, .refreshFinished(.failure(RefreshFailure(message: "down", failedAt: -.infinity))))
        _ = update(&state, .key(.character("e")))
        #expect(render(state).text.contains("down"))
    }

    @Test func sharedNodePrefix() {
        #expect(NodeNames.sharedPrefix(["gke-sp-core-pool-a1-x", "gke-sp-core-pool-a1-y", "gke-sp-core-pool-b2-z"])
                    == "gke-sp-core-pool-")
        #expect(NodeNames.sharedPrefix(["node1", "node2"]) == "")
        #expect(NodeNames.sharedPrefix(["a-b", "a-c"]) == "")
        #expect(NodeNames.sharedPrefix(["gke-pool-x", "gke-pool-"]) == "gke-")
        #expect(NodeNames.sharedPrefix(["only-one-node"]) == "only-one-")
        #expect(NodeNames.sharedPrefix([]) == "")
    }

    @Test func compactColumnLabels() {
        #expect(ColumnLabels.compact("w_2077_43") == "w_77_43")
        #expect(ColumnLabels.compact("d_2077_10_28") == "d_77_10_28")
        #expect(ColumnLabels.compact("r29_0_0") == "r29_0_0")
        #expect(ColumnLabels.compact("recommended") == "recommended")
    }
}
