import Foundation

/// Finds Google credentials the way Google's libraries do, in order:
/// `GOOGLE_OAUTH_ACCESS_TOKEN`, the GCE/GKE metadata server, then `gcloud`.
public enum GoogleCredentialChain {
    public static func provider(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> any AccessTokenProvider
    {
        if let token = environment["GOOGLE_OAUTH_ACCESS_TOKEN"], !token.isEmpty {
            return StaticAccessToken(token, source: "GOOGLE_OAUTH_ACCESS_TOKEN")
        }
        let metadata = MetadataServerTokens(environment: environment)
        if metadata.isAvailable() { return metadata }
        if let gcloud = GcloudTokens.find(environment: environment) { return GcloudTokens(executable: gcloud) }
        throw CredentialError(
            "no Google credentials: set GOOGLE_OAUTH_ACCESS_TOKEN, run on GCE/GKE, or install gcloud and run 'gcloud auth login'")
    }
}
