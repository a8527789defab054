import Foundation

/// Inputs that once broke a parser, kept in `Regressions/<target>.txt` and replayed before any
/// random input: one `input: BASE64` line per input, after `#` comment lines saying what it broke.
struct RegressionCases {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Regressions")

    private static let prefix = "input:"

    let file: URL

    init(target: String, directory: URL = Self.directory) {
        file = directory.appendingPathComponent("\(target).txt")
    }

    var inputs: [[UInt8]] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> [UInt8]? in
            guard line.hasPrefix(Self.prefix) else { return nil }
            return Data(base64Encoded: line.dropFirst(Self.prefix.count).trimmingCharacters(in: .whitespaces))
                .map { [UInt8]($0) }
        }
    }

    /// Keeps `input` (once) with a comment saying what it broke; false when the file cannot be
    /// written (a read-only checkout), and the failure message then carries the line instead.
    @discardableResult
    func keep(_ input: [UInt8], because reason: String) -> Bool {
        let encoded = Data(input).base64EncodedString()
        if inputs.contains(input) { return true }
        let entry = "# \(reason.replacingOccurrences(of: "\n", with: " ").prefix(200))\n\(Self.prefix) \(encoded)\n"
        guard let handle = try? FileHandle(forWritingTo: file) else {
            return FileManager.default.createFile(atPath: file.path, contents: Data(entry.utf8))
        }
        defer { try? handle.close() }
        return (try? handle.seekToEnd()).flatMap { _ in try? handle.write(contentsOf: Data(entry.utf8)) } != nil
    }
}

/// The input being parsed, written down before the parse: when the process dies on it (a
/// crash, or the watchdog ending a hang), the next run finds it here and keeps it as a
/// regression case. One file per target under the checkout's `.build`.
final class InFlightInput {
    let path: String
    private let descriptor: Int32

    init(target: String) {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/fuzz-in-flight")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(target).path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    }

    /// Written before the input, so that an empty input is told from no input.
    private static let marker = UInt8(ascii: "!")

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// What a previous run left: the input it died on, if any.
    var leftOver: [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path), data.first == Self.marker else { return nil }
        return [UInt8](data.dropFirst())
    }

    func record(_ input: [UInt8]) {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        let marked = [Self.marker] + input
        _ = marked.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    func clear() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
    }
}
