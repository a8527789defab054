import Foundation
import Testing
@testable import NubladaClients
import NubladaStandIn

@Suite("kubeconfig credentials against the stand-in", .serialized)
struct CredentialKubeconfigTests {
    static func execUser(_ plugin: TestExecPlugin, apiVersion: String = "client.authentication.k8s.io/v1",
                         extra: String = "") -> String {
        """
            exec:
              apiVersion: \(apiVersion)
              command: \(plugin.path)
              args: [--cluster, standin, "two words"]
              env:
              - {name: PLUGIN_GREETING, value: hello}
              interactiveMode: Never
        \(extra)
        """
    }

    @Test("exec plugin (v1): token, args, env and KUBERNETES_EXEC_INFO; cached until expirationTimestamp")
    func execToken() throws {
        let harness = try StandInHarness(nodes: 5)
        let plugin = TestExecPlugin(in: harness.scratch)
        plugin.respond(token: "kube-token", expires: Date() + 3600)
        let path = harness.kubeconfig(user: Self.execUser(plugin, extra: "      provideClusterInfo: true"))
        let client = try harness.kubernetesClient(kubeconfig: path)
        #expect(client.connection.credentialDescription == "exec plugin test-auth-plugin")
        #expect(try client.listNodes(labelSelector: "").count == 5)
        #expect(try client.listNodes(labelSelector: "").count == 5)
        #expect(plugin.runs == 1)
        #expect(plugin.file("args.txt") == "--cluster\nstandin\ntwo words\n")
        #expect(plugin.file("env.txt") == "hello")
        let info = try #require(try JSONSerialization.jsonObject(with: Data(plugin.file("exec-info.json").utf8)) as? [String: Any])
        #expect(info["apiVersion"] as? String == "client.authentication.k8s.io/v1")
        #expect(info["kind"] as? String == "ExecCredential")
        let spec = try #require(info["spec"] as? [String: Any])
        #expect(spec["interactive"] as? Bool == false)
        let cluster = try #require(spec["cluster"] as? [String: Any])
        #expect(cluster["server"] as? String == harness.server.kubernetesURL)
        #expect(cluster["certificate-authority-data"] as? String == Data(harness.server.caCertificatePEM.utf8).base64EncodedString())
    }

    @Test("exec plugin without provideClusterInfo gets no cluster; v1beta1 works too") func execBeta() throws {
        let harness = try StandInHarness(nodes: 3)
        let plugin = TestExecPlugin(in: harness.scratch)
        plugin.respond(apiVersion: "client.authentication.k8s.io/v1beta1", token: "kube-token")
        let path = harness.kubeconfig(user: Self.execUser(plugin, apiVersion: "client.authentication.k8s.io/v1beta1"))
        let client = try harness.kubernetesClient(kubeconfig: path)
        #expect(try client.listNodes(labelSelector: "").count == 3)
        let info = try #require(try JSONSerialization.jsonObject(with: Data(plugin.file("exec-info.json").utf8)) as? [String: Any])
        #expect((info["spec"] as? [String: Any])?["cluster"] == nil)
        // No expirationTimestamp: the credential is kept until a 401.
        _ = try client.listNodes(labelSelector: "")
        #expect(plugin.runs == 1)
    }

    @Test("an expired exec credential makes the plugin run again") func execExpiry() throws {
        let harness = try StandInHarness(nodes: 3)
        let plugin = TestExecPlugin(in: harness.scratch)
        plugin.respond(token: "kube-token", expires: Date() - 60)
        let client = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin)))
        _ = try client.listNodes(labelSelector: "")
        _ = try client.listNodes(labelSelector: "")
        #expect(plugin.runs == 2)
    }

    @Test("an exec credential is re-fetched once its expiry (less 5 minutes) passes on the clock") func execClock() throws {
        let scratch = ScratchDirectory()
        let plugin = TestExecPlugin(in: scratch)
        plugin.respond(token: "t", expires: Date() + 3600)
        let clock = TestClock()
        let exec = ExecCredentialPlugin(
            configuration: ExecPluginConfiguration(apiVersion: "client.authentication.k8s.io/v1", command: plugin.path),
            cluster: ExecClusterInfo(server: "https://example.invalid"), environment: ["PATH": "/usr/bin:/bin"],
            now: clock.now)
        _ = try exec.credential()
        clock.advance(3000)
        _ = try exec.credential()
        #expect(plugin.runs == 1)
        clock.advance(400)
        _ = try exec.credential()
        #expect(plugin.runs == 2)
    }

    @Test("a 401 makes the plugin run again, and the new token is used") func execRerunOn401() throws {
        let harness = try StandInHarness(nodes: 4)
        let plugin = TestExecPlugin(in: harness.scratch)
        plugin.respond(token: "stale-token-c0ffee", expires: Date() + 3600, run: 1)
        plugin.respond(token: "kube-token", expires: Date() + 3600)
        let client = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin)))
        #expect(try client.listNodes(labelSelector: "").count == 4)
        #expect(plugin.runs == 2)
    }

    @Test("a plugin whose token keeps being refused: 401 names the plugin, not the token") func execRefused() throws {
        let harness = try StandInHarness()
        let plugin = TestExecPlugin(in: harness.scratch)
        plugin.respond(token: "refused-token-9f1e", expires: Date() + 3600)
        let client = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin)))
        do {
            _ = try client.listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("unauthorized (401)"))
            #expect("\(error)".contains("exec plugin test-auth-plugin"))
            #expect(!"\(error)".contains("refused-token-9f1e"))
        }
        #expect(plugin.runs == 2)
    }

    @Test("exec plugin (v1beta1) giving a client certificate and key") func execClientCertificate() throws {
        let harness = try StandInHarness(nodes: 3, clientCertificates: .optional)
        let issued = try harness.tls.issueClientCertificate(commonName: "admin", organization: "system:masters")
        let plugin = TestExecPlugin(in: harness.scratch)
        plugin.respond(apiVersion: "client.authentication.k8s.io/v1beta1", certificatePEM: issued.certPEM,
                       keyPEM: issued.keyPEM, expires: Date() + 3600)
        let path = harness.kubeconfig(user: Self.execUser(plugin, apiVersion: "client.authentication.k8s.io/v1beta1"))
        let client = try harness.kubernetesClient(kubeconfig: path)
        #expect(try client.listNodes(labelSelector: "").count == 3)
        #expect(plugin.runs == 1)
        // Without the certificate (and without a token) the stand-in refuses.
        #expect(throws: KubernetesError.self) {
            try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: "    username: nobody", name: "anon"))
                .listNodes(labelSelector: "")
        }
    }

    @Test("a missing plugin shows its installHint") func execMissing() throws {
        let harness = try StandInHarness()
        let path = harness.kubeconfig(user: """
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: gke-gcloud-auth-plugin
                  installHint: Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
                  provideClusterInfo: true
            """)
        do {
            _ = try harness.kubernetesClient(kubeconfig: path, environment: ["PATH": harness.scratch.path]).listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "exec plugin gke-gcloud-auth-plugin not found: Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin")
        }
    }

    @Test("interactiveMode Always is refused: the plugin would need a terminal") func execInteractive() throws {
        let harness = try StandInHarness()
        let plugin = TestExecPlugin(in: harness.scratch)
        plugin.respond(token: "kube-token")
        let user = Self.execUser(plugin).replacingOccurrences(of: "interactiveMode: Never", with: "interactiveMode: Always")
        do {
            _ = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: user)).listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("exec plugin test-auth-plugin needs an interactive terminal"))
        }
        #expect(plugin.runs == 0)
        // IfAvailable runs it without stdin.
        let ifAvailable = Self.execUser(plugin).replacingOccurrences(of: "interactiveMode: Never", with: "interactiveMode: IfAvailable")
        #expect(throws: Never.self) {
            try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: ifAvailable, name: "k2")).listNodes(labelSelector: "")
        }
    }

    @Test("a failing plugin, bad output and a mismatched apiVersion are named") func execFailures() throws {
        let harness = try StandInHarness()
        let plugin = TestExecPlugin(in: harness.scratch)
        let failing = Self.execUser(plugin).replacingOccurrences(of: "value: hello}", with: "value: hello}\n      - {name: PLUGIN_FAIL, value: not logged in}")
        do {
            _ = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: failing)).listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "exec plugin test-auth-plugin failed (exit 3): plugin: not logged in; run it by hand to log in again or see why")
        }
        plugin.respond(apiVersion: "client.authentication.k8s.io/v1beta1", token: "secret-in-output-4411")
        do {
            _ = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin), name: "k2")).listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("answered apiVersion client.authentication.k8s.io/v1beta1 but the kubeconfig asks for client.authentication.k8s.io/v1"))
            #expect(!"\(error)".contains("secret-in-output-4411"))
        }
        FileManager.default.createFile(atPath: "\(plugin.directory)/credential.json", contents: Data("token: secret-in-output-4411".utf8))
        do {
            _ = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: Self.execUser(plugin), name: "k3")).listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("printed no ExecCredential JSON"))
            #expect(!"\(error)".contains("secret-in-output-4411"))
        }
    }

    @Test("a relative command resolves against the kubeconfig's folder") func execRelative() throws {
        let harness = try StandInHarness(nodes: 2)
        let plugin = TestExecPlugin(in: harness.scratch)
        plugin.respond(token: "kube-token")
        let relative = "./" + String(plugin.path.dropFirst(harness.scratch.path.count + 1))
        let user = Self.execUser(plugin).replacingOccurrences(of: "command: \(plugin.path)", with: "command: \(relative)")
        #expect(try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: user)).listNodes(labelSelector: "").count == 2)
    }

    @Test("client certificate and key from files and from -data") func clientCertificate() throws {
        let harness = try StandInHarness(nodes: 3, clientCertificates: .required)
        let issued = try harness.tls.issueClientCertificate(commonName: "admin")
        harness.scratch.write("certs/admin.crt", issued.certPEM)
        harness.scratch.write("certs/admin.key", issued.keyPEM)
        let fromFiles = harness.kubeconfig(user: """
                client-certificate: certs/admin.crt
                client-key: certs/admin.key
            """, name: "from-files")
        let client = try harness.kubernetesClient(kubeconfig: fromFiles)
        #expect(client.connection.credentialDescription == "client certificate")
        #expect(try client.listNodes(labelSelector: "").count == 3)
        let fromData = harness.kubeconfig(user: """
                client-certificate-data: \(Data(issued.certPEM.utf8).base64EncodedString())
                client-key-data: \(Data(issued.keyPEM.utf8).base64EncodedString())
            """, name: "from-data")
        #expect(try harness.kubernetesClient(kubeconfig: fromData).listNodes(labelSelector: "").count == 3)
        // Without a certificate, the handshake fails.
        do {
            _ = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: "    token: kube-token", name: "none"))
                .listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("127.0.0.1"))
        }
    }

    @Test("tls-server-name is the name verified, while the connection goes to the server's address") func tlsServerName() throws {
        let harness = try StandInHarness(nodes: 2)
        // The stand-in's certificate names localhost and 127.0.0.1.
        let good = harness.kubeconfig(user: "    token: kube-token", cluster: "    tls-server-name: localhost", name: "good")
        let connection = try KubeConfigLoader.connection(kubeconfig: good, context: nil, environment: [:])
        #expect(connection.tls.serverName == "localhost")
        #expect(try KubernetesClient(connection: connection).listNodes(labelSelector: "").count == 2)
        let bad = harness.kubeconfig(user: "    token: kube-token", cluster: "    tls-server-name: apiserver.example.invalid",
                                     name: "bad")
        do {
            _ = try harness.kubernetesClient(kubeconfig: bad).listNodes(labelSelector: "")
            Issue.record("the certificate was accepted for a name it does not hold")
        } catch {
            #expect("\(error)".contains("TLS failure with 127.0.0.1"))
        }
        var request = HTTPRequest(url: "https://10.0.0.1:6443/api")
        request.tls.serverName = "kubernetes.default"
        let (url, connectTo) = ServerNameOverride.apply(request)
        #expect(url == "https://kubernetes.default:6443/api")
        #expect(connectTo == "kubernetes.default:6443:10.0.0.1:6443")
    }

    @Test("proxy-url is read into the connection") func proxyURL() throws {
        let harness = try StandInHarness()
        let path = harness.kubeconfig(user: "    token: kube-token", cluster: "    proxy-url: http://127.0.0.1:3128")
        #expect(try KubeConfigLoader.connection(kubeconfig: path, context: nil, environment: [:]).proxy == "http://127.0.0.1:3128")
    }

    @Test("basic auth: a wrong password is refused and never shown") func basic() throws {
        let harness = try StandInHarness()
        let path = harness.kubeconfig(user: "    username: admin\n    password: planted-password-5e6f")
        let client = try harness.kubernetesClient(kubeconfig: path)
        #expect(client.connection.credentialDescription == "basic auth as admin")
        do {
            _ = try client.listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("unauthorized (401)"))
            #expect(!"\(error)".contains("planted-password-5e6f"))
        }
    }

    @Test("in-cluster: the service-account token file is re-read on every request (rotation)") func tokenRotation() throws {
        let harness = try StandInHarness(nodes: 3)
        let port = try #require(URL(string: harness.server.kubernetesURL)?.port)
        harness.scratch.write("sa/token", "old-rotated-token")
        harness.scratch.write("sa/ca.crt", harness.server.caCertificatePEM)
        let connection = try KubeConfigLoader.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "\(port)"],
            secretsDirectory: "\(harness.scratch.path)/sa")
        let client = KubernetesClient(connection: connection)
        do {
            _ = try client.listNodes(labelSelector: "")
            Issue.record("the old token was accepted")
        } catch {
            #expect("\(error)".contains("token file \(harness.scratch.path)/sa/token"))
            #expect(!"\(error)".contains("old-rotated-token"))
        }
        harness.scratch.write("sa/token", "kube-token\n")
        #expect(try client.listNodes(labelSelector: "").count == 3)
    }

    @Test("the removed gcp auth-provider gets a message with the fix") func authProvider() throws {
        let harness = try StandInHarness()
        let path = harness.kubeconfig(user: "    auth-provider: {name: gcp, config: {access-token: planted-ya29}}")
        do {
            _ = try KubeConfigLoader.connection(kubeconfig: path, context: nil, environment: [:])
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("auth-provider gcp"))
            #expect("\(error)".contains("gke-gcloud-auth-plugin"))
            #expect(!"\(error)".contains("planted-ya29"))
        }
    }
}
