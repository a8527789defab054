import Crypto
import Foundation
import SwiftASN1
import NubladaStandIn
import X509

/// A throwaway certificate authority made in memory (P-256), for the stand-in's HTTPS
/// listener and for client certificates.
public struct StandInCertificateAuthority: Sendable {
    private let key: P256.Signing.PrivateKey
    private let certificate: Certificate
    /// The CA certificate, PEM.
    public let certificatePEM: String

    /// A new CA valid from an hour ago for 30 days.
    public init(commonName: String) throws {
        do {
            let key = P256.Signing.PrivateKey()
            let publicKey = Certificate.PublicKey(key.publicKey)
            let name = try DistinguishedName {
                OrganizationName("nubladash stand-in")
                CommonName(commonName)
            }
            let now = Date()
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
                notValidBefore: now - 3600, notValidAfter: now + 30 * 86_400, issuer: name, subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: publicKey)
                },
                issuerPrivateKey: Certificate.PrivateKey(key))
            self.key = key
            self.certificate = certificate
            self.certificatePEM = try certificate.serializeAsPEM().pemString
        } catch let error as StandInError {
            throw error
        } catch {
            throw StandInError.certificate("\(error)")
        }
    }

    /// A certificate signed by this CA and its private key, both PEM (the key as PKCS#8).
    /// - Parameters:
    ///   - dnsNames, ipAddresses: subject alternative names (IPv4 addresses as 4 bytes).
    ///   - server, client: the extended key usages to grant.
    public func issue(commonName: String, dnsNames: [String] = [], ipAddresses: [[UInt8]] = [],
                      server: Bool = false, client: Bool = false, organization: String? = nil) throws
        -> (certificatePEM: String, privateKeyPEM: String)
    {
        do {
            let leafKey = P256.Signing.PrivateKey()
            let publicKey = Certificate.PublicKey(leafKey.publicKey)
            let subject = try DistinguishedName {
                if let organization { OrganizationName(organization) }
                CommonName(commonName)
            }
            var usages: [ExtendedKeyUsage.Usage] = []
            if server { usages.append(.serverAuth) }
            if client { usages.append(.clientAuth) }
            var alternativeNames: [GeneralName] = dnsNames.map { .dnsName($0) }
            alternativeNames += ipAddresses.map { .ipAddress(ASN1OctetString(contentBytes: $0[...])) }
            let authorityKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            let now = Date()
            let leaf = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
                notValidBefore: now - 3600, notValidAfter: now + 30 * 86_400, issuer: certificate.subject,
                subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage(usages)
                    SubjectKeyIdentifier(hash: publicKey)
                    AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
                    if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
                },
                issuerPrivateKey: Certificate.PrivateKey(key))
            return (try leaf.serializeAsPEM().pemString, leafKey.pemRepresentation)
        } catch {
            throw StandInError.certificate("\(error)")
        }
    }
}
