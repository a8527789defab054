import Foundation
import Testing
@testable import NubladaStandIn
import NubladaTestSupport

@Suite("Kubernetes TLS")
struct TLSTests {
    @Test("the certificate verifies against the stand-in CA for 127.0.0.1 and localhost")
    func verifiedHandshake() async throws {
        let standIn = try RunningStandIn()
        #expect(standIn.server.kubernetesURL.hasPrefix("https://127.0.0.1:"))
        #expect(standIn.server.caCertificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        let byIP = try await standIn.kube("/version")
        #expect(byIP.exitCode == 0)
        #expect(byIP.status == 200)

        let port = standIn.server.kubernetesURL.split(separator: ":").last.map(String.init) ?? ""
        let byName = try await Curl.get("https://localhost:\(port)/version", caFile: standIn.caFile)
        #expect(byName.exitCode == 0, "\(byName.stderr)")
        #expect(byName.status == 200)
    }

    @Test("without the CA, or with another stand-in's CA, the handshake is refused")
    func unverifiedHandshake() async throws {
        let standIn = try RunningStandIn()
        let other = StandInServer()
        let otherCA = try Curl.temporaryFile(other.caCertificatePEM)
        defer { try? FileManager.default.removeItem(at: otherCA) }

        let noCA = try await Curl.get(standIn.server.kubernetesURL + "/version")
        #expect(noCA.exitCode == 60)
        #expect(noCA.status == 0)
        let wrongCA = try await Curl.get(standIn.server.kubernetesURL + "/version", caFile: otherCA)
        #expect(wrongCA.exitCode == 60)
    }

    @Test("required client certificates: a certificate from the client CA authenticates, none fails the handshake")
    func requiredClientCertificates() async throws {
        let tls = StandInTLS(clientCertificates: .required)
        let standIn = try RunningStandIn(StandInConfiguration(kubernetesSecurity: tls))
        let issued = try tls.issueClientCertificate(commonName: "admin", organization: "system:masters")
        let certificate = try Curl.temporaryFile(issued.certPEM)
        let key = try Curl.temporaryFile(issued.keyPEM)
        defer {
            try? FileManager.default.removeItem(at: certificate)
            try? FileManager.default.removeItem(at: key)
        }
        let withCertificate = try await Curl.get(standIn.server.kubernetesURL + "/api/v1/nodes",
                                                 caFile: standIn.caFile, certificate: certificate, key: key)
        #expect(withCertificate.status == 200, "\(withCertificate.stderr)")
        #expect(withCertificate.object?["kind"] as? String == "NodeList")

        let without = try await standIn.kube("/api/v1/nodes")
        #expect(without.status == 0)
        #expect(without.exitCode != 0)

        // A certificate from the server CA is not a client certificate of this cluster.
        let foreign = try StandInCertificateAuthority(commonName: "elsewhere").issue(commonName: "admin", client: true)
        let foreignCertificate = try Curl.temporaryFile(foreign.certificatePEM)
        let foreignKey = try Curl.temporaryFile(foreign.privateKeyPEM)
        defer {
            try? FileManager.default.removeItem(at: foreignCertificate)
            try? FileManager.default.removeItem(at: foreignKey)
        }
        let rejected = try await Curl.get(standIn.server.kubernetesURL + "/api/v1/nodes", caFile: standIn.caFile,
                                          certificate: foreignCertificate, key: foreignKey)
        #expect(rejected.status == 0)
    }

    @Test("optional client certificates: certificate or token authenticates, neither is 401")
    func optionalClientCertificates() async throws {
        let tls = StandInTLS(clientCertificates: .optional)
        let standIn = try RunningStandIn(StandInConfiguration(kubernetesSecurity: tls))
        standIn.server.setNodes(Samples.nodes(2))
        let issued = try tls.issueClientCertificate(commonName: "admin")
        let certificate = try Curl.temporaryFile(issued.certPEM)
        let key = try Curl.temporaryFile(issued.keyPEM)
        defer {
            try? FileManager.default.removeItem(at: certificate)
            try? FileManager.default.removeItem(at: key)
        }
        let byCertificate = try await Curl.get(standIn.server.kubernetesURL + "/api/v1/nodes",
                                               caFile: standIn.caFile, certificate: certificate, key: key)
        #expect(byCertificate.status == 200, "\(byCertificate.stderr)")
        #expect(byCertificate.itemNames.count == 2)
        #expect(try await standIn.kube("/api/v1/nodes").status == 200)
        #expect(try await standIn.kube("/api/v1/nodes", token: .some(nil)).status == 401)
    }

    @Test("without TLS the Kubernetes listener is plain HTTP")
    func plainKubernetes() async throws {
        let standIn = try RunningStandIn(StandInConfiguration())
        #expect(standIn.server.kubernetesURL.hasPrefix("http://127.0.0.1:"))
        #expect(standIn.server.caCertificatePEM.isEmpty)
        #expect(try await standIn.kube("/api/v1/nodes").status == 200)
    }
}
