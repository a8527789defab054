import Foundation
import Testing
@testable import NubladaClients

@Suite("kubeconfig")
struct KubeConfigTests {
    static func kubeconfig(server: String = "https://127.0.0.1:6443", current: String? = "main", extra: String = "") -> String {
        """
        apiVersion: v1
        kind: Config
        \(current.map { "current-context: \($0)" } ?? "")
        clusters:
        - name: prod
          cluster:
            server: \(server)
            certificate-authority: ca.pem
        users:
        - name: admin
          user:
            tokenFile: token.txt
        contexts:
        - name: main
          context: {cluster: prod, user: admin}
        \(extra)
        """
    }

    @Test("relative paths resolve against the kubeconfig's folder") func relativePaths() throws {
        let scratch = ScratchDirectory()
        scratch.write("kube/ca.pem", "CA PEM")
        scratch.write("kube/token.txt", "secret-token\n")
        let path = scratch.write("kube/config", Self.kubeconfig())
        let connection = try KubeConfigLoader.connection(kubeconfig: path, context: nil, environment: [:])
        #expect(connection.server == "https://127.0.0.1:6443")
        #expect(connection.tls.certificateAuthorityPEM == Data("CA PEM".utf8))
        let tokenPath = try #require(bound(connection.authentication) { if case .tokenFile(let tokenPath) = $0 { tokenPath } else { nil } }, "expected a token file")
        #expect(tokenPath == "\(scratch.path)/kube/token.txt")
        #expect(connection.contextName == "main")
        #expect(!connection.credentialDescription.contains("secret-token"))
    }

    @Test("KUBECONFIG lists several files; the first definition of a name wins") func merging() throws {
        let scratch = ScratchDirectory()
        scratch.write("ca.pem", "CA")
        scratch.write("token.txt", "t")
        let first = scratch.write("a.yaml", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: prod
              cluster: {server: "https://first.example:443", insecure-skip-tls-verify: true}
            """)
        let second = scratch.write("b.yaml", Self.kubeconfig(server: "https://second.example:443"))
        let connection = try KubeConfigLoader.connection(
            kubeconfig: nil, context: nil, environment: ["KUBECONFIG": "\(first):\(second)"])
        #expect(connection.server == "https://first.example:443")
        #expect(connection.tls.insecureSkipVerify)
    }

    @Test("--context picks another context; unknown ones are named") func contexts() throws {
        let scratch = ScratchDirectory()
        scratch.write("ca.pem", "CA")
        scratch.write("token.txt", "t")
        let path = scratch.write("config", Self.kubeconfig(extra: """
            - name: other
              context: {cluster: prod}
            """))
        let other = try KubeConfigLoader.connection(kubeconfig: path, context: "other", environment: [:])
        #expect(other.contextName == "other")
        #expect(other.credentialDescription == "no credentials")
        do {
            _ = try KubeConfigLoader.connection(kubeconfig: path, context: "nope", environment: [:])
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "kubeconfig \(path): no context named \"nope\"")
        }
    }

    @Test("a missing kubeconfig and one without current-context") func missing() throws {
        do {
            _ = try KubeConfigLoader.connection(kubeconfig: "/nonexistent/kubeconfig", context: nil, environment: [:])
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "kubeconfig /nonexistent/kubeconfig: no such file")
        }
        let scratch = ScratchDirectory()
        let path = scratch.write("config", Self.kubeconfig(current: nil))
        #expect(throws: ConfigError.self) { try KubeConfigLoader.connection(kubeconfig: path, context: nil, environment: [:]) }
    }

    @Test("in-cluster configuration from the service account") func inCluster() throws {
        let scratch = ScratchDirectory()
        scratch.write("sa/token", "sa-token")
        scratch.write("sa/ca.crt", "CA")
        let connection = try KubeConfigLoader.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"],
            secretsDirectory: "\(scratch.path)/sa")
        #expect(connection.server == "https://10.0.0.1:443")
        #expect(connection.tls.certificateAuthorityPEM == Data("CA".utf8))
    }
}
