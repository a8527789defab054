/// The one home of nubladash's version: whatever reports it (`nubladash --version`, the
/// metrics' `nubladash_build_info{version}`, the Debian package's name) reads it here.
public enum NubladashVersion {
    public static let current = "0.1.0"

    /// The Swift compiler that built the binary, decided at compile time (the binary carries
    /// no toolchain to ask at run time).
    public static var swift: String {
        #if compiler(>=6.4)
        return "6.4 or later"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }
}
