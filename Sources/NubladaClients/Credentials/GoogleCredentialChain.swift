import Foundation

/// Finds Google credentials the way Google's client libraries do (Application Default
/// Credentials), in order:
///
/// 1. `GOOGLE_OAUTH_ACCESS_TOKEN`: a ready access token;
/// 2. the file `GOOGLE_APPLICATION_CREDENTIALS` names (an error when it does not exist);
/// 3. gcloud's ADC file, `$CLOUDSDK_CONFIG/application_default_credentials.json`, else
///    `~/.config/gcloud/application_default_credentials.json`, when it exists;
///    (files 2 and 3 are a `service_account` key or `authorized_user` refresh token);
/// 4. the GCE/GKE metadata server (`GCE_METADATA_HOST` overrides its address);
/// 5. `gcloud auth print-access-token`.
public enum GoogleCredentialChain {
    public static func provider(environment: [String: String] = ProcessInfo.processInfo.environment,
                                http: CurlHTTPClient = CurlHTTPClient(),
                                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws
        -> any AccessTokenProvider
    {
        if let token = environment["GOOGLE_OAUTH_ACCESS_TOKEN"], !token.isEmpty {
            return StaticAccessToken(token, source: "GOOGLE_OAUTH_ACCESS_TOKEN")
        }
        if let path = environment["GOOGLE_APPLICATION_CREDENTIALS"], !path.isEmpty {
            return try GoogleADCFile.load(path: path, foundBy: "GOOGLE_APPLICATION_CREDENTIALS").provider(http: http, now: now)
        }
        let wellKnown = gcloudADCPath(environment: environment)
        if FileManager.default.fileExists(atPath: wellKnown) {
            return try GoogleADCFile.load(path: wellKnown, foundBy: "gcloud application-default login")
                .provider(http: http, now: now)
        }
        let metadata = MetadataServerTokens(environment: environment, http: http, now: now)
        if metadata.isAvailable() { return metadata }
        if let gcloud = GcloudTokens.find(environment: environment) { return GcloudTokens(executable: gcloud) }
        throw CredentialError(
            "no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, run 'gcloud auth application-default login', run on GCE/GKE, or set GOOGLE_OAUTH_ACCESS_TOKEN (looked for \(wellKnown) and the metadata server, and found no gcloud on the PATH)")
    }

    /// gcloud's ADC file: under `CLOUDSDK_CONFIG`, else `~/.config/gcloud`.
    public static func gcloudADCPath(environment: [String: String]) -> String {
        if let config = environment["CLOUDSDK_CONFIG"], !config.isEmpty {
            return "\(config)/application_default_credentials.json"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.config/gcloud/application_default_credentials.json"
    }
}
