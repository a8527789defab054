import Foundation
import NubladaProcess
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import NubladaStandIn
import NubladaWork
import NubladaTestSupport

@Suite("Server lifecycle")
struct LifecycleTests {
    @Test("start binds two ports, stop closes them, and the server starts again")
    func startStop() async throws {
        let server = StandInServer(StandInConfiguration())
        #expect(!server.isRunning)
        try server.start()
        #expect(server.isRunning)
        let registryURL = server.registryURL
        let kubernetesURL = server.kubernetesURL
        #expect(registryURL != kubernetesURL)
        #expect(!registryURL.hasSuffix(":0"))
        #expect(try await Curl.get(registryURL + "/stats").status == 200)
        #expect(try await Curl.get(kubernetesURL + "/stats").status == 200)

        server.stop()
        #expect(!server.isRunning)
        let refused = try await Curl.get(registryURL + "/stats")
        #expect(refused.exitCode == 7)
        #expect(try await Curl.get(kubernetesURL + "/stats").exitCode == 7)

        try server.start()
        #expect(try await Curl.get(server.registryURL + "/stats").status == 200)
        server.stop()
        server.stop()
    }

    @Test("stop returns promptly with an idle connection and a stalled request open")
    func stopWithOpenConnections() async throws {
        let server = StandInServer(StandInConfiguration())
        try server.start()
        let port = Int(server.registryURL.split(separator: ":").last ?? "") ?? 0
        let idle = try IdleConnection(port: port)
        server.delay = 30
        let url = server.registryURL + "/v1/projects/p/locations/l/repositories/r/dockerImages"
        let stalled = Task { try await Curl.get(url, token: "registry-token") }
        try await Task.sleep(nanoseconds: 500_000_000)
        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 10)
        let result = try await stalled.value
        #expect(result.status != 200)
        idle.close()
    }

    @Test("stop while clients keep connecting ends cleanly, every round")
    func stopUnderConnectionStorm() async throws {
        // Cancelling the server with an accepted connection not yet served trapped in NIO
        // ("Deinited NIOAsyncWriter without calling finish()"), crashing the process.
        // Twenty seconds of blocking waits: on a thread of its own, not on the test pool.
        let rounds = try await Executor.blocking.run {
            try (0..<25).map { _ in
                let server = StandInServer(StandInConfiguration())
                try server.start()
                let ports = [server.registryURL, server.kubernetesURL].compactMap { Int($0.split(separator: ":").last ?? "") }
                let storm = ConnectionStorm(ports: ports)
                Thread.sleep(forTimeInterval: 0.02)
                server.stop()
                return (opened: storm.end(), running: server.isRunning)
            }
        }
        for round in rounds {
            #expect(round.opened > 0)
            #expect(!round.running)
        }
    }

    @Test("dropping the last reference ends the listeners")
    func dropReference() async throws {
        var server: StandInServer? = StandInServer(StandInConfiguration())
        try server?.start()
        let url = (server?.registryURL ?? "") + "/stats"
        #expect(try await Curl.get(url).status == 200)
        server = nil
        var exitCode: Int32 = 0
        for _ in 0..<50 where exitCode != 7 {
            exitCode = try await Curl.get(url).exitCode
            if exitCode != 7 { try await Task.sleep(nanoseconds: 200_000_000) }
        }
        #expect(exitCode == 7)
    }

    @Test("start faults are in force from the first request")
    func startFaults() async throws {
        let standIn = try RunningStandIn(StandInConfiguration(),
                                         faults: StandInFaults(registryFailures: 1, unauthorized: false))
        standIn.server.setRegistry(entries: Samples.entries(1), source: Samples.source)
        #expect(try await standIn.registry(Samples.listPath).status == 503)
        #expect(try await standIn.registry(Samples.listPath).status == 200)
    }
}

/// A TCP connection that sends nothing.
final class IdleConnection: @unchecked Sendable {
    private var descriptor: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if connected != 0 { throw StandInError.startFailed("connect failed: \(errno)") }
    }

    func close() {
        if descriptor >= 0 {
            #if canImport(Glibc)
            _ = Glibc.close(descriptor)
            #else
            _ = Darwin.close(descriptor)
            #endif
            descriptor = -1
        }
    }

    deinit { close() }
}

/// Opens connections to some ports as fast as it can, on a thread of its own, until ended.
final class ConnectionStorm: @unchecked Sendable {
    private let stopped = NSCondition()
    private var ending = false
    private var done = false
    private var opened = 0

    init(ports: [Int]) {
        Thread.detachNewThread { [self] in
            var open: [IdleConnection] = []
            while !isEnding {
                for port in ports {
                    if let connection = try? IdleConnection(port: port) {
                        open.append(connection)
                        stopped.lock(); opened += 1; stopped.unlock()
                    }
                }
                if open.count > 64 { open.removeFirst().close() }
            }
            open.forEach { $0.close() }
            stopped.lock(); done = true; stopped.broadcast(); stopped.unlock()
        }
    }

    private var isEnding: Bool {
        stopped.lock(); defer { stopped.unlock() }
        return ending
    }

    /// Stops the storm and returns how many connections it opened.
    func end() -> Int {
        stopped.lock(); defer { stopped.unlock() }
        ending = true
        while !done { stopped.wait() }
        return opened
    }
}
