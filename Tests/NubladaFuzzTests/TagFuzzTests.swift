@testable import NubladaEngine
import Testing

/// Tags from the registry and image references from the nodes, as strings (valid UTF-8 by the
/// time they reach these parsers: JSON decoding saw to that).
extension FuzzTests {
    @Test func imageTags() async throws {
        let seeds = FuzzSeeds.tagVectors("tag-cases.json", list: "tags", field: "input")
            + FuzzSeeds.tagVectors("alias-cases.json", list: "aliases", field: "tag")
        try await Self.expectClean(FuzzTarget(
            name: "image-tag",
            mutator: Mutator(seeds: seeds.map { Array($0.utf8) }, syntax: .text,
                             words: ["r", "w_", "d_", "exp_", "_c", "_rsp", "-amd64", "_rc1", "recommended", "latest_"],
                             maximumSize: 4096),
            iterations: 3000,
            parse: { input in
                let text = String(decoding: input, as: UTF8.self)
                _ = ImageTag(parsing: text)
                _ = ImageTag.alias(text)
                return .value
            }))
    }

    @Test func dockerReferences() async throws {
        let seeds = ["us-central1-docker.pkg.dev/rubin-shared-services-71ec/sciplat/sciplat-lab:w_2026_44",
                     "us-central1-docker.pkg.dev/lighthouse-71ec/library/sketchbook@sha256:49d63632237c3c0ca10c2c8de1e4310acadea2cdf2f9eaed0e2d2c0c27736c0b",
                     "localhost:5000/lab:r29_0_0@sha256:dd6d876548037ec722252b45795206575e7040eba1ca076cf1732a4a903cadba",
                     "docker.io/lsstsqre/sciplat-lab:recommended"]
        try await Self.expectClean(FuzzTarget(
            name: "docker-reference",
            mutator: Mutator(seeds: seeds.map { Array($0.utf8) }, syntax: .text,
                             words: ["/", ":", "@", "@sha256:", ":latest", "é", "\u{301}"], maximumSize: 4096),
            iterations: 5000,
            parse: { input in
                let text = String(decoding: input, as: UTF8.self)
                let reference = DockerReference(parsing: text)
                // The fast digest reader must agree with the full parser wherever both apply.
                if let reference, reference.digest != nil, NodeImage.firstDigest([text]) != reference.digest {
                    return .broken("NodeImage.firstDigest disagrees with init(parsing:) on \(text.debugDescription.prefix(200))")
                }
                return .value
            }))
    }
}
