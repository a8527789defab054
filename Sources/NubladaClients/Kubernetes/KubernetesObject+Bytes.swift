/// A Kubernetes object as the fast path reads it: its `metadata` (required), `spec` and
/// `status`, each member at most once; every other member is skipped. Nodes and pods.
protocol KubernetesObjectBytes: ByteDecodable {
    associatedtype Metadata: ByteDecodable
    associatedtype Spec: ByteDecodable
    associatedtype Status: ByteDecodable
    init(metadata: Metadata, spec: Spec?, status: Status?)
}

extension KubernetesObjectBytes {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var metadata: Metadata?, spec: Spec?, status: Status?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "metadata" {
                try reader.once(&seen, 0)
                metadata = try Metadata.decode(from: &reader)
            } else if key == "spec" {
                try reader.once(&seen, 1)
                spec = try reader.optional(Spec.self)
            } else if key == "status" {
                try reader.once(&seen, 2)
                status = try reader.optional(Status.self)
            } else {
                return false
            }
            return true
        }
        guard let metadata else { throw Decline() }
        return Self(metadata: metadata, spec: spec, status: status)
    }
}
