import Foundation
import Testing
import _CryptoExtras
@testable import NubladaClients
import NubladaStandIn
import NubladaTestSupport

@Suite("Google Application Default Credentials against the stand-in", .serialized)
struct CredentialGoogleTests {
    @Test("service-account key (PKCS#8) from GOOGLE_APPLICATION_CREDENTIALS: signed JWT, verified and exchanged")
    func serviceAccountPKCS8() throws {
        let harness = try StandInHarness()
        let keyFile = harness.scratch.write("sa.json", harness.server.serviceAccountKeyJSON())
        let (client, tokens) = try harness.registry(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile])
        #expect(tokens is ServiceAccountTokens)
        #expect(tokens.sourceDescription.contains(harness.server.authSettings.clientEmail))
        #expect(tokens.sourceDescription.contains(keyFile))
        #expect(try client.listEntries(harness.source).count == harness.dataset.entries.count)
        #expect(harness.server.jwtGrantCount == 1)
        #expect(harness.server.rejectedGrantCount == 0)
        // Cached: a second listing does not ask for another token.
        _ = try client.listEntries(harness.source)
        #expect(harness.server.jwtGrantCount == 1)
        #expect(harness.server.lastQuotaProject == nil)
    }

    @Test("service-account key (PKCS#1) with quota_project_id sends x-goog-user-project") func serviceAccountPKCS1() throws {
        let harness = try StandInHarness()
        let json = harness.server.serviceAccountKeyJSON(pkcs1: true, quotaProject: "billing-project-7")
        #expect(json.contains("BEGIN RSA PRIVATE KEY"))
        let keyFile = harness.scratch.write("sa.json", json)
        let (client, tokens) = try harness.registry(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile])
        #expect(tokens.quotaProject == "billing-project-7")
        _ = try client.listEntries(harness.source)
        #expect(harness.server.jwtGrantCount == 1)
        #expect(harness.server.lastQuotaProject == "billing-project-7")
    }

    @Test("the JWT: RS256 header with kid, iss, scope, aud, iat and exp = iat + 3600") func assertionClaims() throws {
        let harness = try StandInHarness()
        let keyFile = harness.scratch.write("sa.json", harness.server.serviceAccountKeyJSON())
        let tokens = try #require(try GoogleCredentialChain.provider(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile])
            as? ServiceAccountTokens)
        let jwt = try tokens.assertion(issuedAt: 1_700_000_000)
        let parts = jwt.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        func json(_ part: String) throws -> [String: Any] {
            var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while text.count % 4 != 0 { text += "=" }
            let data = try #require(Data(base64Encoded: text))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let header = try json(parts[0]), claims = try json(parts[1])
        #expect(header["alg"] as? String == "RS256")
        #expect(header["kid"] as? String == harness.server.authSettings.keyID)
        #expect(claims["iss"] as? String == harness.server.authSettings.clientEmail)
        #expect(claims["scope"] as? String == "https://www.googleapis.com/auth/cloud-platform.read-only")
        #expect(claims["aud"] as? String == harness.server.tokenURL)
        #expect(claims["iat"] as? Int == 1_700_000_000)
        #expect(claims["exp"] as? Int == 1_700_003_600)
        #expect(!jwt.contains("="))
    }

    @Test("a key the stand-in does not know fails its signature check, without leaking the key") func wrongKey() throws {
        let harness = try StandInHarness()
        let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let keyFile = harness.scratch.write("sa.json", harness.server.serviceAccountKeyJSON(key: otherKey))
        let (client, _) = try harness.registry(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile])
        do {
            _ = try client.listEntries(harness.source)
            Issue.record("no error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("service account \(harness.server.authSettings.clientEmail)"))
            #expect(text.contains("HTTP 400 invalid_grant: Invalid JWT Signature."))
            #expect(text.contains("gcloud iam service-accounts keys list"))
            for line in pemBodyLines(otherKey.pkcs8PEMRepresentation) { #expect(!text.contains(line)) }
        }
        #expect(harness.server.lastGrantRejection == "Invalid JWT Signature.")
        #expect(harness.server.jwtGrantCount == 0)
        // The registry was never asked with a token the chain did not have.
        #expect(harness.server.registryRequestCount == 0)
    }

    @Test("authorized_user from gcloud's ADC file under CLOUDSDK_CONFIG: refresh-token grant, quota project")
    func authorizedUserCloudSDKConfig() throws {
        let harness = try StandInHarness()
        let config = "\(harness.scratch.path)/gcloud-config"
        harness.scratch.write("gcloud-config/application_default_credentials.json",
                              harness.server.authorizedUserJSON(tokenURI: harness.server.tokenURL, quotaProject: "quota-9"))
        let (client, tokens) = try harness.registry(environment: ["CLOUDSDK_CONFIG": config, "HOME": "/nonexistent"])
        #expect(tokens is AuthorizedUserTokens)
        #expect(tokens.sourceDescription.contains("\(config)/application_default_credentials.json"))
        _ = try client.listEntries(harness.source)
        #expect(harness.server.refreshGrantCount == 1)
        #expect(harness.server.lastQuotaProject == "quota-9")
    }

    @Test("authorized_user from ~/.config/gcloud when CLOUDSDK_CONFIG is unset") func authorizedUserHome() throws {
        let harness = try StandInHarness()
        let home = "\(harness.scratch.path)/home"
        harness.scratch.write("home/.config/gcloud/application_default_credentials.json",
                              harness.server.authorizedUserJSON(tokenURI: harness.server.tokenURL))
        let (client, tokens) = try harness.registry(environment: ["HOME": home])
        #expect(tokens is AuthorizedUserTokens)
        #expect(tokens.quotaProject == nil)
        _ = try client.listEntries(harness.source)
        #expect(harness.server.refreshGrantCount == 1)
    }

    @Test("authorized_user without token_uri uses Google's endpoint") func defaultTokenURI() throws {
        let scratch = ScratchDirectory()
        let file = scratch.write("adc.json", #"{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"}"#)
        let tokens = try #require(try GoogleCredentialChain.provider(environment: ["GOOGLE_APPLICATION_CREDENTIALS": file])
            as? AuthorizedUserTokens)
        #expect(tokens.tokenURI == "https://oauth2.googleapis.com/token")
    }

    @Test("a revoked refresh token: the error says to log in again and shows no secret") func revokedRefreshToken() throws {
        let harness = try StandInHarness()
        let planted = "1//planted-refresh-token-0b7d"
        let file = harness.scratch.write("adc.json", harness.server.authorizedUserJSON(tokenURI: harness.server.tokenURL,
                                                                                         refreshToken: planted))
        let (client, _) = try harness.registry(environment: ["GOOGLE_APPLICATION_CREDENTIALS": file])
        do {
            _ = try client.listEntries(harness.source)
            Issue.record("no error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("invalid_grant"))
            #expect(text.contains("gcloud auth application-default login"))
            #expect(!text.contains(planted))
            #expect(!text.contains(harness.server.authSettings.clientSecret))
        }
        #expect(harness.server.lastGrantRejection == "Token has been expired or revoked.")
    }

    @Test("any other ADC type is named as unsupported") func unsupportedType() throws {
        let scratch = ScratchDirectory()
        let file = scratch.write("wif.json", #"{"type":"external_account","audience":"//iam.googleapis.com/x"}"#)
        do {
            _ = try GoogleCredentialChain.provider(environment: ["GOOGLE_APPLICATION_CREDENTIALS": file])
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("ADC file \(file) (GOOGLE_APPLICATION_CREDENTIALS): type external_account is not supported"))
        }
    }

    @Test("GOOGLE_APPLICATION_CREDENTIALS naming a missing file is an error, not a fall-through") func missingFile() throws {
        do {
            _ = try GoogleCredentialChain.provider(environment: ["GOOGLE_APPLICATION_CREDENTIALS": "/nonexistent/key.json"])
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("ADC file /nonexistent/key.json (GOOGLE_APPLICATION_CREDENTIALS): no such file"))
            #expect("\(error)".contains("gcloud auth application-default login"))
        }
        let scratch = ScratchDirectory()
        let broken = scratch.write("k.json", "{ not json")
        #expect(throws: CredentialError.self) {
            try GoogleCredentialChain.provider(environment: ["GOOGLE_APPLICATION_CREDENTIALS": broken])
        }
        let noKey = scratch.write("n.json", #"{"type":"service_account","client_email":"a@b"}"#)
        do {
            _ = try GoogleCredentialChain.provider(environment: ["GOOGLE_APPLICATION_CREDENTIALS": noKey])
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("lacks private_key"))
        }
    }

    @Test("a token_uri over plain http to another host is refused before any secret is sent") func plainHTTPTokenURI() throws {
        let harness = try StandInHarness()
        let file = harness.scratch.write("adc.json", harness.server.authorizedUserJSON(tokenURI: "http://oauth.example.org/token"))
        do {
            _ = try GoogleCredentialChain.provider(environment: ["GOOGLE_APPLICATION_CREDENTIALS": file])
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("token_uri http://oauth.example.org/token is plain http"))
        }
    }

    @Test("the order: access token, then the ADC file, then the metadata server") func order() throws {
        let harness = try StandInHarness()
        let keyFile = harness.scratch.write("sa.json", harness.server.serviceAccountKeyJSON())
        let metadata = harness.server.metadataHost
        let all = ["GOOGLE_OAUTH_ACCESS_TOKEN": "ready", "GOOGLE_APPLICATION_CREDENTIALS": keyFile, "GCE_METADATA_HOST": metadata]
        #expect(try GoogleCredentialChain.provider(environment: all) is StaticAccessToken)
        var rest = all
        rest["GOOGLE_OAUTH_ACCESS_TOKEN"] = nil
        #expect(try GoogleCredentialChain.provider(environment: rest) is ServiceAccountTokens)
        rest["GOOGLE_APPLICATION_CREDENTIALS"] = nil
        rest["HOME"] = "/nonexistent"
        #expect(try GoogleCredentialChain.provider(environment: rest) is MetadataServerTokens)
        let none = ["HOME": "/nonexistent", "PATH": "/nonexistent", "GCE_METADATA_HOST": metadata]
        harness.server.authSettings.metadataServer = false
        do {
            _ = try GoogleCredentialChain.provider(environment: none)
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS"))
        }
    }

    @Test("the metadata server (GCE_METADATA_HOST pointing at the stand-in)") func metadataServer() throws {
        let harness = try StandInHarness()
        let (client, tokens) = try harness.registry(environment: ["GCE_METADATA_HOST": harness.server.metadataHost,
                                                                  "HOME": "/nonexistent"])
        #expect(tokens.sourceDescription == "metadata server \(harness.server.metadataHost)")
        #expect(try client.listEntries(harness.source).count == harness.dataset.entries.count)
        #expect(harness.server.metadataTokenCount == 1)
    }

    @Test("after a 401 the token is fetched again and the request succeeds") func refreshAfter401() throws {
        let harness = try StandInHarness()
        let keyFile = harness.scratch.write("sa.json", harness.server.serviceAccountKeyJSON())
        let (client, _) = try harness.registry(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile])
        _ = try client.listEntries(harness.source)
        #expect(harness.server.jwtGrantCount == 1)
        harness.server.revokeIssuedTokens()
        #expect(try client.listEntries(harness.source).count == harness.dataset.entries.count)
        #expect(harness.server.jwtGrantCount == 2)
    }

    @Test("tokens are refreshed 5 minutes before they expire, not later") func refreshBeforeExpiry() throws {
        let harness = try StandInHarness()
        let file = harness.scratch.write("adc.json", harness.server.authorizedUserJSON(tokenURI: harness.server.tokenURL))
        let clock = TestClock()
        let (client, tokens) = try harness.registry(environment: ["GOOGLE_APPLICATION_CREDENTIALS": file], now: clock.now)
        let first = try tokens.token()
        clock.advance(3600 - 300 - 5)
        #expect(try tokens.token() == first)
        #expect(harness.server.refreshGrantCount == 1)
        clock.advance(10)
        let second = try tokens.token()
        #expect(second != first)
        #expect(harness.server.refreshGrantCount == 2)
        _ = try client.listEntries(harness.source)
        #expect(harness.server.refreshGrantCount == 2)
    }

    @Test("a service-account token near expiry is replaced with a new signed assertion") func serviceAccountExpiry() throws {
        let harness = try StandInHarness()
        let keyFile = harness.scratch.write("sa.json", harness.server.serviceAccountKeyJSON())
        // The first assertion is signed 3,400 s in the past (still valid for the stand-in), then
        // the clock catches up with the present: the token has under 5 minutes left.
        let clock = TestClock(offset: -3400)
        let (client, _) = try harness.registry(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile], now: clock.now)
        _ = try client.listEntries(harness.source)
        _ = try client.listEntries(harness.source)
        #expect(harness.server.jwtGrantCount == 1)
        clock.advance(3400)
        _ = try client.listEntries(harness.source)
        #expect(harness.server.jwtGrantCount == 2)
        #expect(harness.server.rejectedGrantCount == 0)
    }

    @Test("an issued token past its lifetime is refused by the stand-in, and the client recovers") func expiredAtServer() throws {
        let harness = try StandInHarness()
        harness.server.authSettings.tokenLifetime = 0
        let file = harness.scratch.write("adc.json", harness.server.authorizedUserJSON(tokenURI: harness.server.tokenURL))
        let (client, tokens) = try harness.registry(environment: ["GOOGLE_APPLICATION_CREDENTIALS": file])
        // A token that lives 0 s is never served from cache.
        _ = try tokens.token()
        _ = try tokens.token()
        #expect(harness.server.refreshGrantCount == 2)
        do {
            _ = try client.listEntries(harness.source)
            Issue.record("a token that expired on arrival was accepted")
        } catch {
            #expect("\(error)".contains("(401)"))
        }
        harness.server.authSettings.tokenLifetime = 3600
        #expect(try client.listEntries(harness.source).count == harness.dataset.entries.count)
    }
}
