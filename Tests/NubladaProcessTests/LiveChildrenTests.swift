import Foundation
import NubladaProcess
import Testing

/// Children not yet reaped are known, so every exit path can kill them with their groups.
/// (`terminateAll` itself is exercised through the real binary, in HelperHangTests: called
/// here it would kill the children of tests running alongside.)
@Suite("Live children", .serialized)
struct LiveChildrenTests {
    @Test("a child is registered until it is reaped") func registered() throws {
        let child = try ChildProcess("/bin/sh", ["-c", "exit 0"], standardOutput: .null, standardError: .null,
                                     newProcessGroup: true)
        #expect(LiveChildren.pids.contains(child.pid))
        child.waitForExit()
        #expect(!LiveChildren.pids.contains(child.pid))
    }
}
