import Foundation
@testable import NubladaClients
import Testing

/// Every HTTP request has a deadline: a server that accepts and then says nothing cannot
/// hold a refresh (or a snapshot) forever.
@Suite("HTTP deadlines")
struct HTTPDeadlineTests {
    @Test("a server slower than the request's timeout gives a timeout error naming the host") func slowServer() throws {
        let harness = try StandInHarness(nodes: 1, tags: 1)
        harness.server.delay = 5
        var request = HTTPRequest(url: harness.server.registryURL + "/v1/projects/p/locations/l/repositories/r/dockerImages")
        request.timeout = 1
        do {
            _ = try CurlHTTPClient().send(request)
            Issue.record("no error")
        } catch let error as HTTPError {
            _ = try #require(bound(error) { if case .timeout = $0 { () } else { nil } }, "not a timeout: \(error)")
            #expect("\(error)".hasSuffix("did not answer within 1 s"), "\(error)")
        }
    }

}
