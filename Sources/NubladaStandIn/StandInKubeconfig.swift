import Foundation

extension StandInServer {
    /// A kubeconfig (YAML) for this server's Kubernetes side: its URL (or `server`) and CA (none without TLS), one
    /// user whose fields are `userLines` (`token: …`, `client-certificate-data: …`), any extra
    /// `clusterLines` (`tls-server-name: localhost`), and `contextName` as current context; the
    /// cluster and user entries are named `clusterName` and `userName` (default: `contextName`).
    /// `certificateAuthorityPEM` replaces the server's CA (to test a wrong one).
    public func kubeconfigYAML(userLines: [String], clusterLines: [String] = [], contextName: String = "standin",
                               clusterName: String? = nil, userName: String? = nil,
                               server: String? = nil, certificateAuthorityPEM: String? = nil) -> String {
        let clusterName = clusterName ?? contextName, userName = userName ?? contextName
        var lines = [
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: \(clusterName)",
            "  cluster:",
            "    server: \(server ?? kubernetesURL)",
        ]
        // A plain-HTTP listener has no CA, and an empty one would be a CA bundle a client rejects.
        let authority = certificateAuthorityPEM ?? caCertificatePEM
        if !authority.isEmpty {
            lines.append("    certificate-authority-data: \(Data(authority.utf8).base64EncodedString())")
        }
        lines += clusterLines.map { "    " + $0 }
        lines += ["users:", "- name: \(userName)"]
        lines += userLines.isEmpty ? ["  user: {}"] : ["  user:"] + userLines.map { "    " + $0 }
        lines += [
            "contexts:",
            "- name: \(contextName)",
            "  context: {cluster: \(clusterName), user: \(userName)}",
            "current-context: \(contextName)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
