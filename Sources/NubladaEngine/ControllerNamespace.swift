/// The namespace the Nublado controller runs in, where its prepull pods are: a Kubernetes
/// namespace name, checked when it is made, so one that Kubernetes could never have is refused
/// at the edge (`--controller-namespace`) instead of matching no pod.
public struct ControllerNamespace: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    /// Where Phalanx installs the controller.
    public static let nublado = ControllerNamespace(unchecked: "nublado")

    /// A namespace name is an RFC 1123 label: at most 63 lowercase letters, digits and `-`,
    /// starting and ending with a letter or digit.
    public init(_ name: String) throws(Invalid) {
        let bytes = Array(name.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte) }
        guard (1...63).contains(bytes.count), bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
              isAlphanumeric(bytes[0]), isAlphanumeric(bytes[bytes.count - 1]) else { throw Invalid() }
        self.name = name
    }

    private init(unchecked name: String) { self.name = name }

    public var description: String { name }

    /// A name that is not a namespace name.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String {
            "expected a Kubernetes namespace name (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)"
        }
    }
}
