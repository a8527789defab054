import Foundation
import Testing

/// The alert rules shipped in docs/monitoring, through Debian's promtool and Prometheus. Both
/// are installed by scripts/setup, so a missing promtool fails these tests rather than skipping
/// them.
@Suite("The shipped alert rules", .serialized)
struct MonitoringRulesTests {
    static let promtool = "/usr/bin/promtool"
    static let folder = Binary.repository.appendingPathComponent("docs/monitoring").path
    static let rules = folder + "/nubladash-rules.yml"
    static let unitTests = folder + "/nubladash-rules.test.yml"

    static func run(_ arguments: [String]) async throws -> Binary.Result {
        try #require(FileManager.default.isExecutableFile(atPath: promtool),
                     "\(promtool) is missing: scripts/setup installs Debian's prometheus")
        return try await Binary.run(executable: promtool, arguments, timeout: 120)
    }

    /// The names of the rules file's alerts, in order.
    static func alertNames() throws -> [String] {
        let text = try String(contentsOfFile: rules, encoding: .utf8)
        return text.matches(of: /\n\s*- alert: (\w+)/).map { String($0.1) }
    }

    @Test("promtool check rules accepts every rule")
    func checkRules() async throws {
        let names = try Self.alertNames()
        #expect(names.count == 6, "\(names)")
        let checked = try await Self.run(["check", "rules", Self.rules])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("SUCCESS: \(names.count) rules found"), "\(checked.stdout)")
    }

    @Test("promtool test rules passes the unit tests shipped beside them")
    func unitTestsPass() async throws {
        let tested = try await Self.run(["test", "rules", Self.unitTests])
        #expect(tested.status == 0, "\(tested.stdout)\(tested.stderr)")
        #expect(tested.stdout.contains("SUCCESS"), "\(tested.stdout)")
    }

    @Test("the unit tests evaluate every alert both firing and not firing")
    func everyAlertTestedBothWays() throws {
        let tests = try String(contentsOfFile: Self.unitTests, encoding: .utf8)
        for name in try Self.alertNames() {
            let quiet = try Regex("alertname: \(name)\\s*\\n\\s*exp_alerts: \\[\\]")
            let firing = try Regex("alertname: \(name)\\s*\\n\\s*exp_alerts:\\s*\\n\\s*- exp_labels:")
            #expect(tests.contains(quiet), "\(name) is never tested not firing")
            #expect(tests.contains(firing), "\(name) is never tested firing")
        }
    }

    /// The unit tests hold the rules to their `for`: a rule that fires a minute early fails them.
    @Test("the unit tests fail on a rule that fires a minute early")
    func unitTestsCatchAnEarlyRule() async throws {
        let scratch = ScratchDirectory()
        let original = try String(contentsOfFile: Self.rules, encoding: .utf8)
        let early = original.replacingOccurrences(of: "for: 15m", with: "for: 14m")
        try #require(early != original)
        scratch.write("nubladash-rules.yml", early)
        let tests = scratch.write("nubladash-rules.test.yml", try String(contentsOfFile: Self.unitTests, encoding: .utf8))
        let tested = try await Self.run(["test", "rules", tests])
        // promtool writes what failed on standard error.
        #expect(tested.status != 0, "\(tested.stdout)\(tested.stderr)")
        #expect(tested.stderr.contains("FAILED") && tested.stderr.contains("alertname: NubladashPrepullFailing"),
                "\(tested.stdout)\(tested.stderr)")
    }

    @Test("Prometheus loads the rules and evaluates each without error")
    func prometheusEvaluatesThem() async throws {
        let prometheus = try await RealPrometheus(ruleFiles: [Self.rules])
        let names = try Self.alertNames()
        // Health is `unknown` until a rule's first evaluation (every second here), then `ok`.
        let deadline = Date().addingTimeInterval(60)
        var health: [String: String] = [:]
        while true {
            let answer = try JSONDecoder().decode(RulesAnswer.self, from: try await prometheus.get("rules"))
            let group = answer.data.groups.first { $0.name == "nubladash" }
            health = Dictionary((group?.rules ?? []).map { ($0.name, $0.health + ($0.lastError.map { ": \($0)" } ?? "")) },
                                uniquingKeysWith: { $1 })
            if health.count == names.count && health.values.allSatisfy({ $0 != "unknown" }) { break }
            guard Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(health == Dictionary(uniqueKeysWithValues: names.map { ($0, "ok") }), "\(prometheus.logText.suffix(2000))")
    }

    /// `/api/v1/rules`: `{"data": {"groups": [{"name", "rules": [{"name", "health", "lastError"}]}]}}`.
    struct RulesAnswer: Decodable {
        struct Payload: Decodable { var groups: [Group] }
        struct Group: Decodable {
            var name: String
            var rules: [Rule]
        }
        struct Rule: Decodable {
            var name: String
            var health: String
            var lastError: String?
        }
        var data: Payload
    }
}
