#if canImport(Glibc)
import Glibc
#endif

/// A Kubernetes node taint.
public struct Taint: Hashable, Sendable, Codable {
    public var key: String
    public var value: String?
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    public var effect: String

    public init(key: String, value: String? = nil, effect: String) {
        self.key = key
        self.value = value
        self.effect = effect
    }
}

/// A pod toleration, as in the lab configuration's `tolerations`.
public struct Toleration: Hashable, Sendable, Codable {
    public enum Operator: String, Sendable, Codable { case equal = "Equal", exists = "Exists" }

    public var key: String?
    public var `operator`: Operator
    public var value: String?
    /// Empty or nil matches every effect.
    public var effect: String?
    public var tolerationSeconds: Int?

    public init(key: String? = nil, operator: Operator = .equal, value: String? = nil, effect: String? = nil,
                tolerationSeconds: Int? = nil) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }

    /// Whether this toleration lets the prepuller run on a node with `taint`.
    public func tolerates(_ taint: Taint) -> Bool {
        if let effect, !effect.isEmpty, effect != taint.effect { return false }
        if tolerationSeconds != nil && taint.effect == "NoExecute" { return false }
        switch self.operator {
        case .exists:
            guard let key, !key.isEmpty else { return true }
            return key == taint.key
        case .equal:
            return (key ?? "") == taint.key && (value ?? "") == (taint.value ?? "")
        }
    }
}

/// Whether images are prepulled to a node, and why not.
public struct NodeEligibility: Hashable, Sendable {
    public var eligible: Bool
    /// `Node is tainted (EFFECT, KEY = VALUE)` for the first taint not tolerated.
    public var comment: String?

    public static let eligible = NodeEligibility(eligible: true, comment: nil)

    public init(eligible: Bool, comment: String?) {
        self.eligible = eligible
        self.comment = comment
    }

    /// A node is eligible unless a taint other than `PreferNoSchedule` is not tolerated.
    public init(taints: [Taint], tolerations: [Toleration]) {
        for taint in taints where taint.effect != "PreferNoSchedule" {
            if tolerations.contains(where: { $0.tolerates(taint) }) { continue }
            let what = taint.value.map { "\(taint.key) = \($0)" } ?? taint.key
            self.init(eligible: false, comment: "Node is tainted (\(taint.effect), \(what))")
            return
        }
        self = .eligible
    }
}

/// One image entry of a node's `status.images`, with its digest found once (the engine looks
/// every entry of every node up by digest on each evaluation). One shared, immutable entry
/// behind a reference: the same image is listed by thousands of nodes (the decoder makes one
/// per distinct entry of a page), so a node's 50 images are 50 words, and a copy is one retain.
public struct NodeImage: Hashable, Sendable {
    private let entry: Entry

    public var names: [String] { entry.names }
    public var sizeBytes: Int? { entry.sizeBytes }
    /// The digest of the first name that parses as a reference with a digest.
    public var digest: String? { entry.digest }
    /// The same digest as bits, when it has the usual form (see `DigestBits`).
    public var digestBits: DigestBits { entry.digestBits }

    private final class Entry: Sendable {
        let names: [String]
        let sizeBytes: Int?
        let digest: String?
        let digestBits: DigestBits

        init(names: [String], sizeBytes: Int?, digest: String?) {
            self.names = names
            self.sizeBytes = sizeBytes
            self.digest = digest
            digestBits = DigestBits(digest)
        }
    }

    public init(names: [String], sizeBytes: Int?) {
        self.init(names: names, sizeBytes: sizeBytes, digest: Self.firstDigest(names))
    }

    /// An entry whose digest the caller already found with `firstDigest` (the decoder, which
    /// interns it: one string per distinct digest of a page).
    public init(names: [String], sizeBytes: Int?, digest: String?) {
        entry = Entry(names: names, sizeBytes: sizeBytes, digest: digest)
    }

    /// Equal names and size (the digest is found from the names).
    public static func == (a: NodeImage, b: NodeImage) -> Bool {
        a.entry === b.entry || (a.names == b.names && a.sizeBytes == b.sizeBytes && a.digest == b.digest)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(names)
        hasher.combine(sizeBytes)
    }

    /// The digest of the first of `names` that has one, made into a string by `make` from its
    /// UTF-8 bytes (the decoder's interner; a new string unless told).
    public static func firstDigest(_ names: [String],
                                   make: (UnsafeBufferPointer<UInt8>) -> String? = { String(decoding: $0, as: UTF8.self) })
        -> String? {
        for var name in names {
            let digest = name.withUTF8 { bytes in
                DockerReference.digestRange(in: bytes).flatMap { make(UnsafeBufferPointer(rebasing: bytes[$0])) }
            }
            if let digest { return digest }
        }
        return nil
    }

    /// The name to show: the first without a digest (`registry/repository:tag`), else the first.
    public var shownName: String {
        names.first { name in
            var name = name
            return name.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return true }
                return memchr(base, Int32(UInt8(ascii: "@")), bytes.count) == nil
            }
        } ?? names.first ?? ""
    }
}

/// What the dashboard knows of one Kubernetes node.
public struct ClusterNode: Hashable, Sendable {
    public var name: String
    public var labels: [String: String]
    public var taints: [Taint]
    public var unschedulable: Bool
    /// The node's cached images, as reported by the kubelet (largest first, at most 50 by default).
    public var images: [NodeImage]

    public init(name: String, labels: [String: String] = [:], taints: [Taint] = [], unschedulable: Bool = false,
                images: [NodeImage] = []) {
        self.name = name
        self.labels = labels
        self.taints = taints
        self.unschedulable = unschedulable
        self.images = images
    }

    /// The kubelet reports at most this many images per node by default.
    public static let kubeletImageReportLimit = 50

    /// When a node lists the kubelet's maximum, absence of an image proves nothing.
    public var imageListMayBeTruncated: Bool { images.count >= ClusterNode.kubeletImageReportLimit }
}
