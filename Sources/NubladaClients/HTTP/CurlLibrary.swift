import CCurl

/// The libcurl the process loaded, as it reports itself at run time (not the headers built
/// against): what `nubladash --version` says.
public enum CurlLibrary {
    public static var version: String {
        guard let info = curl_version_info(CURLVERSION_ELEVENTH), let version = info.pointee.version else {
            return "unknown"
        }
        var text = String(cString: version)
        if let ssl = info.pointee.ssl_version { text += " (\(String(cString: ssl)))" }
        return text
    }
}
