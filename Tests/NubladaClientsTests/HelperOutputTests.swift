import Foundation
import Testing
@testable import NubladaClients

/// What every credential helper prints (a kubeconfig exec plugin, a docker-credential-*
/// helper, gcloud) goes through the same scrubber before it reaches a message, and only so
/// much of it is read; one run of an exec plugin serves every request waiting for it.
@Suite("Credential helper output: one scrubber, a bound, one run shared", .serialized)
struct HelperOutputTests {
    /// A GitHub token and a JWT, as an expired-token message carries them.
    static let githubToken = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf1234"
    static let jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXBhcnQ"
    static let leakyMessage = "error: token \(githubToken) expired; Authorization: Bearer \(jwt)"

    /// An exec plugin script that appends a line to `runs` each time it starts, then runs `body`.
    static func plugin(in scratch: ScratchDirectory, body: String) -> (path: String, runs: () -> Int) {
        let directory = "plugin-\(UUID().uuidString.prefix(8))"
        let path = scratch.write("\(directory)/counting-plugin", """
            #!/bin/sh
            echo run >> "$(dirname "$0")/runs"
            \(body)
            """)
        chmod(path, 0o755)
        let runs = { ((try? String(contentsOfFile: "\(scratch.path)/\(directory)/runs", encoding: .utf8)) ?? "").split(separator: "\n").count }
        return (path, runs)
    }

    static func execUser(_ path: String) -> String {
        "    exec: {apiVersion: client.authentication.k8s.io/v1, command: \(path), interactiveMode: Never}"
    }

    static let credentialJSON = #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"kube-token"}}"#

    /// Runs `body` on `count` threads at once and returns each one's error (nil: it succeeded).
    static func concurrently(_ count: Int, _ body: @escaping @Sendable () throws -> Void) -> [String?] {
        let results = ResultsBox(count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do { try body(); results.set(index, nil) } catch { results.set(index, "\(error)") }
        }
        return results.values
    }

    final class ResultsBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String?]
        init(_ count: Int) { stored = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: String?) { lock.withLock { stored[index] = value } }
        var values: [String?] { lock.withLock { stored } }
    }

    // MARK: One run shared

    @Test("requests at the same time share one run of the plugin") func concurrentRequestsShareOneRun() throws {
        let harness = try StandInHarness(nodes: 3)
        let plugin = Self.plugin(in: harness.scratch, body: "sleep 1\necho '\(Self.credentialJSON)'")
        let client = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin.path)))
        let errors = Self.concurrently(4) { _ = try client.listNodes(labelSelector: "") }
        #expect(errors.allSatisfy { $0 == nil }, "\(errors)")
        #expect(plugin.runs() == 1)
    }

    @Test("a failing plugin runs once for requests at the same time, and each gets its message")
    func concurrentRequestsShareOneFailure() throws {
        let harness = try StandInHarness(nodes: 3)
        let plugin = Self.plugin(in: harness.scratch, body: "sleep 1\necho 'not logged in' >&2\nexit 3")
        let client = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin.path)))
        let errors = Self.concurrently(4) { _ = try client.listNodes(labelSelector: "") }
        for error in errors {
            #expect(error?.contains("exec plugin counting-plugin failed (exit 3): not logged in") == true, "\(String(describing: error))")
        }
        #expect(plugin.runs() == 1)
        // Later requests of the same refresh are told the same, without a run.
        #expect(throws: (any Error).self) { try client.listNodes(labelSelector: "") }
        #expect(plugin.runs() == 1)
        // The next refresh tries again.
        client.forgetCredentialFailure()
        #expect(throws: (any Error).self) { try client.listNodes(labelSelector: "") }
        #expect(plugin.runs() == 2)
    }

    @Test("requests refused at the same time (401) share one new run of the plugin") func concurrentRefusalsShareOneRun() throws {
        let harness = try StandInHarness(nodes: 3)
        // The first run's token is refused; the later runs' is accepted.
        let plugin = Self.plugin(in: harness.scratch, body: """
            sleep 0.5
            if [ "$(wc -l < "$(dirname "$0")/runs")" -eq 1 ]; then token=stale-token-c0ffee; else token=kube-token; fi
            echo '\(Self.credentialJSON)' | sed "s/kube-token/$token/"
            """)
        let client = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin.path)))
        let errors = Self.concurrently(6) { _ = try client.listNodes(labelSelector: "") }
        #expect(errors.allSatisfy { $0 == nil }, "\(errors)")
        #expect(plugin.runs() == 2)
    }

    // MARK: One scrubber

    @Test("a docker credential helper's message is scrubbed like an exec plugin's",
          arguments: ["stderr", "stdout"])
    func dockerHelperMessageScrubbed(stream: String) throws {
        let redirect = stream == "stderr" ? " >&2" : ""
        let text = try #require(Self.dockerHelperError(name: "xyz", script: "echo '\(Self.leakyMessage)'\(redirect); exit 1"))
        #expect(text.contains("docker-credential-xyz"), "\(text)")
        #expect(text.contains("error: token [redacted] expired; Authorization: Bearer [redacted]"), "\(text)")
        #expect(!text.contains("ghp_") && !text.contains("R4nd0mT0k3n") && !text.contains("eyJ"), "\(text)")
        #expect(!text.contains("\n"))
    }

    @Test("the scrubber: known token shapes, the word after Bearer, Basic or a secret's name, a URL's password")
    func scrubberShapes() {
        #expect(HelperMessage.summary("error: token ghp_abc123 expired") == "error: token [redacted] expired")
        #expect(HelperMessage.summary("Authorization: Bearer abc.def") == "Authorization: Bearer [redacted]")
        #expect(HelperMessage.summary("Authorization: Basic dXNlcjpwYXNz") == "Authorization: Basic [redacted]")
        #expect(HelperMessage.summary("password: hunter2 rejected") == "password: [redacted] rejected")
        #expect(HelperMessage.summary("--token=s3cr3t bad") == "--token=[redacted] bad")
        #expect(HelperMessage.summary(#"failed {"ServerURL":"ghcr.io","Username":"u","Secret":"pw"}"#)
                == #"failed {"ServerURL":"ghcr.io","Username":"u","Secret":[redacted]"#)
        #expect(HelperMessage.summary(#"failed {"Secret": "pw"}"#) == #"failed {"Secret": [redacted]"#)
        #expect(HelperMessage.summary("GET https://x.example/t?access_token=abc&scope=y refused")
                == "GET https://x.example/t?access_token=[redacted] refused")
        #expect(HelperMessage.summary("cannot reach https://user:pa55@registry.example.org/v2/")
                == "cannot reach https://[redacted]@registry.example.org/v2/")
        #expect(HelperMessage.summary("glpat-abcdefghij12345 xoxb-1234-abcd AKIAIOSFODNN7EXAMPLE") == "[redacted] [redacted] [redacted]")
        // Pieces of a plugin's output quoted in an error (a kind, a timestamp) go through it too.
        #expect(HelperMessage.quote("ExecCredential ghp_abc123\u{1B}]0;title\u{7}") == "ExecCredential [redacted] ]0;title")
        #expect(HelperMessage.quote("2026-13-45T99:00:00Z") == "2026-13-45T99:00:00Z")
        #expect(HelperMessage.quote("") == "(none)")
        // Ordinary messages are left alone.
        for plain in ["credentials not found in native keychain", "error getting credentials: exit status 1",
                      "ERROR: (gcloud.auth.print-access-token) no account", "image ghcr.io/lsst-sqre/sciplat-lab@sha256:abc not found",
                      "error: token expired; run docker login", "see https://cloud.google.com/docs/authentication"] {
            #expect(HelperMessage.summary(plain) == plain)
        }
    }

    @Test("an exec plugin's and gcloud's identical message are scrubbed the same way") func sameScrubberEverywhere() throws {
        let harness = try StandInHarness(nodes: 1)
        let plugin = Self.plugin(in: harness.scratch, body: "echo '\(Self.leakyMessage)' >&2\nexit 1")
        let gcloud = harness.scratch.write("gcloud", "#!/bin/sh\necho '\(Self.leakyMessage)' >&2\nexit 1\n")
        chmod(gcloud, 0o755)
        var texts: [String] = []
        do {
            _ = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin.path))).listNodes(labelSelector: "")
        } catch { texts.append("\(error)") }
        do { _ = try GcloudTokens(executable: gcloud).token() } catch { texts.append("\(error)") }
        #expect(texts.count == 2)
        for text in texts {
            #expect(!text.contains("ghp_") && !text.contains("eyJ"), "\(text)")
            #expect(text.contains("error: token [redacted] expired; Authorization: Bearer [redacted]"), "\(text)")
        }
    }

    // MARK: A bound on what is read

    @Test("an exec plugin printing 200 MB is stopped: one line saying its output was too large")
    func execPluginFloodStopped() throws {
        let harness = try StandInHarness(nodes: 1)
        let plugin = Self.plugin(in: harness.scratch, body: "head -c 200000000 /dev/zero")
        do {
            _ = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin.path))).listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("exec plugin counting-plugin"), "\(text)")
            #expect(text.contains("printed more than 1 MiB on standard output"), "\(text)")
            #expect(!text.contains("\n"))
        }
    }

    @Test("a docker credential helper flooding stdout or stderr is stopped: one line saying so",
          arguments: ["standard output", "standard error"])
    func dockerHelperFloodStopped(stream: String) throws {
        let redirect = stream == "standard error" ? " >&2" : ""
        let text = try #require(Self.dockerHelperError(name: "flood", script: "head -c 200000000 /dev/zero\(redirect); exit 1"))
        #expect(text.contains("docker-credential-flood"), "\(text)")
        #expect(text.contains("printed more than 1 MiB on \(stream)"), "\(text)")
        #expect(!text.contains("\n"))
    }

    /// The error of asking `docker-credential-NAME` (running `script`) for ghcr.io, or nil when
    /// there was none.
    static func dockerHelperError(name: String, script: String) -> String? {
        let scratch = ScratchDirectory()
        let helper = TestDockerHelper(in: scratch, name: name, script: script)
        let config = scratch.write("config.json", "{\"credHelpers\": {\"ghcr.io\": \"\(name)\"}}")
        let store = DockerCredentialStore(dockerConfig: config, pullSecretPath: nil, environment: helper.environment, helperTimeout: 30)
        do {
            _ = try store.credential(forRegistry: "ghcr.io")
            return nil
        } catch {
            return "\(error)"
        }
    }
}
