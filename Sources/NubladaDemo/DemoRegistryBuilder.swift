import NubladaEngine
import NubladaStandIn

/// The demo repository as it stands on the morning the demo starts: two years of
/// weeklies, six weeks of dailies, releases (the latest with `-amd64`/`-arm64` variants),
/// release candidates, experimentals, a SAL cycle's builds, the alias tags a real
/// deployment carries, and an unrelated image in the same repository.
enum DemoRegistryBuilder {
    /// Dailies kept in the repository (a rolling window).
    static let dailyWindow = 45
    /// Weeklies kept in the repository (two years, a rolling window).
    static let weeklyWindow = 104
    /// Cycle builds kept in the repository (a rolling window, like the weeklies').
    static let cycleBuildWindow = 8
    /// The SAL cycle of the cycle builds (the one a summit-like world keeps), as tags spell it.
    static let cycle = String(DemoSettings.cycleSuffix(DemoSettings.summitCycle).dropFirst())

    /// The repository on day `today` before that day's daily is pushed.
    static func initial(source: GARSourceOptions, referenceBase: String, today: Int, random: inout SeededGenerator) -> DemoRegistry {
        var registry = DemoRegistry(source: source, referenceBase: referenceBase)
        func add(_ tag: String, day: Int, hour: Double, name: String? = nil, size: Int? = nil) {
            let upload = DemoCalendar.midnight(day) + hour * DemoCalendar.hour + random.between(0, 2400)
            registry.push(DemoImage(name: name ?? source.image, digest: random.digest(), tags: [tag],
                                    size: size ?? labSize(ageDays: today - day, random: &random), uploadTime: upload))
        }
        for back in 1...dailyWindow {
            add(DemoCalendar.dailyTag(today - back), day: today - back, hour: 10)
        }
        let lastThursday = DemoCalendar.thursday(onOrBefore: today - 1)
        for week in 0..<weeklyWindow {
            let day = lastThursday - 7 * week
            add(DemoCalendar.weeklyTag(day), day: day, hour: 14)
        }
        // The telescope's SAL cycle: builds of four weeklies against its XML.
        for week in 3...6 {
            let day = lastThursday - 7 * week
            add("\(DemoCalendar.weeklyTag(day))_c\(cycle).001", day: day, hour: 16)
        }
        let releases: [(String, Int)] = [
            ("r24_0_0", 700), ("r25_0_0", 560), ("r26_0_0", 420), ("r26_0_1", 380), ("r27_0_0", 250),
            ("r28_0_0_rc1", 150), ("r28_0_0_rc2", 136), ("r28_0_0", 120), ("r28_0_1", 40),
            ("r29_0_0_rc1", 20), ("r29_0_0_rc2", 6),
        ]
        for (tag, age) in releases { add(tag, day: today - age, hour: 18) }
        // The latest release is multi-architecture: the index plus one image per architecture.
        for arch in ["amd64", "arm64"] { add("r28_0_1-\(arch)", day: today - 40, hour: 17) }
        let experimentals = [
            ("exp_\(DemoCalendar.weeklyTag(lastThursday - 7))_newpandas", 9),
            ("exp_\(DemoCalendar.dailyTag(today - 3))_sfe", 3),
            ("exp_\(DemoCalendar.dailyTag(today - 12))_nosudo", 12),
            ("exp_tickets-DM-48210", 16),
            ("exp_r28_0_1_rsp2", 30),
            ("exp_\(DemoCalendar.weeklyTag(lastThursday - 35))_gpu", 38),
        ]
        for (tag, age) in experimentals { add(tag, day: today - age, hour: 21) }
        // Another image of the same repository, with look-alike tags: never a lab image.
        for week in 0..<3 {
            let day = lastThursday - 7 * week
            add(DemoCalendar.weeklyTag(day), day: day, hour: 13, name: "jupyterlab-base",
                size: 1_900_000_000 + Int(random.between(0, 150_000_000)))
        }
        registry.moveAlias("latest_daily", to: DemoCalendar.dailyTag(today - 1))
        registry.moveAlias("latest_weekly", to: DemoCalendar.weeklyTag(lastThursday))
        registry.moveAlias("recommended", to: DemoCalendar.weeklyTag(lastThursday - 14))
        registry.moveAlias("latest_release", to: "r28_0_1")
        registry.moveAlias("recommended_c\(cycle)", to: "\(DemoCalendar.weeklyTag(lastThursday - 21))_c\(cycle).001")
        return registry
    }

    /// A lab image's size: about 4 GB two years ago growing to about 7 GB now, 3–9 GB.
    static func labSize(ageDays: Int, random: inout SeededGenerator) -> Int {
        let growth = 2_700_000_000 * (1 - min(730, Double(max(0, ageDays))) / 730)
        let size = 4_000_000_000 + growth + random.between(-300_000_000, 500_000_000)
        return Int(min(9_000_000_000, max(3_000_000_000, size)))
    }
}

extension SeededGenerator {
    /// A uniform value in `[low, high)`.
    mutating func between(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }

    /// A random `sha256:` digest.
    mutating func digest() -> String { "sha256:" + hex(64) }
}
