import Foundation
import NubladaEngine
import Testing
@testable import NubladaStandIn

/// `kubectl get nodes` asks for a meta.k8s.io Table; the stand-in answers with the apiserver's
/// node columns.
@Suite("Kubernetes node Table (kubectl get nodes)")
struct NodeTableTests {
    static let tableAccept = "Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

    func table(_ standIn: RunningStandIn, _ pathAndQuery: String) async throws -> [String: Any] {
        let reply = try await Curl.get(standIn.server.kubernetesURL + pathAndQuery, token: standIn.kubeToken,
                                       caFile: standIn.caFile, extra: ["-H", Self.tableAccept])
        #expect(reply.status == 200)
        return try #require(reply.object)
    }

    static func cells(_ table: [String: Any]) -> [[String]] {
        ((table["rows"] as? [[String: Any]]) ?? []).map { (($0["cells"] as? [Any]) ?? []).map { "\($0)" } }
    }

    @Test("columns, cells and row objects as the apiserver prints nodes") func list() async throws {
        let standIn = try RunningStandIn()
        var nodes = Samples.nodes(3)
        nodes[1].unschedulable = true
        nodes[2].labels["node-role.kubernetes.io/control-plane"] = ""
        nodes[2].labels["kubernetes.io/role"] = "infra"
        standIn.server.setNodes(nodes)
        let table = try await table(standIn, "/api/v1/nodes?limit=500")
        #expect(table["kind"] as? String == "Table")
        #expect(table["apiVersion"] as? String == "meta.k8s.io/v1")
        let columns = ((table["columnDefinitions"] as? [[String: Any]]) ?? [])
        #expect(columns.map { $0["name"] as? String ?? "" } == [
            "Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version",
            "Container-Runtime",
        ])
        #expect(columns.map { $0["priority"] as? Int ?? -1 } == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        let cells = Self.cells(table)
        #expect(cells.map { $0.first ?? "" } == ["node-0", "node-1", "node-2"])
        #expect(cells.map { $0[1] } == ["Ready", "Ready,SchedulingDisabled", "Ready"])
        #expect(cells.map { $0[2] } == ["<none>", "<none>", "control-plane,infra"])
        #expect(cells[0][4] == "v1.30.5-gke.1014001")
        #expect(cells[0][5] == "10.128.0.0")
        #expect(cells[0][6] == "<none>")
        #expect(cells[0][8] == "6.1.100+")
        #expect(cells[0][9] == "containerd://1.7.22")
        // --show-labels and -L read the row's object.
        let object = try #require(((table["rows"] as? [[String: Any]])?.first)?["object"] as? [String: Any])
        #expect(object["kind"] as? String == "PartialObjectMetadata")
        #expect(((object["metadata"] as? [String: Any])?["labels"] as? [String: String])?["pool"] == "core")
    }

    @Test("pages carry the continue token; a selector and a single node work too") func pagingAndGet() async throws {
        let standIn = try RunningStandIn()
        standIn.server.setNodes(Samples.nodes(5))
        let first = try await table(standIn, "/api/v1/nodes?limit=2")
        #expect(Self.cells(first).map { $0[0] } == ["node-0", "node-1"])
        let token = try #require((first["metadata"] as? [String: Any])?["continue"] as? String)
        let next = try await table(standIn, "/api/v1/nodes?limit=2&continue=\(token)")
        #expect(Self.cells(next).map { $0[0] } == ["node-2", "node-3"])
        let selected = try await table(standIn, "/api/v1/nodes?labelSelector=pool%3Dcore")
        #expect(Self.cells(selected).map { $0[0] } == ["node-0", "node-3"])
        let one = try await table(standIn, "/api/v1/nodes/node-4")
        #expect(Self.cells(one).map { $0[0] } == ["node-4"])
        // Without the Table media type, still a NodeList.
        #expect(try await standIn.kube("/api/v1/nodes").object?["kind"] as? String == "NodeList")
    }

    @Test("Accept headers that ask for a Table") func accept() {
        #expect(NodeTable.isRequested(accept: String(Self.tableAccept.dropFirst("Accept: ".count))))
        #expect(NodeTable.isRequested(accept: "application/json;as=Table;g=meta.k8s.io;v=v1"))
        #expect(!NodeTable.isRequested(accept: "application/json"))
        #expect(!NodeTable.isRequested(accept: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"))
        #expect(!NodeTable.isRequested(accept: nil))
    }

    @Test("status without a Ready condition, or not ready") func status() {
        #expect(NodeTable.statusText(conditions: [], unschedulable: false) == "Unknown")
        #expect(NodeTable.statusText(conditions: [["type": "Ready", "status": "False"]], unschedulable: true)
                == "NotReady,SchedulingDisabled")
        #expect(NodeTable.statusText(conditions: [["type": "Ready", "status": "Unknown"]], unschedulable: false) == "NotReady")
    }

    static let ageCases: [(seconds: Double, text: String)] = [
        (-5.0, "<invalid>"), (-0.5, "0s"), (45, "45s"), (119, "119s"), (200, "3m20s"), (300, "5m"), (1500, "25m"),
        (10_799, "179m"), (18_720, "5h12m"), (7 * 3600, "7h"), (30 * 3600, "30h"), (76 * 3600, "3d4h"), (96 * 3600, "4d"),
        (692 * 86_400, "692d"), (735 * 86_400, "2y5d"), (730 * 86_400, "2y"), (9 * 365 * 86_400, "9y"),
    ]

    @Test("ages as kubectl writes them", arguments: ageCases)
    func ages(seconds: Double, text: String) {
        #expect(NodeTable.age(seconds: seconds) == text)
    }
}
