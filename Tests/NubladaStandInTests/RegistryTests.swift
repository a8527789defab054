import Foundation
import NubladaEngine
import Testing
@testable import NubladaStandIn
import NubladaTestSupport

@Suite("Registry listener")
struct RegistryTests {
    @Test("pages follow pageSize, the cap and nextPageToken, and the last page has no token")
    func paging() async throws {
        let standIn = try RunningStandIn(StandInConfiguration(registryPageSizeCap: 2))
        standIn.server.setRegistry(entries: Samples.entries(5), source: Samples.source)

        var tags: [String] = []
        var sizes: [Int] = []
        var token: String? = nil
        repeat {
            let query = "?pageSize=10" + (token.map { "&pageToken=\($0)" } ?? "")
            let page = try await standIn.registry(Samples.listPath + query)
            #expect(page.status == 200)
            sizes.append(page.imageTags.count)
            tags += page.imageTags
            token = page.object?["nextPageToken"] as? String
        } while token != nil && sizes.count < 10
        #expect(sizes == [2, 2, 1])
        #expect(tags == Samples.entries(5).map { $0.tags[0] })

        let single = try await standIn.registry(Samples.listPath + "?pageSize=1")
        #expect(single.imageTags == ["w_2025_01"])
        #expect(single.object?["nextPageToken"] != nil)
        #expect(standIn.server.registryRequestCount == 4)
    }

    @Test("items are GAR DockerImage objects with sizes as strings")
    func itemShape() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        standIn.server.setRegistry(entries: Samples.entries(3), source: Samples.source)
        let page = try await standIn.registry(Samples.listPath)
        let items = try #require(page.object?["dockerImages"] as? [[String: Any]])
        #expect(items.count == 3)
        #expect(page.object?["nextPageToken"] == nil)
        let first = items[0]
        #expect(first["imageSizeBytes"] as? String == "1001")
        #expect((first["name"] as? String)?.hasPrefix(
            "projects/proj/locations/us-central1/repositories/sciplat/dockerImages/sciplat-lab@sha256:") == true)
        #expect(first["uri"] as? String == Samples.entries(3)[0].uri)
        #expect((first["uploadTime"] as? String)?.hasPrefix("2023-11-14T22:13:21.") == true)
    }

    @Test("a listing document is served as given, its repository taken from the first name")
    func documentAndInferredParent() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        let document = """
            {
              "dockerImages": [
                {"name": "projects/other/locations/us-east4/repositories/lab/dockerImages/sciplat-lab@sha256:aa",
                 "uri": "us-east4-docker.pkg.dev/other/lab/sciplat-lab@sha256:aa",
                 "tags": ["r28_0_1", "recommended"], "imageSizeBytes": "42", "extra": {"kept": [1, 2.5, "a b"]}}
              ]
            }
            """
        try standIn.server.setRegistry(json: Data(document.utf8))
        #expect(standIn.server.registryParent == "projects/other/locations/us-east4/repositories/lab")
        let page = try await standIn.registry("/v1/projects/other/locations/us-east4/repositories/lab/dockerImages")
        #expect(page.status == 200)
        #expect(page.text.contains(#""extra":{"kept":[1,2.5,"a b"]}"#))
        #expect(page.imageTags == ["r28_0_1"])

        let wrong = try await standIn.registry(Samples.listPath)
        #expect(wrong.status == 404)
        #expect(wrong.googleError?["status"] as? String == "NOT_FOUND")
        #expect(wrong.googleError?["code"] as? Int == 404)
    }

    @Test("before any data is set, every repository lists empty")
    func emptyRegistry() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        let reply = try await standIn.registry(Samples.listPath)
        #expect(reply.status == 200)
        #expect(reply.text == "{}")
        standIn.server.setRegistry(entries: [], source: Samples.source)
        #expect(try await standIn.registry(Samples.listPath).text == "{}")
        #expect(try await standIn.registry("/v1/projects/x/locations/y/repositories/z/dockerImages").status == 404)
    }

    @Test("requests without the registry token get 401 UNAUTHENTICATED")
    func unauthenticated() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        standIn.server.setRegistry(entries: Samples.entries(2), source: Samples.source)
        for token: String? in [nil, "wrong"] {
            let reply = try await standIn.registry(Samples.listPath, token: .some(token))
            #expect(reply.status == 401)
            #expect(reply.googleError?["status"] as? String == "UNAUTHENTICATED")
            #expect(reply.googleError?["message"] as? String == "Request had invalid authentication credentials.")
        }
        standIn.server.unauthorized = true
        #expect(try await standIn.registry(Samples.listPath).status == 401)
        standIn.server.unauthorized = false
        #expect(try await standIn.registry(Samples.listPath).status == 200)
    }

    @Test("a burst of 503s, then recovery")
    func failureBurst() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        standIn.server.setRegistry(entries: Samples.entries(2), source: Samples.source)
        standIn.server.failRegistry(next: 2)
        let first = try await standIn.registry(Samples.listPath)
        let second = try await standIn.registry(Samples.listPath)
        let third = try await standIn.registry(Samples.listPath)
        #expect(first.status == 503)
        #expect(first.googleError?["code"] as? Int == 503)
        #expect(first.googleError?["status"] as? String == "UNAVAILABLE")
        #expect(second.status == 503)
        #expect(third.status == 200)
        #expect(third.imageTags.count == 2)
        #expect(standIn.server.registryRequestCount == 3)

        standIn.server.failRegistry(next: 1, status: 429)
        let limited = try await standIn.registry(Samples.listPath)
        #expect(limited.status == 429)
        #expect(limited.googleError?["status"] as? String == "RESOURCE_EXHAUSTED")
    }

    @Test("malformed listings are truncated JSON, and the switch turns off")
    func malformed() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        standIn.server.setRegistry(entries: Samples.entries(4), source: Samples.source)
        standIn.server.malformed = true
        let broken = try await standIn.registry(Samples.listPath)
        #expect(broken.status == 200)
        #expect(!broken.body.isEmpty)
        #expect(broken.object == nil)
        #expect((try? JSONSerialization.jsonObject(with: broken.body)) == nil)
        standIn.server.malformed = false
        #expect(try await standIn.registry(Samples.listPath).imageTags.count == 4)
    }

    @Test("bad page tokens and sizes are 400 INVALID_ARGUMENT")
    func badArguments() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        standIn.server.setRegistry(entries: Samples.entries(2), source: Samples.source)
        let token = try await standIn.registry(Samples.listPath + "?pageToken=garbage")
        #expect(token.status == 400)
        #expect(token.googleError?["status"] as? String == "INVALID_ARGUMENT")
        #expect(try await standIn.registry(Samples.listPath + "?pageSize=-3").status == 400)
    }

    @Test("delay stalls answers")
    func delay() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        standIn.server.setRegistry(entries: Samples.entries(1), source: Samples.source)
        standIn.server.delay = 0.6
        let started = Date()
        let reply = try await standIn.registry(Samples.listPath)
        #expect(reply.status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.6)
    }
}
