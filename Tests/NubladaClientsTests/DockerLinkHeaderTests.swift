import Foundation
import Testing
@testable import NubladaClients

@Suite("Docker registry Link header and WWW-Authenticate parsing")
struct DockerLinkHeaderTests {
    let request = "https://ghcr.io/v2/lsst-sqre/sciplat-lab/tags/list?n=100"

    @Test("a relative next link resolves against the request URL") func relative() throws {
        let next = try DockerLinkHeader.nextURL(["</v2/lsst-sqre/sciplat-lab/tags/list?last=w_2025_44&n=100>; rel=\"next\""],
                                                requestURL: request)
        #expect(next == "https://ghcr.io/v2/lsst-sqre/sciplat-lab/tags/list?last=w_2025_44&n=100")
    }

    @Test("the next link among several, and none without rel=next") func several() throws {
        let value = "<https://ghcr.io/v2/r/tags/list?last=a>; rel=\"prev\", <https://ghcr.io/v2/r/tags/list?last=b>; rel=\"next\""
        #expect(try DockerLinkHeader.nextURL([value], requestURL: request) == "https://ghcr.io/v2/r/tags/list?last=b")
        #expect(try DockerLinkHeader.nextURL(["</v2/r/tags/list?last=a>; rel=prev"], requestURL: request) == nil)
        #expect(try DockerLinkHeader.nextURL([], requestURL: request) == nil)
    }

    @Test("a next link to another host or port is refused") func otherHost() {
        for value in ["<https://evil.example/v2/r/tags/list?last=a>; rel=\"next\"",
                      "<https://ghcr.io:8443/v2/r/tags/list?last=a>; rel=\"next\"",
                      "<http://ghcr.io/v2/r/tags/list?last=a>; rel=\"next\""] {
            #expect(throws: RegistryError.self) { try DockerLinkHeader.nextURL([value], requestURL: request) }
        }
    }

    @Test("a malformed Link header is an error naming the header") func malformed() {
        for value in ["/v2/r/tags/list?last=a; rel=\"next\"", "<unclosed; rel=next", "<a>; rel=\"next", "<a>; =x"] {
            do {
                _ = try DockerLinkHeader.nextURL([value], requestURL: request)
                Issue.record("no error for \(value)")
            } catch {
                #expect("\(error)".contains("malformed Link header"))
            }
        }
    }

    @Test("WWW-Authenticate challenges: Bearer with quoted parameters, Basic, others ignored") func challenges() {
        let bearer = DockerAuthChallenge.parse(["Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:lsstsqre/sciplat-lab:pull,push\""])
        #expect(bearer?.scheme == .bearer)
        #expect(bearer?.realm == "https://auth.docker.io/token")
        #expect(bearer?.service == "registry.docker.io")
        #expect(bearer?.parameters["scope"] == "repository:lsstsqre/sciplat-lab:pull,push")
        #expect(DockerAuthChallenge.parse(["Negotiate abc", "Basic realm=\"Registry Realm\""])?.scheme == .basic)
        #expect(DockerAuthChallenge.parse(["Negotiate abc"]) == nil)
        #expect(DockerAuthChallenge.parse(["bearer realm=http://x/token"])?.realm == "http://x/token")
    }
}
