import Testing
@testable import NubladaEngine

@Suite("Tag parsing")
struct TagParsingTests {
    @Test("the vectors are there") func vectorsLoaded() {
        #expect(TagCase.all.count > 200)
        #expect(AliasCase.all.count >= 7)
        #expect(OrderingCase.all.count >= 4)
    }

    @Test("every tag parses to every expected field", arguments: TagCase.all.map(\.input))
    func parses(input: String) throws {
        let expected = try #require(TagCase.all.first { $0.input == input })
        let tag = ImageTag(parsing: input)
        #expect(tag.tag == expected.tag)
        #expect(tag.imageType.rawValue == expected.type)
        #expect(tag.displayName == expected.name)
        #expect(tag.version?.description == expected.version)
        #expect(tag.isSemantic == expected.semantic)
        #expect(tag.base == expected.base)
        #expect(tag.cycle == expected.cycle)
        #expect(tag.cycleBuild == expected.cycleBuild)
        #expect(tag.build == expected.rspBuild)
        #expect(tag.architecture == expected.arch)
        #expect(tag.extra == expected.extra)
        #expect(tag.date?.description == expected.date)
    }

    @Test("alias tags", arguments: AliasCase.all.map(\.tag))
    func alias(tagName: String) throws {
        let expected = try #require(AliasCase.all.first { $0.tag == tagName })
        let tag = ImageTag.alias(tagName)
        #expect(tag.imageType.rawValue == expected.type)
        #expect(tag.displayName == expected.name)
        #expect(tag.base == expected.base)
        #expect(tag.cycle == expected.cycle)
        #expect(tag.architecture == expected.arch)
    }

    @Test("a weekly of a week the year does not have is not a weekly")
    func invalidWeek() {
        #expect(ImageTag(parsing: "w_2021_53").imageType == .unknown)
        #expect(ImageTag(parsing: "w_2020_53").imageType == .weekly)
        #expect(ImageTag(parsing: "d_2021_02_30").imageType == .unknown)
        #expect(ImageTag(parsing: "d_2024_02_29").date?.description == "2024-02-29")
    }

    @Test("Python title case") func titleCase() {
        #expect("latest weekly".pythonTitleCased == "Latest Weekly")
        #expect("MiXeD cAsE".pythonTitleCased == "Mixed Case")
        #expect("odd-name".pythonTitleCased == "Odd-Name")
        #expect("abc1def".pythonTitleCased == "Abc1Def")
    }
}

@Suite("Tag ordering")
struct TagOrderingTests {
    /// Sorts as a collection does: types in controller order, newest first within a type.
    static func collectionOrder(_ names: [String], includeArch: Bool) -> [String] {
        let images = names.map {
            RSPImage(tag: ImageTag(parsing: $0), registry: "r", repository: "p", digest: "sha256:\($0)")
        }
        return RSPImageCollection(images).allImages(includeArchitectureSpecific: includeArch).map(\.tagName)
    }

    @Test("orderings with architecture-specific tags", arguments: OrderingCase.all.indices)
    func orderingAll(index: Int) {
        let c = OrderingCase.all[index]
        #expect(Self.collectionOrder(c.shuffled, includeArch: true) == c.newestFirst)
    }

    @Test("orderings without architecture-specific tags", arguments: OrderingCase.all.indices)
    func orderingWithoutArch(index: Int) {
        let c = OrderingCase.all[index]
        #expect(Self.collectionOrder(c.shuffled, includeArch: false) == c.newestFirstWithoutArch)
    }

    @Test("a prerelease sorts before its release") func prerelease() {
        let rc = SemanticVersion(major: 22, minor: 0, patch: 0, prerelease: "rc1")
        let release = SemanticVersion(major: 22, minor: 0, patch: 0)
        #expect(rc < release)
        #expect(SemanticVersion(parsing: "25.0.0") == SemanticVersion(major: 25, minor: 0, patch: 0))
        #expect(SemanticVersion(parsing: "25.0") == nil)
    }
}
