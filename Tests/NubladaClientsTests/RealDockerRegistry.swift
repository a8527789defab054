import Crypto
import Foundation
@testable import NubladaClients
import NubladaProcess

/// Debian's `docker-registry` (CNCF distribution 2.8) on a loopback port in a scratch folder,
/// optionally behind htpasswd Basic auth, with helpers to push images through its HTTP API
/// (no docker daemon). Start and stop it from a thread of your own: both wait.
final class RealDockerRegistry: @unchecked Sendable {
    static let executable = "/usr/bin/docker-registry"
    static let user = "registry-user"
    static let password = "registry-pa55"

    let scratch = ScratchDirectory()
    let port: Int
    private let child: ChildProcess
    private let http = CurlHTTPClient()
    private let basicAuth: Bool

    var url: String { "http://127.0.0.1:\(port)" }

    init(basicAuth: Bool = false) throws {
        self.basicAuth = basicAuth
        var auth = ""
        if basicAuth {
            let hashed = try ChildProcess.run("/usr/bin/htpasswd", ["-Bbn", RealDockerRegistry.user, RealDockerRegistry.password],
                                              timeout: 30)
            guard hashed.status == 0 else { throw CredentialError("htpasswd failed: \(hashed.stderrText)") }
            let file = scratch.write("htpasswd", hashed.stdoutText)
            auth = "auth:\n  htpasswd:\n    realm: basic-realm\n    path: \(file)\n"
        }
        let config = scratch.write("config.yml", """
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: \(scratch.path)/data
            http:
              addr: 127.0.0.1:0
            \(auth)
            """)
        // The registry binds port 0 itself and logs the port it got: no port is closed here and
        // then reused there, where another process could take it between.
        child = try ChildProcess(RealDockerRegistry.executable, ["serve", config], environment: ["PATH": "/usr/bin:/bin"],
                                 standardOutput: .null, standardError: .pipe, newProcessGroup: true)
        port = try RealDockerRegistry.listeningPort(child)
        try waitUntilServing()
    }

    deinit {
        child.signal(SIGTERM)
        child.waitForExit()
    }

    /// The port of the registry's `listening on 127.0.0.1:<port>` log line (within 30 s); its
    /// standard error is then drained on a thread of its own until it exits, so its later log
    /// lines never fill the pipe.
    private static func listeningPort(_ child: ChildProcess) throws -> Int {
        guard let pipe = child.standardError else { throw CredentialError("docker-registry has no standard error pipe") }
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let match = text.firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/), let port = Int(match.1) {
                let drained = dup(pipe)
                Thread.detachNewThread {
                    var sink = [UInt8](repeating: 0, count: 4096)
                    while read(drained, &sink, sink.count) > 0 {}
                    close(drained)
                }
                return port
            }
            var ready = pollfd(fd: pipe, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 1000) >= 0 else { break }
            guard ready.revents != 0 else { continue }
            let count = read(pipe, &buffer, buffer.count)
            guard count > 0 else { break }
            text += String(decoding: buffer[..<count], as: UTF8.self)
        }
        throw CredentialError("docker-registry did not say which port it listens on: \(text.suffix(500))")
    }

    /// Polls `/v2/` until the registry answers (up to 30 s), on the calling thread.
    private func waitUntilServing() throws {
        for _ in 0..<300 {
            if let response = try? http.send(HTTPRequest(url: "\(url)/v2/")), response.status == 200 || response.status == 401 {
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw CredentialError("docker-registry did not start on \(url)")
    }

    // MARK: Pushing

    static func digest(_ bytes: Data) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    private func request(_ url: String, method: String, body: Data? = nil, contentType: String? = nil) -> HTTPRequest {
        var request = HTTPRequest(url: url)
        request.method = method
        request.body = body
        if let contentType { request.headers.append(("Content-Type", contentType)) }
        if basicAuth {
            let pair = Data("\(RealDockerRegistry.user):\(RealDockerRegistry.password)".utf8).base64EncodedString()
            request.headers.append(("Authorization", "Basic \(pair)"))
            request.carriesCredentials = true
        }
        return request
    }

    /// Uploads a blob (POST an upload, PUT it whole with its digest); returns its descriptor fields.
    func pushBlob(_ repository: String, _ bytes: Data) throws -> (digest: String, size: Int) {
        let digest = RealDockerRegistry.digest(bytes)
        let started = try http.send(request("\(url)/v2/\(repository)/blobs/uploads/", method: "POST", body: Data()))
        guard started.status == 202, let location = started.header("Location") else {
            throw CredentialError("upload not started: HTTP \(started.status)")
        }
        let target = URL(string: location, relativeTo: URL(string: url))!.absoluteString
        let separator = target.contains("?") ? "&" : "?"
        let finished = try http.send(request("\(target)\(separator)digest=\(digest)", method: "PUT", body: bytes,
                                             contentType: "application/octet-stream"))
        guard finished.status == 201 else { throw CredentialError("blob upload: HTTP \(finished.status)") }
        return (digest, bytes.count)
    }

    /// PUTs a manifest under `reference` (a tag or its digest); returns its digest.
    @discardableResult
    func pushManifest(_ repository: String, reference: String, mediaType: String, _ bytes: Data) throws -> String {
        let response = try http.send(request("\(url)/v2/\(repository)/manifests/\(reference)", method: "PUT", body: bytes,
                                             contentType: mediaType))
        guard response.status == 201 else {
            throw CredentialError("manifest \(reference): HTTP \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return RealDockerRegistry.digest(bytes)
    }

    /// An image manifest of `flavor` ("docker" or "oci") over a fresh config and layer; returns its bytes.
    func imageManifest(_ repository: String, flavor: String, marker: String, architecture: String = "amd64") throws -> (Data, String) {
        let config = try pushBlob(repository, Data("{\"architecture\":\"\(architecture)\",\"os\":\"linux\",\"config\":{\"Labels\":{\"marker\":\"\(marker)\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".utf8))
        let layer = try pushBlob(repository, Data("layer of \(marker) \(UUID().uuidString)".utf8))
        let oci = flavor == "oci"
        let mediaType = oci ? "application/vnd.oci.image.manifest.v1+json" : "application/vnd.docker.distribution.manifest.v2+json"
        let configType = oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json"
        let layerType = oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip"
        let text = """
            {"schemaVersion":2,"mediaType":"\(mediaType)","config":{"mediaType":"\(configType)","size":\(config.size),"digest":"\(config.digest)"},"layers":[{"mediaType":"\(layerType)","size":\(layer.size),"digest":"\(layer.digest)"}]}
            """
        return (Data(text.utf8), mediaType)
    }
}
