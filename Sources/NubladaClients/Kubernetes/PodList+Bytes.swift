import Foundation

// The fast path of PodList pages and pod watch events: only the members `PodListPage.Pod`
// keeps are read, everything else (volumes, env, probes, managedFields…) is skipped in place.

extension PodListPage.Pod: KubernetesObjectBytes {}

extension PodListPage.Pod.ObjectMeta: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var name: String?, namespace: String?, labels: [String: String]?, resourceVersion: String?
        var creationTimestamp: String?, ownerReferences: [PodListPage.Pod.OwnerReference]?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "name" {
                try reader.once(&seen, 0)
                name = try reader.string()
            } else if key == "namespace" {
                try reader.once(&seen, 1)
                namespace = try reader.optional(String.self)
            } else if key == "labels" {
                try reader.once(&seen, 2)
                labels = try reader.optional([String: String].self)
            } else if key == "resourceVersion" {
                try reader.once(&seen, 3)
                resourceVersion = try reader.optional(String.self)
            } else if key == "creationTimestamp" {
                try reader.once(&seen, 4)
                creationTimestamp = try reader.optional(String.self)
            } else if key == "ownerReferences" {
                try reader.once(&seen, 5)
                ownerReferences = try reader.optional([PodListPage.Pod.OwnerReference].self)
            } else {
                return false
            }
            return true
        }
        guard let name else { throw Decline() }
        return Self(name: name, namespace: namespace, labels: labels, resourceVersion: resourceVersion,
                    creationTimestamp: creationTimestamp, ownerReferences: ownerReferences)
    }
}

extension PodListPage.Pod.OwnerReference: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var owner = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "kind" {
                try reader.once(&seen, 0)
                owner.kind = try reader.optional(String.self)
            } else if key == "name" {
                try reader.once(&seen, 1)
                owner.name = try reader.optional(String.self)
            } else {
                return false
            }
            return true
        }
        return owner
    }
}

extension PodListPage.Pod.Spec: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var spec = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "nodeName" {
                try reader.once(&seen, 0)
                spec.nodeName = try reader.optional(String.self)
            } else if key == "containers" {
                try reader.once(&seen, 1)
                spec.containers = try reader.optional([PodListPage.Pod.Container].self)
            } else {
                return false
            }
            return true
        }
        return spec
    }
}

extension PodListPage.Pod.Container: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var name: String?, image: String?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "name" {
                try reader.once(&seen, 0)
                name = try reader.string()
            } else if key == "image" {
                try reader.once(&seen, 1)
                image = try reader.optional(String.self)
            } else {
                return false
            }
            return true
        }
        guard let name else { throw Decline() }
        return Self(name: name, image: image)
    }
}

extension PodListPage.Pod.Status: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var status = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "phase" {
                try reader.once(&seen, 0)
                status.phase = try reader.optional(String.self)
            } else if key == "containerStatuses" {
                try reader.once(&seen, 1)
                status.containerStatuses = try reader.optional([PodListPage.Pod.ContainerStatus].self)
            } else {
                return false
            }
            return true
        }
        return status
    }
}

extension PodListPage.Pod.ContainerStatus: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var name: String?, state: State?
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "name" {
                try reader.once(&seen, 0)
                name = try reader.string()
            } else if key == "state" {
                try reader.once(&seen, 1)
                state = try reader.optional(State.self)
            } else {
                return false
            }
            return true
        }
        guard let name else { throw Decline() }
        return Self(name: name, state: state)
    }
}

extension PodListPage.Pod.ContainerStatus.State: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var state = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            guard key == "waiting" else { return false }
            try reader.once(&seen, 0)
            state.waiting = try reader.optional(Waiting.self)
            return true
        }
        return state
    }
}

extension PodListPage.Pod.ContainerStatus.State.Waiting: ByteDecodable {
    static func decode(from reader: inout JSONByteReader) throws(Decline) -> Self {
        var waiting = Self()
        var seen: UInt32 = 0
        try reader.members { (reader: inout JSONByteReader, key: JSONKey) throws(Decline) -> Bool in
            if key == "reason" {
                try reader.once(&seen, 0)
                waiting.reason = try reader.optional(String.self)
            } else if key == "message" {
                try reader.once(&seen, 1)
                waiting.message = try reader.optional(String.self)
            } else {
                return false
            }
            return true
        }
        return waiting
    }
}
