import Testing

/// Every parser of outside input, fed thousands of seeded hostile inputs each: a value or one
/// clean line of error, never a crash, a hang or a runaway allocation. Serialized: each target
/// keeps one core busy, and the machine's other core stays free for the rest of the tests.
@Suite(.serialized) struct FuzzTests {
    /// Runs `target` and records each failing input as an issue.
    static func expectClean(_ target: FuzzTarget) async throws {
        let failures = try await FuzzRunner.run(target)
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
