import Foundation
import NubladaDemo
import NubladaEngine
@testable import NubladaStandIn
import Testing

/// The stand-in's one seam for failures: the filters it is made with. The demo's own filter
/// (``DemoFailures``) fails the next requests, slows answers and carries outages; a server
/// made without filters has no switches at all and serves every request.
@Suite("Request filters")
struct RequestFilterTests {
    /// A started server with the demo's filter, and no test switches.
    final class DemoServer {
        let failures = DemoFailures()
        let server: StandInServer

        init() throws {
            server = StandInServer(configuration: StandInConfiguration(), filters: [failures])
            try server.start()
            server.setRegistry(entries: Samples.entries(2), source: Samples.source)
        }

        deinit { server.stop() }

        func registry() async throws -> Int {
            try await Curl.get(server.registryURL + Samples.listPath, token: server.configuration.registryToken).status
        }

        func nodes() async throws -> Int {
            try await Curl.get(server.kubernetesURL + "/api/v1/nodes", token: server.configuration.kubernetesToken).status
        }
    }

    @Test("the demo's filter fails the next requests to one side, then serves") func failNext() async throws {
        let demo = try DemoServer()
        #expect(demo.server.failureInjector != nil)
        demo.failures.failNext(2, status: 429, on: .registry)
        #expect(try await demo.registry() == 429)
        #expect(try await demo.nodes() == 200)
        #expect(try await demo.registry() == 429)
        #expect(try await demo.registry() == 200)
    }

    @Test("an outage takes both sides down until it ends") func outage() async throws {
        let demo = try DemoServer()
        DemoOutage.begin(on: demo.server)
        #expect(try await demo.registry() == 503)
        #expect(try await demo.nodes() == 503)
        DemoOutage.end(on: demo.server)
        #expect(try await demo.registry() == 200)
        #expect(try await demo.nodes() == 200)
    }

    @Test("a server without filters serves every request and has no /stats") func noFilters() async throws {
        let server = StandInServer(configuration: StandInConfiguration())
        try server.start()
        defer { server.stop() }
        #expect(server.failureInjector == nil)
        #expect(try await Curl.get(server.registryURL + "/stats").status == 401)
        DemoOutage.begin(on: server)
        server.setRegistry(entries: Samples.entries(1), source: Samples.source)
        #expect(try await Curl.get(server.registryURL + Samples.listPath, token: server.configuration.registryToken).status == 200)
    }

    @Test("verdicts combine: the first that does not serve decides, the longest delay is taken") func combined() {
        let verdicts = [StandInVerdict(.serve, delay: 1), StandInVerdict(.serveMalformed), StandInVerdict(.fail(status: 500), delay: 2),
                        StandInVerdict(.unauthorized)]
        #expect(StandInVerdict.combined(verdicts) == StandInVerdict(.fail(status: 500), delay: 2))
        #expect(StandInVerdict.combined([StandInVerdict(.serve), StandInVerdict(.serveMalformed)]) == StandInVerdict(.serveMalformed))
        #expect(StandInVerdict.combined([]) == StandInVerdict())
    }
}
