import Foundation
import Testing
@testable import NubladaClients
import NubladaStandIn

@Suite("Proxies: a kubeconfig's proxy-url, and the environment's")
struct ProxyTests {
    static let proxyPassword = "planted-proxy-pass-93d1"

    @Test("proxy-url: the node list goes through the proxy's CONNECT tunnel, TLS verified end to end")
    func tunnel() throws {
        let harness = try StandInHarness(nodes: 5)
        let proxy = try ConnectProxy()
        let path = harness.kubeconfig(user: "    token: kube-token", cluster: "    proxy-url: \(proxy.url)")
        let nodes = try harness.kubernetesClient(kubeconfig: path).listNodes(labelSelector: "")
        #expect(nodes.count == 5)
        let port = URL(string: harness.server.kubernetesURL)?.port ?? 0
        #expect(proxy.requests.first == "CONNECT 127.0.0.1:\(port) HTTP/1.1")
    }

    @Test("proxy credentials in proxy-url reach the proxy and are never shown")
    func credentials() throws {
        let harness = try StandInHarness(nodes: 3)
        let proxy = try ConnectProxy(credentials: "nubla:\(Self.proxyPassword)")
        let proxyURL = "http://nubla:\(Self.proxyPassword)@127.0.0.1:\(proxy.port)"
        let path = harness.kubeconfig(user: "    token: kube-token", cluster: "    proxy-url: \(proxyURL)")
        #expect(try harness.kubernetesClient(kubeconfig: path).listNodes(labelSelector: "").count == 3)

        let side = AuthCheck.kubernetes(AuthCheck.client(kubeconfig: path, context: nil, environment: [:]))
        #expect(side.ok)
        let rows = side.rows.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
        #expect(rows.contains("proxy: http://127.0.0.1:\(proxy.port)"), "\(rows)")
        #expect(!rows.contains(Self.proxyPassword))

        // Wrong credentials: the proxy's 407 is an error that names the proxy, not the password.
        let wrong = harness.kubeconfig(user: "    token: kube-token",
                                       cluster: "    proxy-url: http://nubla:wrong-\(Self.proxyPassword)@127.0.0.1:\(proxy.port)",
                                       name: "kubeconfig-wrong")
        do {
            _ = try harness.kubernetesClient(kubeconfig: wrong).listNodes(labelSelector: "")
            Issue.record("a 407 from the proxy was not an error")
        } catch {
            let message = "\(error)"
            #expect(message.contains("through proxy http://127.0.0.1:\(proxy.port)"), "\(message)")
            #expect(message.contains("407"), "\(message)")
            #expect(!message.contains(Self.proxyPassword))
        }
    }

    @Test("a proxy that is not there is named in the error")
    func unreachableProxy() throws {
        let harness = try StandInHarness(nodes: 1)
        let path = harness.kubeconfig(user: "    token: kube-token", cluster: "    proxy-url: http://127.0.0.1:9")
        #expect {
            _ = try harness.kubernetesClient(kubeconfig: path).listNodes(labelSelector: "")
        } throws: { error in
            "\(error)".contains("through proxy http://127.0.0.1:9")
        }
    }

    @Test("which proxy libcurl is told to use")
    func curlOption() {
        // The environment (nil: libcurl reads https_proxy, no_proxy…), except for loopback.
        #expect(ProxyChoice.environment.curlOption(host: "artifactregistry.googleapis.com") == nil)
        #expect(ProxyChoice.environment.curlOption(host: "127.0.0.1") == "")
        #expect(ProxyChoice.environment.curlOption(host: "localhost") == "")
        #expect(ProxyChoice.direct.curlOption(host: "metadata.google.internal") == "")
        #expect(ProxyChoice.url("socks5://10.0.0.2:1080").curlOption(host: "127.0.0.1") == "socks5://10.0.0.2:1080")
    }

    @Test("proxy URLs are shown without their credentials", arguments: [
        ("http://user:secret@proxy.example:3128", "http://proxy.example:3128"),
        ("http://proxy.example:3128", "http://proxy.example:3128"),
        ("socks5://a:b@10.0.0.2:1080/", "socks5://10.0.0.2:1080/"),
        ("user:secret@proxy.example:3128", "proxy.example:3128"),
        ("user:p@ss@proxy.example:3128", "proxy.example:3128"),
        ("http://user:p@ss@proxy.example:3128", "http://proxy.example:3128"),
        ("http://proxy.example:3128/path@x", "http://proxy.example:3128/path@x"),
    ])
    func redacted(url: String, shown: String) {
        #expect(ProxyChoice.redacted(url) == shown)
    }
}
