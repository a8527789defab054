import Foundation
@testable import NubladaClients
import Testing

/// What a Docker registry and the docker CLI's files send us: `tags/list` pages, token
/// service answers, error bodies, `config.json`, and the `Link` and `WWW-Authenticate` headers.
extension FuzzTests {
    static let dockerWords = [
        #""name""#, #""tags""#, #""token""#, #""access_token""#, #""expires_in""#, #""issued_at""#, #""errors""#,
        #""code""#, #""message""#, #""auths""#, #""auth""#, #""username""#, #""password""#, #""identitytoken""#,
        #""credHelpers""#, #""credsStore""#, #""https://index.docker.io/v1/""#, #""2026-11-29T21:36:47.123Z""#,
        "1e400", "-1", "null", #""ZG9ja2VyLXVzZXI6ZG9ja2VyLXBhc3M=""#,
    ]

    /// Each shared Docker case's repository as its `tags/list` page.
    static func tagsPages() -> [[UInt8]] {
        FuzzSeeds.dockerCases("registry.json").compactMap { document in
            guard let object = try? JSONSerialization.jsonObject(with: Data(document)) as? [String: Any],
                  let tags = object["tags"] as? [[String]], let name = object["repository"] as? String else { return nil }
            let page: [String: Any] = ["name": name, "tags": tags.prefix(6).map { $0[0] }]
            return (try? JSONSerialization.data(withJSONObject: page)).map { Array($0) }
        }
    }

    @Test func dockerTagsPageAndErrorBody() async throws {
        let errors = #"{"errors": [{"code": "NAME_UNKNOWN", "message": "repository name not known to registry", "detail": {"name": "a/b"}}]}"#
        try await Self.expectClean(FuzzTarget(
            name: "docker-tags",
            mutator: Mutator(seeds: Self.tagsPages() + [Array(errors.utf8)], syntax: .json, words: Self.dockerWords,
                             maximumSize: 64 * 1024),
            iterations: 1000,
            parse: { input in
                let data = Data(input)
                _ = DockerRegistryErrorBody.errors(in: data)
                return .of {
                    guard DockerRegistryClient.tags(inPage: data) != nil else { throw RegistryError(description: "malformed tags/list JSON") }
                }
            }))
    }

    @Test func dockerTokenAnswer() async throws {
        let seeds = [#"{"token": "abc.def.ghi", "access_token": "abc.def.ghi", "expires_in": 300, "issued_at": "2026-11-29T21:36:47Z"}"#,
                     #"{"access_token": "t", "expires_in": 60}"#, #"{"token": ""}"#]
        let service = DockerTokenService(registry: "ghcr.io", repository: "lsst-sqre/sciplat-lab",
                                         retry: TransientRetry(policy: .none), now: { 1_795_000_000 })
        try await Self.expectClean(FuzzTarget(
            name: "docker-token",
            mutator: Mutator(seeds: seeds.map { Array($0.utf8) }, syntax: .json, words: Self.dockerWords, maximumSize: 16 * 1024),
            iterations: 1000,
            parse: { input in
                .of {
                    let (token, lifetime) = try service.parse(Data(input), realmHost: "ghcr.io")
                    // A token lives a finite, positive time, whatever the answer says.
                    guard !token.isEmpty, lifetime.isFinite, lifetime > 0 else {
                        throw FuzzPropertyFailure("token lifetime \(lifetime)")
                    }
                }
            }))
    }

    @Test func dockerConfigFile() async throws {
        let seeds = [
            #"{"auths": {"ghcr.io": {"auth": "ZG9ja2VyLXVzZXI6ZG9ja2VyLXBhc3M="}, "https://index.docker.io/v1/": {"username": "u", "password": "p"}}, "credHelpers": {"gcr.io": "gcloud"}, "credsStore": "pass"}"#,
            #"{"auths": {"registry.example.org:5000": {"identitytoken": "it"}}}"#, #"{}"#,
        ]
        try await Self.expectClean(FuzzTarget(
            name: "docker-config",
            mutator: Mutator(seeds: seeds.map { Array($0.utf8) }, syntax: .json, words: Self.dockerWords, maximumSize: 16 * 1024),
            iterations: 1000,
            parse: { input in
                .of {
                    let file = try DockerConfigFile.parse(Data(input), path: "config.json")
                    for host in ["ghcr.io", "docker.io", "registry.example.org:5000", "a.b.c"] {
                        _ = file.entry(forHost: host)
                        _ = file.helper(forHost: host)
                    }
                }
            }))
    }

    @Test func dockerHeaders() async throws {
        let seeds = [#"</v2/a/b/tags/list?last=w_2026_44&n=100>; rel="next""#,
                     #"<https://ghcr.io/v2/a/tags/list?n=2&last=x>; rel="next", <https://x/y>; rel="prev""#,
                     #"Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull""#,
                     #"Basic realm="Registry Realm""#]
        try await Self.expectClean(FuzzTarget(
            name: "docker-headers",
            mutator: Mutator(seeds: seeds.map { Array($0.utf8) }, syntax: .text, words: [#"rel="next""#, "<", ">", ";", ",", "=", "\""],
                             maximumSize: 8 * 1024),
            iterations: 1000,
            parse: { input in
                let value = String(decoding: input, as: UTF8.self)
                _ = DockerAuthChallenge.parse([value])
                return .of { _ = try DockerLinkHeader.nextURL([value], requestURL: "https://ghcr.io/v2/a/b/tags/list?n=100") }
            }))
    }
}

/// A property of a decoder's result that does not hold.
struct FuzzPropertyFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
