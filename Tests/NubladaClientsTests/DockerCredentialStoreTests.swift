import Foundation
import Testing
@testable import NubladaClients

/// A `docker-credential-NAME` helper script on a PATH of its own: it records its stdin and
/// prints what the test set.
struct TestDockerHelper {
    let directory: String
    let name: String

    init(in scratch: ScratchDirectory, name: String = "test", script: String) {
        self.name = name
        directory = "\(scratch.path)/bin-\(UUID().uuidString.prefix(8))"
        let path = scratch.write(String("\(directory)/docker-credential-\(name)".dropFirst(scratch.path.count + 1)), """
            #!/bin/sh
            [ "$1" = get ] || { echo "unexpected arguments: $*" >&2; exit 9; }
            cat > "$(dirname "$0")/stdin.txt"
            \(script)
            """)
        chmod(path, 0o755)
    }

    var environment: [String: String] { ["PATH": "\(directory):/usr/bin:/bin", "HOME": "/nonexistent"] }
    var stdin: String { (try? String(contentsOfFile: "\(directory)/stdin.txt", encoding: .utf8)) ?? "" }
}

@Suite("Docker credentials: config.json, helpers and the pull secret")
struct DockerCredentialStoreTests {
    let scratch = ScratchDirectory()

    func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    func store(_ json: String, environment: [String: String] = ["HOME": "/nonexistent"], pullSecret: String? = nil,
               timeout: Double = 10) -> DockerCredentialStore {
        let path = scratch.write("config-\(UUID().uuidString.prefix(6)).json", json)
        return DockerCredentialStore(dockerConfig: path, pullSecretPath: pullSecret, environment: environment, helperTimeout: timeout)
    }

    @Test("auths: auth or username/password; keys with scheme and path; exact host before parent domain") func matching() throws {
        let config = store("""
            {"auths": {
              "https://ghcr.io/v2/": {"auth": "\(base64("ghuser:ghpass"))"},
              "lsst.org": {"username": "parent", "password": "p1"},
              "ts-dockerhub.lsst.org": {"username": "exact", "password": "p2"},
              "registry.example.com:5000": {"auth": "\(base64("porty:p3:with:colons"))"},
              "https://index.docker.io/v1/": {"auth": "\(base64("hubuser:hubpass"))"}
            }}
            """)
        #expect(try config.credential(forRegistry: "ghcr.io") == .basic(username: "ghuser", password: "ghpass", origin: "auths[\"https://ghcr.io/v2/\"] in \(config.configPath!)"))
        _ = try #require(bound(config.credential(forRegistry: "ts-dockerhub.lsst.org")) { if case .basic("exact", "p2", _) = $0 { () } else { nil } }, "exact")
        _ = try #require(bound(config.credential(forRegistry: "other.lsst.org")) { if case .basic("parent", "p1", _) = $0 { () } else { nil } }, "parent")
        _ = try #require(bound(config.credential(forRegistry: "registry.example.com:5000")) { if case .basic("porty", "p3:with:colons", _) = $0 { () } else { nil } }, "port")
        #expect(try config.credential(forRegistry: "registry.example.com").isAnonymous)
        #expect(try config.credential(forRegistry: "notlsst.org").isAnonymous)
        for hub in ["docker.io", "registry.hub.docker.com", "registry-1.docker.io", "index.docker.io"] {
            _ = try #require(bound(config.credential(forRegistry: hub)) { if case .basic("hubuser", "hubpass", _) = $0 { () } else { nil } }, "hub \(hub)")
        }
    }

    @Test("config file order: --docker-config, DOCKER_CONFIG, ~/.docker; a missing default file is no credential") func fileOrder() throws {
        let dockerConfigDir = "\(scratch.path)/dc"
        scratch.write("dc/config.json", "{\"auths\": {\"ghcr.io\": {\"username\": \"fromenv\", \"password\": \"x\"}}}")
        scratch.write("home/.docker/config.json", "{\"auths\": {\"ghcr.io\": {\"username\": \"fromhome\", \"password\": \"x\"}}}")
        let fromEnv = DockerCredentialStore(environment: ["DOCKER_CONFIG": dockerConfigDir, "HOME": "\(scratch.path)/home"])
        _ = try #require(bound(fromEnv.credential(forRegistry: "ghcr.io")) { if case .basic("fromenv", _, _) = $0 { () } else { nil } }, "env")
        let fromHome = DockerCredentialStore(environment: ["HOME": "\(scratch.path)/home"])
        _ = try #require(bound(fromHome.credential(forRegistry: "ghcr.io")) { if case .basic("fromhome", _, _) = $0 { () } else { nil } }, "home")
        let none = DockerCredentialStore(environment: ["HOME": "\(scratch.path)/nowhere"])
        #expect(try none.credential(forRegistry: "ghcr.io").isAnonymous)
        let explicitMissing = DockerCredentialStore(dockerConfig: "\(scratch.path)/missing.json", environment: [:])
        #expect(throws: CredentialError.self) { try explicitMissing.credential(forRegistry: "ghcr.io") }
    }

    @Test("the controller's pull secret is read when it exists, after the docker config") func pullSecret() throws {
        let secret = scratch.write("pull-secret/.dockerconfigjson",
                                   "{\"auths\": {\"ts-dockerhub.lsst.org\": {\"auth\": \"\(base64("pull:secretpw"))\"}}}")
        let config = store("{\"auths\": {\"ghcr.io\": {\"username\": \"gh\", \"password\": \"x\"}}}", pullSecret: secret)
        let origin = try #require(bound(config.credential(forRegistry: "ts-dockerhub.lsst.org")) { if case .basic("pull", "secretpw", let origin) = $0 { origin } else { nil } }, "pull secret")
        #expect(origin.contains(secret))
        _ = try #require(bound(config.credential(forRegistry: "ghcr.io")) { if case .basic("gh", _, _) = $0 { () } else { nil } }, "config first")
        let absent = store("{}", pullSecret: "\(scratch.path)/no-such-secret")
        #expect(try absent.credential(forRegistry: "ts-dockerhub.lsst.org").isAnonymous)
    }

    @Test("malformed config.json: one line naming the file, never the secret") func malformed() {
        let cases = ["{not json", "[1]", "{\"auths\": 3}", "{\"auths\": {\"ghcr.io\": {\"auth\": \"%%%notbase64-s3cr3t\"}}}",
                     "{\"credHelpers\": {\"ghcr.io\": 7}}", "{\"auths\": {\"ghcr.io\": {\"password\": 12}}}"]
        for text in cases {
            let config = store(text)
            do {
                _ = try config.credential(forRegistry: "ghcr.io")
                Issue.record("no error for \(text)")
            } catch {
                let message = "\(error)"
                #expect(message.hasPrefix("malformed docker config \(config.configPath!)"))
                #expect(!message.contains("\n"))
                #expect(!message.contains("s3cr3t"))
            }
        }
    }

    @Test("credHelpers: the helper gets the host on stdin; Docker Hub gets its v1 URL; <token> is an identity token") func helperSuccess() throws {
        let helper = TestDockerHelper(in: scratch, script: """
            host=$(cat "$(dirname "$0")/stdin.txt")
            if [ "$host" = ghcr.io ]; then echo '{"ServerURL":"ghcr.io","Username":"helperuser","Secret":"helper-secret"}'; exit 0; fi
            echo '{"ServerURL":"x","Username":"<token>","Secret":"identity-secret"}'
            """)
        let config = store("{\"credHelpers\": {\"ghcr.io\": \"test\", \"registry.hub.docker.com\": \"test\"}}",
                           environment: helper.environment)
        let origin = try #require(bound(config.credential(forRegistry: "ghcr.io")) { if case .basic("helperuser", "helper-secret", let origin) = $0 { origin } else { nil } }, "helper")
        #expect(origin.contains("docker-credential-test"))
        #expect(helper.stdin == "ghcr.io")
        _ = try #require(bound(config.credential(forRegistry: "registry.hub.docker.com")) { if case .identityToken("identity-secret", _) = $0 { () } else { nil } }, "identity token")
        #expect(helper.stdin == "https://index.docker.io/v1/")
    }

    @Test("credsStore: 'credentials not found' falls back to auths, then anonymous") func helperNotFound() throws {
        let helper = TestDockerHelper(in: scratch, script: "echo 'credentials not found in native keychain'; exit 1")
        let config = store("{\"credsStore\": \"test\", \"auths\": {\"ghcr.io\": {\"username\": \"fallback\", \"password\": \"x\"}}}",
                           environment: helper.environment)
        _ = try #require(bound(config.credential(forRegistry: "ghcr.io")) { if case .basic("fallback", _, _) = $0 { () } else { nil } }, "fallback")
        #expect(try config.credential(forRegistry: "quay.io").isAnonymous)
    }

    @Test("a helper that fails, is missing, prints nonsense or hangs: one line naming the helper") func helperFailures() throws {
        let failing = TestDockerHelper(in: scratch, name: "failing", script: "echo 'keychain locked' >&2; exit 4")
        let nonsense = TestDockerHelper(in: scratch, name: "nonsense", script: "echo 'Secret: leaked-secret'")
        let hanging = TestDockerHelper(in: scratch, name: "hanging", script: "exec sleep 30")
        let cases: [(TestDockerHelper?, String, String)] = [
            (failing, "failing", "failed with exit status 4: keychain locked"),
            (nil, "absent", "docker-credential-absent (credHelpers in"),
            (nonsense, "nonsense", "printed no {ServerURL, Username, Secret} object"),
            (hanging, "hanging", "did not finish within"),
        ]
        for (helper, name, expected) in cases {
            let config = store("{\"credHelpers\": {\"ghcr.io\": \"\(name)\"}}",
                               environment: helper?.environment ?? ["PATH": "/usr/bin:/bin"], timeout: 0.5)
            do {
                _ = try config.credential(forRegistry: "ghcr.io")
                Issue.record("no error for \(name)")
            } catch {
                let message = "\(error)"
                #expect(message.contains("docker-credential-\(name)"))
                #expect(message.contains(expected), "\(message)")
                #expect(!message.contains("\n"))
                #expect(!message.contains("leaked-secret"))
            }
        }
    }
}
