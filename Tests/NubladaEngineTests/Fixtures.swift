import Foundation

/// Test data shipped in `Tests/Fixtures`, found relative to this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: directory.appendingPathComponent(path)))
    }
}

struct TagCase: Decodable, CustomTestStringConvertibleShim {
    var input: String
    var tag: String
    var type: String
    var name: String
    var version: String?
    var semantic: Bool
    var base: String?
    var cycle: Int?
    var cycleBuild: Int?
    var rspBuild: Int?
    var arch: String?
    var extra: String?
    var date: String?

    static let all: [TagCase] = {
        struct File: Decodable { var tags: [TagCase] }
        return (try? Fixtures.decode(File.self, "tags/tag-cases.json").tags) ?? []
    }()
}

struct AliasCase: Decodable {
    var tag: String
    var type: String
    var name: String
    var base: String
    var cycle: Int?
    var arch: String?

    static let all: [AliasCase] = {
        struct File: Decodable { var aliases: [AliasCase] }
        return (try? Fixtures.decode(File.self, "tags/alias-cases.json").aliases) ?? []
    }()
}

struct OrderingCase: Decodable {
    var shuffled: [String]
    var newestFirst: [String]
    var newestFirstWithoutArch: [String]

    static let all: [OrderingCase] = {
        struct File: Decodable { var orderings: [OrderingCase] }
        return (try? Fixtures.decode(File.self, "tags/ordering-cases.json").orderings) ?? []
    }()
}

/// Marker so test names stay readable (`input` shown for each case).
protocol CustomTestStringConvertibleShim {}
