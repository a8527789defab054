import ArgumentParser

/// `--controller-namespace NAME`: where the Nublado controller runs, so where its prepull pods
/// are. Read while the command line is parsed, so a name Kubernetes could never have is a
/// usage error (exit 64) before anything else happens.
enum ControllerNamespaceArgument {
    /// A namespace name is an RFC 1123 label: at most 63 lowercase letters, digits and `-`,
    /// starting and ending with a letter or digit.
    static func parse(_ text: String) throws -> String {
        let bytes = Array(text.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte) }
        guard (1...63).contains(bytes.count), bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
              isAlphanumeric(bytes[0]), isAlphanumeric(bytes[bytes.count - 1]) else {
            throw ValidationError("expected a Kubernetes namespace name (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)")
        }
        return text
    }
}
