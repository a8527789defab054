import Foundation
import NubladaEngine

// The fast path of NodeList pages and node watch events: only the members `NodeListPage.Node`
// keeps are read, everything else is skipped in place.

extension KubernetesListPage where Item: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var metadata: ListMetadata?, items: [Item]?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "metadata" {
                try reader.once(&seen, 0)
                metadata = try reader.optional(ListMetadata.self)
            } else if key == "items" {
                try reader.once(&seen, 1)
                items = try reader.optional([Item].self)
            } else {
                return false
            }
            return true
        }
        return Self(metadata: metadata, items: items)
    }
}

extension ListMetadata: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> ListMetadata {
        var metadata = ListMetadata()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "continue" {
                try reader.once(&seen, 0)
                metadata.continue = try reader.optional(String.self)
            } else if key == "resourceVersion" {
                try reader.once(&seen, 1)
                metadata.resourceVersion = try reader.optional(String.self)
            } else {
                return false
            }
            return true
        }
        return metadata
    }
}

extension NodeListPage.Node: KubernetesObjectBytes {}

extension NodeListPage.Node.ObjectMeta: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var name: String?, labels: [String: String]?, resourceVersion: String?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "name" {
                try reader.once(&seen, 0)
                name = try reader.string()
            } else if key == "labels" {
                try reader.once(&seen, 1)
                labels = try reader.optional([String: String].self)
            } else if key == "resourceVersion" {
                try reader.once(&seen, 2)
                resourceVersion = try reader.optional(String.self)
            } else {
                return false
            }
            return true
        }
        guard let name else { throw Decline() }
        return Self(name: name, labels: labels, resourceVersion: resourceVersion)
    }
}

extension NodeListPage.Node.Spec: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var spec = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "taints" {
                try reader.once(&seen, 0)
                spec.taints = try reader.optional([NodeListPage.Node.TaintEntry].self)
            } else if key == "unschedulable" {
                try reader.once(&seen, 1)
                spec.unschedulable = try reader.optional(Bool.self)
            } else {
                return false
            }
            return true
        }
        return spec
    }
}

extension NodeListPage.Node.TaintEntry: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var key: String?, value: String?, effect: String?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, name: JSONKey) throws(Decline) -> Bool in
            if name == "key" {
                try reader.once(&seen, 0)
                key = try reader.string()
            } else if name == "value" {
                try reader.once(&seen, 1)
                value = try reader.optional(String.self)
            } else if name == "effect" {
                try reader.once(&seen, 2)
                effect = try reader.string()
            } else {
                return false
            }
            return true
        }
        guard let key, let effect else { throw Decline() }
        return Self(key: key, value: value, effect: effect)
    }
}

extension NodeListPage.Node.Status: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var status = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            guard key == "images" else { return false }
            try reader.once(&seen, 0)
            guard try !reader.takeNull() else { return true }
            // The same image, named alike, is on hundreds of the page's nodes: read once.
            var images: [NodeImage] = []
            try reader.beginArray()
            var first = true
            while try reader.nextElement(&first) {
                images.append(try reader.repeated(in: reader.interner.nodeImages, prefix: #"{"names":[""#, NodeImage.decode))
            }
            status.images = images
            return true
        }
        return status
    }
}

extension NodeImage: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var names: [String]?, sizeBytes: Int?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "names" {
                try reader.once(&seen, 0)
                names = try reader.optional([String].self)
            } else if key == "sizeBytes" {
                try reader.once(&seen, 1)
                sizeBytes = try reader.optional(Int.self)
            } else {
                return false
            }
            return true
        }
        let all = names ?? []
        return NodeImage(names: all, sizeBytes: sizeBytes, digest: reader.interner.firstDigest(of: all))
    }
}
