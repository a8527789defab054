import Foundation
import Testing
@testable import NubladaClients

/// What a failed credential helper said reaches the user whole (one line, no control
/// characters, no credential), and every helper run has a deadline.
@Suite("Credential helper messages and deadlines")
struct CredentialHelperTests {
    /// What `gcloud auth print-access-token` prints on stderr when no account is active.
    static let gcloudLoggedOut = """
        ERROR: (gcloud.auth.print-access-token) You do not currently have an active account selected.
        Please run:

          $ gcloud auth login

        to obtain new credentials.

        If you have already logged in with a different account, run:

          $ gcloud config set account ACCOUNT

        to select an already authenticated account to use.

        """

    @Test("gcloud logged out: the sentence that says what to do is kept") func gcloudLoggedOut() throws {
        let scratch = ScratchDirectory()
        let gcloud = scratch.write("gcloud", "#!/bin/sh\ncat >&2 <<'EOF'\n\(Self.gcloudLoggedOut)EOF\nexit 1\n")
        chmod(gcloud, 0o755)
        do {
            _ = try GcloudTokens(executable: gcloud).token()
            Issue.record("no error")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("gcloud auth print-access-token failed: ERROR: (gcloud.auth.print-access-token) You do not currently have an active account selected. Please run: $ gcloud auth login to obtain new credentials."), "\(text)")
            #expect(!text.contains("\n"))
        }
    }

    @Test("gke-gcloud-auth-plugin failing: the plugin's first sentence is in the error") func execPluginMessage() throws {
        let harness = try StandInHarness()
        let plugin = harness.scratch.write("gke-gcloud-auth-plugin", "#!/bin/sh\ncat >&2 <<'EOF'\n\(Self.gcloudLoggedOut)EOF\nexit 1\n")
        chmod(plugin, 0o755)
        let user = "    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: \(plugin), interactiveMode: Never}"
        do {
            _ = try harness.kubernetesClient(kubeconfig: harness.kubeconfig(user: user)).listNodes(labelSelector: "")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("exec plugin gke-gcloud-auth-plugin failed (exit 1): ERROR: (gcloud.auth.print-access-token) You do not currently have an active account selected. Please run: $ gcloud auth login"), "\(error)")
        }
    }

    @Test("colours and control characters go; tokens are redacted; long messages are capped") func summary() {
        #expect(HelperMessage.summary("\u{1B}[31merror:\u{1B}[0m token\u{7}\r\n  expired\n") == "error: token expired")
        #expect(HelperMessage.summary("bad token ya29.a0AfH6SMBlongtokenvalue here") == "bad token [redacted] here")
        #expect(HelperMessage.summary("refresh 1//0gLongRefreshToken failed") == "refresh [redacted] failed")
        #expect(HelperMessage.summary("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln rejected") == "jwt [redacted] rejected")
        #expect(HelperMessage.summary("key AbCdEf0123456789AbCdEf0123456789xyz leaked") == "key [redacted] leaked")
        #expect(HelperMessage.summary("see /home/user/.config/gcloud/application_default_credentials.json")
                == "see /home/user/.config/gcloud/application_default_credentials.json")
        #expect(HelperMessage.summary("  \n ] \n") == nil)
        let long = HelperMessage.summary(String(repeating: "word ", count: 200))
        #expect(long?.count == HelperMessage.limit)
        #expect(long?.hasSuffix("…") == true)
    }

    @Test("the helper deadline: 60 s, shortened (never lengthened) by a HelperTimeout") func deadline() {
        #expect(RunCommand.timeout == 60)
        #expect(HelperTimeout.longest.seconds == 60)
        #expect(HelperTimeout(2).seconds == 2)
        #expect(HelperTimeout(600).seconds == 60)
        for bad in [Double.infinity, .nan, -1, 0] {
            #expect(HelperTimeout(bad).seconds == 60)
        }
    }

    @Test("a helper past its deadline is stopped with an error naming it") func helperTimeout() throws {
        let scratch = ScratchDirectory()
        let helper = scratch.write("docker-credential-gcr", "#!/bin/sh\nsleep 600\n")
        chmod(helper, 0o755)
        do {
            _ = try RunCommand.run(helper, ["get"], timeout: 1)
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("docker-credential-gcr did not finish within 1 s and was stopped"))
        }
    }
}
