import Foundation

/// The real inputs mutations start from: the project's fixtures (copies of the shared
/// vectors), the shipped themes, and this target's own `Seeds` for formats the fixtures lack.
enum FuzzSeeds {
    private static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
    static let checkout = testsDirectory.deletingLastPathComponent()

    /// `file` of every snapshot case (`config.yaml`, `nodes.json`, `registry.json`).
    static func snapshotCases(_ file: String) -> [[UInt8]] { cases("snapshot-cases", file) }

    /// `file` of every Docker snapshot case (the shared vectors' snapshot-docker).
    static func dockerCases(_ file: String) -> [[UInt8]] { cases("docker-snapshot-cases", file) }

    private static func cases(_ folderName: String, _ file: String) -> [[UInt8]] {
        let folder = testsDirectory.appendingPathComponent("Fixtures/\(folderName)")
        let cases = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return cases.compactMap { contents(folder.appendingPathComponent("\($0)/\(file)")) }
    }

    /// Files of `Seeds` whose names start with `prefix`.
    static func own(_ prefix: String) -> [[UInt8]] {
        let folder = testsDirectory.appendingPathComponent("NubladaFuzzTests/Seeds")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.filter { $0.hasPrefix(prefix) }.compactMap { contents(folder.appendingPathComponent($0)) }
    }

    static var themes: [[UInt8]] {
        let folder = checkout.appendingPathComponent("themes")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.filter { $0.hasSuffix(".theme") }.compactMap { contents(folder.appendingPathComponent($0)) }
    }

    /// `field` of every case in list `list` of `Fixtures/tags/<file>` (the controller's tag vectors).
    static func tagVectors(_ file: String, list: String, field: String) -> [String] {
        guard let data = contents(testsDirectory.appendingPathComponent("Fixtures/tags/\(file)")).map({ Data($0) }),
              let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = document[list] as? [[String: Any]] else { return [] }
        return cases.compactMap { $0[field] as? String }
    }

    /// JSON list documents cut to their first `keep` members of `list`: small seeds make
    /// thousands of inputs affordable, and every field still appears.
    static func shortened(_ documents: [[UInt8]], list: String, keep: Int = 3) -> [[UInt8]] {
        documents.compactMap { bytes in
            guard var document = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
            if let items = document[list] as? [Any] { document[list] = Array(items.prefix(keep)) }
            return (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]))
                .map { [UInt8]($0) }
        }
    }

    private static func contents(_ url: URL) -> [UInt8]? {
        FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }
    }
}

/// A file the parsers under fuzz read their input from, as the program reads its own: one per
/// target, rewritten for every input, removed with the folder when the run ends.
final class ScratchFile: @unchecked Sendable {
    private let folder: String
    let path: String

    init(_ name: String) {
        folder = NSTemporaryDirectory() + "nubladash-fuzz-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = "\(folder)/\(name)"
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ input: [UInt8]) {
        try? Data(input).write(to: URL(fileURLWithPath: path))
    }
}
