import Foundation
import NubladaProcess

/// What a `curl` run returned.
struct CurlResult: Sendable {
    /// The HTTP status (0 when no response arrived).
    var status: Int
    var body: Data
    /// curl's exit code (0 on a completed transfer, 7 connection refused, 35 or 56 TLS failure,
    /// 60 certificate not verified).
    var exitCode: Int32
    var stderr: String

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (nil when it does not parse).
    var object: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
}

/// Runs `/usr/bin/curl` against the stand-in, waiting on a thread of its own, never the concurrency pool.
enum Curl {
    static func get(_ url: String, token: String? = nil, caFile: URL? = nil, certificate: URL? = nil,
                    key: URL? = nil, method: String? = nil, extra: [String] = []) async throws -> CurlResult
    {
        let directory = FileManager.default.temporaryDirectory
        let bodyFile = directory.appendingPathComponent("standin-curl-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: bodyFile) }
        var arguments = ["-s", "-S", "--max-time", "60", "-o", bodyFile.path, "-w", "%{http_code}"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let caFile { arguments += ["--cacert", caFile.path] }
        if let certificate { arguments += ["--cert", certificate.path] }
        if let key { arguments += ["--key", key.path] }
        if let method { arguments += ["-X", method] }
        arguments += extra
        arguments.append(url)

        let output = try await ChildProcess.runDetached("/usr/bin/curl", arguments, timeout: 90)
        let statusText = output.stdoutText
        let stderr = output.stderrText
        let exitCode = output.status
        let body = (try? Data(contentsOf: bodyFile)) ?? Data()
        return CurlResult(status: Int(statusText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, body: body,
                          exitCode: exitCode, stderr: stderr)
    }

    /// Writes `text` to a new temporary file (a PEM for `--cacert`, `--cert` or `--key`).
    static func temporaryFile(_ text: String, suffix: String = ".pem") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("standin-\(UUID().uuidString)\(suffix)")
        try Data(text.utf8).write(to: url)
        return url
    }
}
