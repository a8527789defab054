import Foundation

/// Test data in `Tests/Fixtures` and scratch files, found relative to this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var snapshotCases: [String] {
        let folder = directory.appendingPathComponent("snapshot-cases").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func snapshotCase(_ name: String, _ file: String) -> URL {
        directory.appendingPathComponent("snapshot-cases/\(name)/\(file)")
    }

    /// The Docker Registry cases (copies of the shared vectors' snapshot-docker cases).
    static var dockerSnapshotCases: [String] {
        let folder = directory.appendingPathComponent("docker-snapshot-cases").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func dockerSnapshotCase(_ name: String, _ file: String) -> URL {
        directory.appendingPathComponent("docker-snapshot-cases/\(name)/\(file)")
    }
}

/// A scratch folder removed when the value goes away.
final class ScratchDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "nubladash-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = "\(path)/\(name)"
        try? FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }
}
