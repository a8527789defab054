import Testing
@testable import NubladaEngine

@Suite("A refresh's failure, side by side")
struct RefreshFailureTests {
    static let registry = SideFailure(side: .registry, cause: FailureCause(status: 503, place: "ghcr.io"),
                                      message: "HTTP 503 from ghcr.io for lsst-sqre/sciplat-lab")
    static let nodes = SideFailure(side: .nodes, cause: FailureCause(.timeout, place: "k8s:6443"),
                                   message: "Kubernetes: k8s:6443 did not answer within 60 s")
    static let pods = SideFailure(side: .pods, cause: FailureCause(status: 403),
                                  message: "Kubernetes: forbidden (403) at k8s:6443 (test)")

    @Test("some side answered: every failed side said, in order, joined by '; '")
    func partial() {
        let failure = RefreshFailure(sides: [Self.registry, Self.pods], failedAt: 5, partial: true)
        #expect(failure.message == "HTTP 503 from ghcr.io for lsst-sqre/sciplat-lab; Kubernetes: forbidden (403) at k8s:6443 (test)")
        #expect(failure.text == failure.message)
        #expect(failure.failure(of: .pods)?.kind == .permission)
        #expect(failure.failure(of: .nodes) == nil)
    }

    @Test("no side answered: the registry's failure says it, both are kept")
    func nothingAnswered() {
        let failure = RefreshFailure(sides: [Self.registry, Self.nodes], failedAt: 5, partial: false)
        #expect(failure.message == Self.registry.message)
        #expect(failure.sides.map(\.kind) == [.httpStatus, .timeout])
    }

    @Test("a status gives the kind: 401 auth, 403 permission, 404 not found, the rest an HTTP status")
    func statusKinds() {
        #expect([401, 403, 404, 429, 500].map { FailureCause(status: $0).kind } == [.auth, .permission, .notFound, .httpStatus, .httpStatus])
        #expect(FailureCause().kind == .other)
        #expect(FailureCause(.parse, status: 200).kind == .parse, "a kind given wins")
    }

    @Test("the screens' line: one line, the text as said") func oneLine() {
        let side = SideFailure(side: .configuration, cause: FailureCause(.configuration), message: "bad\n  value\tthere")
        let failure = RefreshFailure(sides: [side], failedAt: 0, partial: true)
        #expect(failure.message == "bad value there")
        #expect(failure.text == "bad\n  value\tthere")
    }
}
